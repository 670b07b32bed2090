// Builds and pushes every image built from source that the registry does not have yet.
// Returns what happened as a tagged union; the commands print it (ui/images.ts renders progress).
import type { Env } from '../aws/clients.js';
import type { ImageBuild } from './context.js';
import { buildImage, dockerProblem, login, pushImage, type DockerOptions } from './docker.js';
import { hasTag, imageReference, type Registry } from './registry.js';

export type ImageEvent =
  | { kind: 'checking' | 'present' | 'building' | 'pushing' | 'pushed'; task: string; tag: string; platform: string }
  | { kind: 'output'; text: string };

export type PublishResult =
  | { kind: 'published'; images: { task: string; tag: string; reference: string; pushed: boolean }[] }
  | { kind: 'docker-missing'; message: string }
  | { kind: 'failed'; task: string; step: 'login' | 'build' | 'push'; reference: string; output: string; reason: string };

export interface PublishInput {
  builds: readonly ImageBuild[];
  /** The configuration's folder: build contexts are relative to it. */
  root: string;
  registry: Registry;
  env: Env;
  event(event: ImageEvent): void;
  /** Stream Docker's own output through event({ kind: 'output' }). */
  verbose: boolean;
}

export async function publishImages(input: PublishInput): Promise<PublishResult> {
  const { registry, event } = input;
  const options: DockerOptions = { env: input.env, cwd: input.root, ...(input.verbose ? { onOutput: (text) => event({ kind: 'output', text }) } : {}) };
  const images: Extract<PublishResult, { kind: 'published' }>['images'] = [];
  // Tasks with the same inputs share one image: build and push it once.
  const seen = new Map<string, boolean>();
  let loggedIn = false;
  for (const build of input.builds) {
    const reference = imageReference(registry, build.tag);
    const about = { task: build.task, tag: build.tag, platform: build.platform };
    if (seen.has(build.tag)) {
      images.push({ task: build.task, tag: build.tag, reference, pushed: false });
      continue;
    }
    event({ kind: 'checking', ...about });
    if (await hasTag(registry, build.tag)) {
      seen.set(build.tag, false);
      event({ kind: 'present', ...about });
      images.push({ task: build.task, tag: build.tag, reference, pushed: false });
      continue;
    }
    if (!loggedIn) {
      const problem = await dockerProblem(options);
      if (problem) return { kind: 'docker-missing', message: problem };
      const result = await login(registry.host, registry.username, registry.password, options);
      if (!result.ok) return { kind: 'failed', task: build.task, step: 'login', reference, output: result.output, reason: result.reason };
      loggedIn = true;
    }
    event({ kind: 'building', ...about });
    const built = await buildImage(build, reference, input.root, options);
    if (!built.ok) return { kind: 'failed', task: build.task, step: 'build', reference, output: built.output, reason: built.reason };
    event({ kind: 'pushing', ...about });
    const pushed = await pushImage(reference, options);
    if (!pushed.ok) return { kind: 'failed', task: build.task, step: 'push', reference, output: pushed.output, reason: pushed.reason };
    seen.set(build.tag, true);
    event({ kind: 'pushed', ...about });
    images.push({ task: build.task, tag: build.tag, reference, pushed: true });
  }
  return { kind: 'published', images };
}
