// Images built from source, end to end through bin/ecs-arch.js: a real Docker daemon builds
// FROM scratch images for each task's platform, pushes them to a real registry on 127.0.0.1
// (ECS_ARCH_REGISTRY), while ECR's GetAuthorizationToken and CloudFormation go to moto.
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Manifest } from '../../src/compile/types.js';
import { startDocker, testWithDocker, type DockerEnv } from '../support/docker.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';

const it = testWithDocker();
const BIN = fileURLToPath(new URL('../../bin/ecs-arch.js', import.meta.url));
let docker: DockerEnv | null;
const emulator = motoBehindProxy();
const dockerConfig = mkdtempSync(join(tmpdir(), 'ecs-arch-docker-config-'));

beforeAll(async () => {
  docker = await startDocker();
}, 120_000);
afterAll(async () => {
  await docker?.stop();
});

const CONFIG = (name: string) => `name: ${name}
network: { vpc: vpc-1, subnets: [subnet-1] }
tasks:
  worker:
    image: { build: ./worker }
    architecture: arm64
  report:
    image: { build: ./report, args: { MODE: nightly } }
`;

function project(name: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-docker-'));
  const all: Record<string, string> = {
    'ecs-arch.yml': CONFIG(name),
    'worker/Dockerfile': 'FROM scratch\nCOPY . /app\n',
    'worker/main.txt': `${name} worker\n`,
    'worker/.dockerignore': 'secret.txt\n',
    'worker/secret.txt': 'not in the image\n',
    'report/Dockerfile': 'FROM scratch\nARG MODE\nCOPY report.txt /report.txt\n',
    'report/report.txt': `${name} report\n`,
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Asynchronous: the fault proxy answers the CLI from this process. */
async function run(cwd: string, argv: string[], env: Record<string, string> = {}) {
  const result = await execa('node', [BIN, ...argv], {
    cwd,
    reject: false,
    stripFinalNewline: false,
    env: emulator.env({ DOCKER_HOST: docker!.dockerHost, DOCKER_CONFIG: dockerConfig, ECS_ARCH_REGISTRY: docker!.registry, ...env }),
  });
  return { code: result.exitCode, out: result.stdout, err: result.stderr };
}

const manifest = (cwd: string) => JSON.parse(execFileSync('cat', [join(cwd, '.ecs-arch/dev/manifest.json')], { encoding: 'utf8' })) as Manifest;
const tagOf = (cwd: string, task: string) => manifest(cwd).images.find((i) => i.task === task)!.tag;
const headStatus = async (tag: string) => (await fetch(`${docker!.registry}/v2/ecs-arch-images/manifests/${tag}`, { method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } })).status;
const architecture = (reference: string) => execFileSync('docker', ['--host', docker!.dockerHost, 'image', 'inspect', '--format', '{{.Architecture}}', reference], { encoding: 'utf8' }).trim();
const files = (reference: string) => {
  const id = execFileSync('docker', ['--host', docker!.dockerHost, 'create', reference, 'x'], { encoding: 'utf8' }).trim();
  const listing = execFileSync('sh', ['-c', `docker --host ${docker!.dockerHost} export ${id} | tar -t`], { encoding: 'utf8' });
  execFileSync('docker', ['--host', docker!.dockerHost, 'rm', id]);
  return listing.split('\n').filter((f) => f && !f.endsWith('/') && !f.startsWith('.docker') && !['etc/', 'dev/', 'proc/', 'sys/'].some((p) => f.startsWith(p)));
};

describe('deploy builds and pushes images', () => {
  it('builds each task for its architecture and pushes once; the next deploy asks the registry and pushes nothing; one changed file pushes a new tag', async () => {
    const cwd = project('imgs');
    const first = await run(cwd, ['deploy', '--yes']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const worker = tagOf(cwd, 'worker');
    const report = tagOf(cwd, 'report');
    const host = new URL(docker!.registry).host;
    expect(first.out).toContain(`Image worker (linux/arm64, ${worker.slice(0, 12)}): building\nImage worker (linux/arm64, ${worker.slice(0, 12)}): pushing\nImage worker (linux/arm64, ${worker.slice(0, 12)}): pushed\n`);
    expect(first.out).toContain(`Image report (linux/amd64, ${report.slice(0, 12)}): pushed\n`);
    expect(first.out).toContain('Stack imgs-dev: CREATE_COMPLETE\n');
    expect(await headStatus(worker)).toBe(200);
    expect(await headStatus(report)).toBe(200);
    expect(architecture(`${host}/ecs-arch-images:${worker}`)).toBe('arm64');
    expect(architecture(`${host}/ecs-arch-images:${report}`)).toBe('amd64');
    // .dockerignore keeps secret.txt out of what Docker sends, so out of the image.
    expect(files(`${host}/ecs-arch-images:${worker}`).sort()).toEqual(['app/.dockerignore', 'app/Dockerfile', 'app/main.txt']);

    const second = await run(cwd, ['deploy', '--yes']);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`Image worker (linux/arm64, ${worker.slice(0, 12)}): already in the registry, not rebuilt\n`);
    expect(second.out).toContain(`Image report (linux/amd64, ${report.slice(0, 12)}): already in the registry, not rebuilt\n`);
    expect(second.out).not.toMatch(/building|pushing/);

    writeFileSync(join(cwd, 'worker/main.txt'), 'changed\n');
    expect((await run(cwd, ['compile'])).code).toBe(0);
    const built = await run(cwd, ['build']);
    expect(built.err).toBe('');
    expect(built.code).toBe(0);
    const changed = tagOf(cwd, 'worker');
    expect(changed).not.toBe(worker);
    expect(built.out).toContain(`Image worker (linux/arm64, ${changed.slice(0, 12)}): pushed\n`);
    expect(built.out).toContain(`Image report (linux/amd64, ${report.slice(0, 12)}): already in the registry, not rebuilt\n`);
    expect(await headStatus(changed)).toBe(200);
    // Three deploys and three builds on a vfs daemon: minutes on a busy 2-core machine.
  }, 300_000);

  it('a build failure stops before any change set, exit 1, with the failing step\'s output', async () => {
    const cwd = project('broken', { 'report/Dockerfile': 'FROM scratch\nCOPY missing.txt /\n' });
    const result = await run(cwd, ['deploy', '--yes']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^Image report: docker build failed \(exit code 1\) for 127\.0\.0\.1:\d+\/ecs-arch-images:[0-9a-f]{64}:\n/);
    expect(result.err).toContain('missing.txt');
    expect(result.err).toMatch(/\nNo change set was created; nothing of broken-dev was changed\.\n$/);
    expect(emulator.proxy.count('CreateChangeSet')).toBe(0);
  }, 120_000);

  it('without a daemon, or without docker, one clear line and exit 1', async () => {
    const cwd = project('nodaemon');
    const noDaemon = await run(cwd, ['build'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(noDaemon.code).toBe(1);
    expect(noDaemon.err).toMatch(/^Docker is installed but its daemon does not answer \(.*\): start Docker \(or set DOCKER_HOST\), then run again\.\n$/);
    const onlyNode = mkdtempSync(join(tmpdir(), 'ecs-arch-path-'));
    symlinkSync(process.execPath, join(onlyNode, 'node'));
    const noDocker = await run(cwd, ['build'], { PATH: onlyNode });
    expect(noDocker.code).toBe(1);
    expect(noDocker.err).toBe('Docker is needed to build images from source, but there is no docker command on PATH: install Docker (https://docs.docker.com/engine/install/), or give the task an image URI instead of image.build.\n');
  }, 120_000);
});
