// `ecs-arch print`: the configuration with every variable resolved, as written (no defaults
// filled in), as YAML or with --json as JSON.
import { stringify } from 'yaml';
import { loadFromContext } from './shared.js';
import { EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const { config } = project;
  context.io.stdout.write(context.global.json ? `${JSON.stringify(config, null, 2)}\n` : stringify(config, { lineWidth: 0, aliasDuplicateObjects: false }));
  return EXIT_OK;
}
