// ecs-arch diff: compile, create a change set against the deployed stack, print it, delete it.
import { writeArtifacts } from '../emit/index.js';
import { compileOrExit } from './compile.js';
import { loadFromContext } from './shared.js';
import type { CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const compiled = compileOrExit(context, project);
  if (typeof compiled === 'number') return compiled;
  const { outDir } = await writeArtifacts(compiled, { cwd: context.io.cwd, format: 'json' });
  const { runDeploy } = await import('../deploy/run.js');
  return runDeploy({ io: context.io, compiled, outDir, mode: 'diff' });
}
