// ecs-arch remove: delete the stack; list the retained resources that remain.
import { loadFromContext } from './shared.js';
import type { CommandContext } from './types.js';
import { stackName } from '../util/project.js';

export async function run(context: CommandContext): Promise<number> {
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const { runRemove } = await import('../deploy/run.js');
  return runRemove(context.io, stackName(project.config.name, project.stage), project.region, context.options.yes === true);
}
