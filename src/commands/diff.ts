// ecs-arch diff: compile, create a change set against the deployed stack, print it, delete it.
import { writeArtifacts } from '../emit/index.js';
import { loadAndCompile } from './compile.js';
import type { CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const compiled = await loadAndCompile(context, { deployedBy: 'diff' });
  if (typeof compiled === 'number') return compiled;
  const { outDir } = await writeArtifacts(compiled, { cwd: context.io.cwd, format: 'json' });
  const { runDeploy } = await import('../deploy/run.js');
  return runDeploy({ io: context.io, compiled, outDir, mode: 'diff' });
}
