// The command line as users meet it: main() with a fake terminal, and the built bin.
import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';
import { workspace } from '../config/helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: root, encoding: 'utf8' })) as { version: string };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], options: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (text) => void (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text) => void (stderr += text), isTTY: options.tty ?? false },
    // Configurations without a region take it from the environment.
    env: { AWS_DEFAULT_REGION: 'us-east-1', ...options.env },
    cwd: options.cwd ?? root,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const ws = workspace();
afterAll(() => ws.remove());
const invalid = ws.write('name: app\ntasks:\n  worker:\n    image: busybox\n    cpux: 1\n', 'invalid.yml');

describe('global behaviour', () => {
  test('--version prints the package version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test('--help: commands in groups, every option aligned, -v/--version listed, examples, where the docs are', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('\nCheck the configuration:\n  validate   load, resolve variables and validate; print every error with its position\n');
    expect(stdout).toContain('\nDeploy and operate:\n  deploy     ');
    expect(stdout).toContain('  -h, --help             show help\n  -v, --version          print the version\n');
    expect(stdout).toContain('\nExamples:\n  ecs-arch init                  # write ecs-arch.yml (asks which architecture)\n');
    expect(stdout).toMatch(/\nDocumentation: \S+README\.md and \S+docs\/\n$/);
    expect(await run(['-v'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test('each command has --help, its own and the global options in one aligned column', async () => {
    const { code, stdout } = await run(['print', '--help']);
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 3)).toEqual(['Usage: ecs-arch print [options]', '', 'Print the resolved configuration (YAML, or JSON with --json).']);
    const init = (await run(['init', '--help'])).stdout;
    const columns = init.split('\n').filter((line) => /^ {2}(-\w, | {4})--/.test(line)).map((line) => line.length - line.replace(/^ +(-\w, )?--\S+( [A-Z|=\w]+)? +/, '').length);
    expect(columns.length).toBeGreaterThan(8);
    expect(new Set(columns).size).toBe(1);
    expect(init).toContain('\nExamples:\n  ecs-arch init\n');
  });

  test('an unknown command exits 2 with a suggestion', async () => {
    expect(await run(['valdate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch: unknown command "valdate". Did you mean "validate"?\nRun "ecs-arch --help" for the list of commands.\n',
    });
  });

  test('an unknown option exits 2 with a suggestion', async () => {
    expect(await run(['validate', '--jsn'])).toEqual({ code: 2, stdout: '', stderr: 'ecs-arch validate: unknown option "--jsn". Did you mean "--json"?\n' });
  });
});

describe('validate', () => {
  test('a valid example', async () => {
    expect(await run(['validate', '-c', 'examples/full/ecs-arch.yml'])).toEqual({
      code: 0,
      stdout: 'examples/full/ecs-arch.yml is valid (stage dev, region us-east-1, 3 tasks)\n',
      stderr: '',
    });
  });

  test('errors as file:line:col lines and a summary, exit 2', async () => {
    expect(await run(['validate', '-c', invalid], { cwd: ws.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'invalid.yml:2:1: network (vpc and subnets) is required when tasks are declared\ninvalid.yml:5:5: unknown key "cpux" in tasks.worker. Did you mean "cpu"?\n2 errors\n',
    });
  });

  test('a code frame on a terminal, the error in red; NO_COLOR keeps it plain', async () => {
    const { stderr } = await run(['validate', '-c', invalid], { cwd: ws.dir, tty: true });
    expect(stderr).toContain('\x1b[1m\x1b[31minvalid.yml:5:5: unknown key "cpux" in tasks.worker. Did you mean "cpu"?\x1b[39m\x1b[22m\n');
    const plain = await run(['validate', '-c', invalid], { cwd: ws.dir, tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stderr).toContain(
      'invalid.yml:5:5: unknown key "cpux" in tasks.worker. Did you mean "cpu"?\n  3 |   worker:\n  4 |     image: busybox\n> 5 |     cpux: 1\n    |     ^\n',
    );
  });

  test('--json gives the diagnostics on stdout', async () => {
    const { code, stdout, stderr } = await run(['validate', '--json', '-c', invalid], { cwd: ws.dir });
    expect([code, stderr]).toEqual([2, '']);
    expect(JSON.parse(stdout)).toEqual({
      valid: false,
      diagnostics: [
        { file: 'invalid.yml', line: 2, col: 1, path: 'tasks', severity: 'error', message: 'network (vpc and subnets) is required when tasks are declared' },
        { file: 'invalid.yml', line: 5, col: 5, path: 'tasks.worker.cpux', severity: 'error', message: 'unknown key "cpux" in tasks.worker. Did you mean "cpu"?' },
      ],
    });
  });

  test('GitHub Actions annotations', async () => {
    const { stdout } = await run(['validate', '-c', invalid], { cwd: ws.dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(stdout).toBe(
      '::error file=invalid.yml,line=2,col=1::network (vpc and subnets) is required when tasks are declared\n' +
        '::error file=invalid.yml,line=5,col=5::unknown key "cpux" in tasks.worker. Did you mean "cpu"?\n',
    );
  });

  test('a missing file exits 2 with a clear message', async () => {
    expect(await run(['validate'], { cwd: ws.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch.yml: file not found (pass -c FILE, or run "ecs-arch init" to create one)\n1 error\n',
    });
  });
});

describe('print', () => {
  test('YAML by default, resolved, without defaults filled in', async () => {
    const { code, stdout } = await run(['print', '-c', 'examples/sqs-autoscaling/ecs-arch.yml', '-s', 'prod']);
    expect(code).toBe(0);
    expect(stdout).toContain('    triggers:\n      - sqs:\n          queue: jobs\n          scaling:\n            min: 0\n            max: 50\n            backlogPerTask: 20\n');
    expect(stdout).not.toContain('${');
    expect(stdout).not.toContain('architecture');
  });

  test('--json', async () => {
    const { code, stdout } = await run(['print', '--json', '-c', 'examples/full/ecs-arch.yml'], { env: { IMAGE_TAG: '9' } });
    expect(code).toBe(0);
    const config = JSON.parse(stdout) as { tasks: Record<string, { image: string }> };
    expect(config.tasks.ingest!.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/queue-worker:9');
  });
});

describe('the built executable', () => {
  test('bin/ecs-arch.js validates an example and exits 2 on an invalid file', () => {
    const bin = `${root}bin/ecs-arch.js`;
    expect(execFileSync('node', [bin, 'validate', '-c', 'examples/task-alerts/ecs-arch.yml'], { cwd: root, encoding: 'utf8' })).toBe(
      'examples/task-alerts/ecs-arch.yml is valid (stage dev, region us-east-1, 2 tasks)\n',
    );
    let status = 0;
    try {
      execFileSync('node', [bin, 'validate', '-c', invalid], { cwd: ws.dir, stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
