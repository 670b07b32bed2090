// ecs-arch status: one screen for the deployed stage (read-only).
import { stackName } from '../config/paths.js';
import { readDeployedStage } from '../operate/deployed.js';
import { readStatus } from '../operate/status.js';
import { formatStatus } from '../ui/status.js';
import { withAws } from './aws.js';
import { loadFromContext } from './shared.js';
import { EXIT_FAILED, EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const { io, global } = context;
  const name = stackName(project.config.name, project.stage);
  return withAws(context, project.region, async ({ aws, target, account }) => {
    const stage = await readDeployedStage(aws, project, name);
    if (!stage) {
      io.stderr.write(`Stack ${name} does not exist in account ${account}, region ${project.region}.\n`);
      return EXIT_FAILED;
    }
    const status = await readStatus(target, stage, Date.now());
    const header = { stackName: name, status: stage.stack.status, lastUpdated: stage.stack.lastUpdated.toISOString() };
    io.stdout.write(global.json ? `${JSON.stringify({ ...header, account, region: project.region, ...status }, null, 2)}\n` : formatStatus(header, status));
    return EXIT_OK;
  });
}
