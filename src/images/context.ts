// Image builds declared with `image: { build: … }`: what goes into each build and the content
// hash that becomes its tag. Reading the build context happens once, while loading, so
// compile stays free of I/O, Docker and AWS: the same inputs give the same tag, and so the
// same template byte for byte.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import balenaIgnore from '@balena/dockerignore';
import type { Task } from '../config/types.generated.js';
import { DEFAULTS } from '../config/defaults.generated.js';

/** Changes when what the hash covers changes, so old tags are never reused for other inputs. */
const HASH_VERSION = 'ecs-arch-image-v1';

export type Platform = 'linux/amd64' | 'linux/arm64';

/** One image to build, as compile, build and deploy see it. */
export interface ImageBuild {
  task: string;
  /** The build context, relative to the configuration file's folder, with "/" separators ("." for that folder). */
  context: string;
  /** Relative to the context. */
  dockerfile: string;
  target?: string;
  args: Record<string, string>;
  platform: Platform;
  /** sha256 over the inputs: the image's tag in the repository. */
  tag: string;
}

/** A problem with a build's inputs, about the config path `path`. */
export interface ImageProblem {
  path: string;
  message: string;
}

export const platformFor = (architecture: Task['architecture']): Platform => (architecture === 'arm64' ? 'linux/arm64' : 'linux/amd64');

const toPosix = (path: string) => path.split(sep).join('/');

/**
 * Files of the context that Docker sends to the builder, in code-unit order, as "/" paths.
 * `.dockerignore` at the context's root filters them the way Docker does (@balena/dockerignore
 * follows Docker's own matcher: `**`, `!` exceptions, leading `/`).
 */
export function contextFiles(contextDir: string): string[] {
  let ignoreText = '';
  try {
    ignoreText = readFileSync(join(contextDir, '.dockerignore'), 'utf8');
  } catch {
    // No .dockerignore: every file is sent.
  }
  const patterns = ignoreText.split(/\r?\n/);
  // A CommonJS module whose types declare `export default`; it sets .default for this reason.
  const ignored = balenaIgnore.default().add(patterns);
  // Without `!` exceptions an ignored directory cannot contribute files: skip it (node_modules).
  const hasExceptions = patterns.some((p) => p.trim().startsWith('!'));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = toPosix(relative(contextDir, path));
      if (entry.isDirectory()) {
        if (hasExceptions || !ignored.ignores(rel)) walk(path);
      } else if (!ignored.ignores(rel)) files.push(rel);
    }
  };
  walk(contextDir);
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The tag: every sent file's path, executable bit and content (a symbolic link's target), the
 * Dockerfile (sent even when .dockerignore lists it), args, target and platform.
 */
export function hashBuild(contextDir: string, build: Omit<ImageBuild, 'task' | 'context' | 'tag'>): string {
  const hash = createHash('sha256');
  const field = (name: string, value: string | Buffer) => {
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    hash.update(`${name} ${bytes.length}\n`).update(bytes).update('\n');
  };
  field('version', HASH_VERSION);
  field('platform', build.platform);
  field('target', build.target ?? '');
  for (const name of Object.keys(build.args).sort()) field(`arg ${name}`, build.args[name]!);
  field('dockerfile', readFileSync(resolve(contextDir, build.dockerfile)));
  for (const file of contextFiles(contextDir)) {
    const path = join(contextDir, file);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) field(`link ${file}`, readlinkSync(path));
    else field(`file ${file} ${stat.mode & 0o111 ? 'x' : '-'}`, readFileSync(path));
  }
  return hash.digest('hex');
}

/**
 * Every task's image build, with its tag, or the problems that stop one (a missing context or
 * Dockerfile). `configFile` is the absolute path of ecs-arch.yml: contexts are relative to it.
 */
export function imageBuilds(
  configFile: string,
  tasks: Readonly<Record<string, Pick<Task, 'image' | 'architecture'>>>,
): { builds: ImageBuild[]; problems: ImageProblem[] } {
  const builds: ImageBuild[] = [];
  const problems: ImageProblem[] = [];
  const root = dirname(configFile);
  for (const [task, { image, architecture }] of Object.entries(tasks)) {
    if (typeof image === 'string') continue;
    const path = `tasks.${task}.image`;
    const contextDir = resolve(root, image.build);
    if (!statSync(contextDir, { throwIfNoEntry: false })?.isDirectory()) {
      problems.push({ path: `${path}.build`, message: `the build context ${image.build} is not a directory` });
      continue;
    }
    const dockerfile = image.dockerfile ?? DEFAULTS.image.dockerfile;
    if (!statSync(resolve(contextDir, dockerfile), { throwIfNoEntry: false })?.isFile()) {
      problems.push({ path: image.dockerfile ? `${path}.dockerfile` : `${path}.build`, message: `there is no ${dockerfile} in the build context ${image.build}` });
      continue;
    }
    const inputs = {
      dockerfile,
      ...(image.target ? { target: image.target } : {}),
      args: Object.fromEntries(Object.entries(image.args ?? {}).map(([k, v]) => [k, String(v)])),
      platform: platformFor(architecture),
    };
    builds.push({ task, context: toPosix(relative(root, contextDir)) || '.', ...inputs, tag: hashBuild(contextDir, inputs) });
  }
  return { builds, problems };
}
