// ecs-arch build: for pipelines that build images in one job and deploy in another. Builds
// every `image: { build }` for its task's architecture and pushes what the registry lacks;
// a later deploy of the same sources finds the tags there and pushes nothing.
import { loadAndCompile } from './compile.js';
import type { CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const compiled = await loadAndCompile(context);
  if (typeof compiled === 'number') return compiled;
  const { runBuild } = await import('../deploy/run.js');
  return runBuild(context.io, compiled, context.global.verbose);
}
