// A Docker daemon and a registry on 127.0.0.1 for the image tests. .ci/run starts one of each
// for the whole run and says where (ECS_ARCH_TEST_DOCKER_HOST, ECS_ARCH_TEST_REGISTRY);
// otherwise a test file starts its own (as root: dockerd --storage-driver vfs --iptables=false
// --bridge=none, and Debian's docker-registry) and stops them when it ends. Under CI=true a
// missing Docker fails; elsewhere the tests skip with the install hint.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@jest/globals';
import { freePort } from './moto.js';
import { runs } from './probe-tools.js';

export const DOCKER_INSTALL_HINT = 'apt-get install -y docker.io docker-registry';

export interface DockerEnv {
  /** DOCKER_HOST (unix socket) for the daemon. */
  dockerHost: string;
  /** http://127.0.0.1:PORT of the registry. */
  registry: string;
  stop(): Promise<void>;
}

const installed = (command: string, args: string[]) => runs(command, args, 30_000);

const shared = process.env.ECS_ARCH_TEST_DOCKER_HOST && process.env.ECS_ARCH_TEST_REGISTRY;
const available = Boolean(shared) || (installed('docker', ['--version']) && installed('dockerd', ['--version']) && installed('docker-registry', ['--version']) && process.getuid?.() === 0);

/** `test`, or under CI a test that fails, elsewhere one that skips saying how to install Docker. */
export function testWithDocker(): typeof test {
  if (available) return test;
  if (process.env.CI === 'true') {
    return ((name: string) => test(name, () => { throw new Error(`Docker is required under CI=true: ${DOCKER_INSTALL_HINT} (and run as root)`); })) as unknown as typeof test;
  }
  return ((name: string) => test.skip(`${name} (skipped: ${DOCKER_INSTALL_HINT})`, () => undefined)) as unknown as typeof test;
}

async function waitFor(what: string, ready: () => boolean | Promise<boolean>, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`${what} exited early (${child.exitCode}): ${log()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within 60s: ${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function started(command: string, args: string[]): { child: ChildProcess; log: () => string } {
  let output = '';
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, log: () => output };
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** The daemon and registry (shared ones from .ci/run, or this file's own); null when Docker is missing. */
export async function startDocker(): Promise<DockerEnv | null> {
  if (!available) return null;
  if (shared) return { dockerHost: process.env.ECS_ARCH_TEST_DOCKER_HOST!, registry: process.env.ECS_ARCH_TEST_REGISTRY!, stop: async () => undefined };
  // Short paths: a unix socket path is limited to 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'ead-'));
  const dockerHost = `unix://${dir}/docker.sock`;
  const daemon = started('dockerd', ['--storage-driver', 'vfs', '--iptables=false', '--bridge=none', '--host', dockerHost, '--data-root', `${dir}/data`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/docker.pid`]);
  const port = await freePort();
  writeFileSync(join(dir, 'registry.yml'), `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/registry\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const registry = started('docker-registry', ['serve', join(dir, 'registry.yml')]);
  try {
    await waitFor('dockerd', () => installed('docker', ['--host', dockerHost, 'version']), daemon.child, daemon.log);
    await waitFor('docker-registry', () => fetch(`http://127.0.0.1:${port}/v2/`).then((r) => r.ok, () => false), registry.child, registry.log);
  } catch (error) {
    await Promise.all([stopped(daemon.child), stopped(registry.child)]);
    throw error;
  }
  return {
    dockerHost,
    registry: `http://127.0.0.1:${port}`,
    async stop() {
      await Promise.all([stopped(daemon.child), stopped(registry.child)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
