// ecs-arch diff: compile, create a change set against the deployed stack, print it, delete it.
import { runChangeSet } from './deploy.js';
import type { CommandContext } from './types.js';

export function run(context: CommandContext): Promise<number> {
  return runChangeSet(context, 'diff');
}
