import { EXIT_FAILED, type CommandContext } from './types.js';

// Placeholder until this command is built.
export async function run(context: CommandContext): Promise<number> {
  context.io.stderr.write('ecs-arch remove: not implemented yet\n');
  return EXIT_FAILED;
}
