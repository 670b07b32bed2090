// ecs-arch info: stack status, last update and outputs.
import { loadFromContext } from './shared.js';
import type { CommandContext } from './types.js';
import { stackName } from '../util/project.js';

export async function run(context: CommandContext): Promise<number> {
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const { runInfo } = await import('../deploy/run.js');
  return runInfo(context.io, stackName(project.config.name, project.stage), project.region, context.global.json);
}
