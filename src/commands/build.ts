// ecs-arch build: for pipelines that build images in one job and deploy in another. Builds
// every `image: { build }` for its task's architecture and pushes what the registry lacks;
// a later deploy of the same sources finds the tags there and pushes nothing. deploy runs
// the same phase (publishPhase) before its change set.
import { dirname } from 'node:path';
import type { Bootstrap } from '../bootstrap/ensure.js';
import type { ImageBuild } from '../images/context.js';
import { publishImages } from '../images/publish.js';
import { connectRegistry } from '../images/registry.js';
import { formatPublishFailure, imagePrinter } from '../ui/images.js';
import { interactive, pollOptions, withAws, type AwsSession, progressPrinter } from './aws.js';
import { readyBootstrap } from './bootstrap.js';
import { loadAndCompile } from './compile.js';
import { EXIT_FAILED, EXIT_OK, type CommandContext } from './types.js';

/** Builds and pushes what the registry lacks; the exit code after saying what failed, else undefined. */
export async function publishPhase(context: CommandContext, session: AwsSession, bootstrap: Bootstrap, builds: readonly ImageBuild[], configFile: string): Promise<number | undefined> {
  const { io, global } = context;
  const out = global.json ? io.stderr : io.stdout;
  const registry = await connectRegistry(session.aws, io.env, bootstrap.repositoryUri);
  const live = interactive(io) && !global.verbose && !global.json;
  const result = await publishImages({ builds, root: dirname(configFile), registry, env: io.env, verbose: global.verbose, event: imagePrinter(out, live) });
  if (result.kind === 'published') return undefined;
  if (live) out.write('\n');
  io.stderr.write(formatPublishFailure(result));
  return EXIT_FAILED;
}

export async function run(context: CommandContext): Promise<number> {
  const { io, global } = context;
  const compiled = await loadAndCompile(context);
  if (typeof compiled === 'number') return compiled;
  const { manifest } = compiled;
  if (!manifest.images.length) {
    io.stdout.write(`No task of ${manifest.stackName} builds its image from source; nothing to build.\n`);
    return EXIT_OK;
  }
  const poll = pollOptions(context);
  if (typeof poll === 'number') return poll;
  return withAws(context, manifest.region, async (session) => {
    const printer = progressPrinter(io, global.json);
    const ready = await readyBootstrap(context, session, poll, printer, '');
    if (typeof ready === 'number') return ready;
    return (await publishPhase(context, session, ready, manifest.images, compiled.project.file)) ?? EXIT_OK;
  });
}
