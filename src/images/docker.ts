// The docker CLI, called through execa: check that it and its daemon are there, log in, build,
// push. Each call returns its combined output so a failure can show the step that failed.
import { join } from 'node:path';
import type { Env } from '../aws/clients.js';
import type { ImageBuild } from './context.js';

export const DOCKER_HINT = 'install Docker (https://docs.docker.com/engine/install/), or give the task an image URI instead of image.build';

export type DockerResult = { ok: true; output: string } | { ok: false; output: string; reason: string };

export interface DockerOptions {
  env: Env;
  cwd: string;
  /** Docker's output as it comes (--verbose); it is kept for failures either way. */
  onOutput?: (text: string) => void;
  input?: string;
}

export async function docker(args: string[], options: DockerOptions): Promise<DockerResult> {
  // execa is loaded here only: compile and validate never pay for it.
  const { execa } = await import('execa');
  const child = execa('docker', args, { cwd: options.cwd, env: { ...options.env }, all: true, reject: false, stripFinalNewline: false, ...(options.input !== undefined ? { input: options.input } : {}) });
  if (options.onOutput) child.all?.on('data', (chunk: Buffer) => options.onOutput!(chunk.toString()));
  const result = await child;
  const output = typeof result.all === 'string' ? result.all : '';
  if (result.exitCode === 0) return { ok: true, output };
  const code = (result as { code?: string }).code;
  return { ok: false, output, reason: code === 'ENOENT' ? 'ENOENT' : `exit code ${result.exitCode ?? result.signal ?? 'unknown'}` };
}

/** One line when docker or its daemon is missing; undefined when both answer. */
export async function dockerProblem(options: Pick<DockerOptions, 'env' | 'cwd'>): Promise<string | undefined> {
  const result = await docker(['version', '--format', '{{.Server.Version}}'], options);
  if (result.ok) return undefined;
  if (result.reason === 'ENOENT') return `Docker is needed to build images from source, but there is no docker command on PATH: ${DOCKER_HINT}.`;
  const said = result.output.split('\n').find((line) => /daemon|connect|permission/i.test(line))?.trim();
  return `Docker is installed but its daemon does not answer${said ? ` (${said})` : ''}: start Docker (or set DOCKER_HOST), then run again.`;
}

export const login = (host: string, username: string, password: string, options: DockerOptions) =>
  docker(['login', '--username', username, '--password-stdin', host], { ...options, input: password });

/** docker build for the build's platform, tagged `reference`; the context is relative to `root`, the configuration's folder. */
export function buildImage(build: ImageBuild, reference: string, root: string, options: DockerOptions) {
  const context = join(root, build.context);
  const args = ['build', '--platform', build.platform, '--file', join(context, build.dockerfile), '--tag', reference];
  if (build.target) args.push('--target', build.target);
  for (const [name, value] of Object.entries(build.args)) args.push('--build-arg', `${name}=${value}`);
  return docker([...args, context], options);
}

export const pushImage = (reference: string, options: DockerOptions) => docker(['push', reference], options);
