// ecs-arch info: stack status, last update and outputs.
import { stackName } from '../config/paths.js';
import { describeStack, getDeployedTemplate, stackOutputs } from '../deploy/stack.js';
import { withAws } from './aws.js';
import { loadFromContext } from './shared.js';
import { EXIT_FAILED, EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const { io, global } = context;
  const name = stackName(project.config.name, project.stage);
  return withAws(context, project.region, async ({ aws, account }) => {
    const stack = await describeStack(aws, name);
    if (!stack) {
      if (global.json) io.stdout.write(`${JSON.stringify({ stackName: name, account, region: project.region, exists: false })}\n`);
      io.stderr.write(`Stack ${name} does not exist in account ${account}, region ${project.region}.\n`);
      return EXIT_FAILED;
    }
    // Outputs about one task live in that task's nested stack once the template is split.
    const outputs = await stackOutputs(aws, stack, await getDeployedTemplate(aws, stack.id));
    if (global.json) {
      const { name: stackNameValue, id, status, statusReason, lastUpdated, terminationProtection } = stack;
      io.stdout.write(`${JSON.stringify({ stackName: stackNameValue, stackId: id, account, region: project.region, exists: true, status, statusReason, lastUpdated, terminationProtection, outputs }, null, 2)}\n`);
      return EXIT_OK;
    }
    const lines = [`Stack:        ${stack.name}`, `Status:       ${stack.status}${stack.statusReason ? ` (${stack.statusReason})` : ''}`, `Last updated: ${stack.lastUpdated.toISOString()}`];
    const listed = Object.entries(outputs);
    lines.push(listed.length ? 'Outputs:' : 'Outputs:      (none)', ...listed.map(([key, value]) => `  ${key} = ${value}`));
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  });
}
