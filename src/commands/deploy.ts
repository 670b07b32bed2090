// ecs-arch deploy: load → compile → write artifacts → change set → execute → outputs.
import { writeArtifacts } from '../emit/index.js';
import { loadAndCompile } from './compile.js';
import { interactive } from '../io.js';
import type { CommandContext } from './types.js';

/** Without a confirmation under CI, deploy stops before calling AWS (deploy/run.ts), so it reads nothing from AWS first. */
const deployConfirmed = ({ io, options }: CommandContext): boolean => options.yes === true || options['no-execute'] === true || interactive(io);

export async function run(context: CommandContext): Promise<number> {
  const compiled = await loadAndCompile(context, deployConfirmed(context) ? { deployedBy: 'deploy' } : {});
  if (typeof compiled === 'number') return compiled;
  const { outDir } = await writeArtifacts(compiled, { cwd: context.io.cwd, format: 'json' });
  const { runDeploy } = await import('../deploy/run.js');
  const { options } = context;
  return runDeploy({
    io: context.io,
    compiled,
    outDir,
    mode: 'deploy',
    yes: options.yes === true,
    noExecute: options['no-execute'] === true,
    allowDataLoss: options['allow-data-loss'] === true,
    outputsFile: typeof options['outputs-file'] === 'string' ? options['outputs-file'] : undefined,
  });
}
