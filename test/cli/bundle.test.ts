// The shipped CLI: bin/ecs-arch.js (the esbuild bundle, built by `npm run build`) run as a
// child process, as users run it. Every command and every documented flag value runs here
// at least once; the commands that call AWS run against moto in bundle-aws.test.ts.
import { afterAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testWithTool } from '../support/tools.js';
import { workspace } from '../config/helpers.js';
import { runBin } from '../support/bin.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const ws = workspace();
afterAll(() => ws.remove());
const dir = ws.dir;
const run = (args: string[], env: Record<string, string> = {}) => runBin(args, dir, env);

const CONFIG = readFileSync(join(root, 'examples/sqs-autoscaling/ecs-arch.yml'), 'utf8');
writeFileSync(join(dir, 'ecs-arch.yml'), CONFIG);
const COMMANDS = ['init', 'validate', 'print', 'compile', 'lint', 'graph', 'diff', 'deploy', 'info', 'remove'];

describe('every command and documented flag value through the bundle', () => {
  test('--help for the tool and for every command; --version', async () => {
    const general = await run(['--help']);
    expect(general.code).toBe(0);
    for (const command of COMMANDS) expect(general.stdout).toContain(`  ${command.padEnd(8)}  `);
    for (const command of COMMANDS) {
      const help = await run([command, '--help']);
      expect([command, help.code, help.stdout.split('\n')[0]]).toEqual([command, 0, `Usage: ecs-arch ${command} [options]`]);
      expect(help.stdout).toContain('--profile NAME');
    }
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  test('init with every --pattern, --name and --force; each scaffold validates', async () => {
    for (const pattern of ['s3', 'schedule', 'sqs', 'alerts', 'full']) {
      const file = `init/${pattern}.yml`;
      const first = await run(['init', '--pattern', pattern, '--name', `app-${pattern}`, '-c', file]);
      // The first scaffold in the folder also adds the compile output to its .gitignore.
      const gitignore = pattern === 's3' ? 'Added .ecs-arch/ (compile output) to init/.gitignore.\n' : '';
      const next =
        `Next steps:\n  1. Put your VPC, subnets and images in ${file}.\n  2. npx ecs-arch validate -c ${file}\n` +
        `  3. npx ecs-arch compile -c ${file}, then read init/.ecs-arch/dev/review.md\n  4. npx ecs-arch deploy -c ${file}\n`;
      expect(first).toEqual({ code: 0, stdout: `Wrote ${file} (pattern ${pattern}, name app-${pattern}).\n${gitignore}${next}`, stderr: '' });
      const valid = await run(['validate', '-c', file, '--region', 'eu-west-1']);
      expect([pattern, valid.code]).toEqual([pattern, 0]);
    }
    expect((await run(['init', '-c', 'init/full.yml'])).code).toBe(1);
    expect((await run(['init', '--force', '--json', '-c', 'init/full.yml'])).stdout).toBe(`${JSON.stringify({ file: 'init/full.yml', pattern: 'full', name: 'init' })}\n`);
  });

  test('validate, print (YAML and --json), graph (mermaid and dot, --json)', async () => {
    expect(await run(['validate'])).toEqual({ code: 0, stdout: 'ecs-arch.yml is valid (stage dev, region us-east-1, 1 task)\n', stderr: '' });
    expect(JSON.parse((await run(['validate', '--json'])).stdout)).toEqual({ valid: true, diagnostics: [] });
    const yaml = await run(['print']);
    expect([yaml.code, yaml.stdout.split('\n')[0]]).toEqual([0, 'name: sqs-autoscaling']);
    expect(JSON.parse((await run(['print', '--json'])).stdout).name).toBe('sqs-autoscaling');
    const mermaid = await run(['graph', '--format', 'mermaid']);
    expect([mermaid.code, mermaid.stdout.split('\n')[0]]).toEqual([0, 'flowchart LR']);
    const dot = await run(['graph', '--format', 'dot']);
    expect([dot.code, dot.stdout.split('\n')[0]]).toEqual([0, 'digraph "sqs-autoscaling-dev" {']);
    expect(JSON.parse((await run(['graph', '--json'])).stdout).format).toBe('mermaid');
  });

  test('compile --format json and yaml (the bundled yaml module), --out, --json, -s, --verbose', async () => {
    const json = await run(['compile', '--format', 'json', '-s', 'prod', '--verbose']);
    expect([json.code, json.stderr]).toEqual([0, expect.stringMatching(/^Timings: load \d+\.\ds, compile \d+\.\ds, total \d+\.\ds\n$/)]);
    expect(existsSync(join(dir, '.ecs-arch/prod/template.json'))).toBe(true);
    const yaml = await run(['compile', '--format', 'yaml', '--out', 'out-yaml', '--json']);
    expect([yaml.code, yaml.stderr]).toEqual([0, '']);
    expect(JSON.parse(yaml.stdout).files).toEqual(['out-yaml/template.yaml', 'out-yaml/manifest.json', 'out-yaml/review.md']);
    expect(readFileSync(join(dir, 'out-yaml/template.yaml'), 'utf8')).toMatch(/^AWSTemplateFormatVersion: "2010-09-09"\n/);
  });

  const lintTest = testWithTool('cfn-lint');
  lintTest('lint runs cfn-lint, --strict and --json', async () => {
    const lint = await run(['lint', '--strict', '--json']);
    expect([lint.code, JSON.parse(lint.stdout).cfnLint]).toEqual([0, 'ran']);
  }, 120_000);
});

describe('arguments', () => {
  test('an unexpected positional is exit 2 with a hint; nothing runs', async () => {
    expect(await run(['remove', 'prod', '--yes'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch remove: unexpected argument "prod": remove takes no positional arguments. Did you mean "-s prod"?\n',
    });
    expect(await run(['deploy', 'prod', '--yes'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch deploy: unexpected argument "prod": deploy takes no positional arguments. Did you mean "-s prod"?\n',
    });
    expect(await run(['validate', 'broken.yml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch validate: unexpected argument "broken.yml": validate takes no positional arguments. Did you mean "-c broken.yml"?\n',
    });
  });

  test('two-edit typos get a suggestion; "sq" suggests sqs', async () => {
    expect(await run(['deploy', '--stgae', 'prod'])).toEqual({ code: 2, stdout: '', stderr: 'ecs-arch deploy: unknown option "--stgae". Did you mean "--stage"?\n' });
    expect(await run(['compile', '--frmta', 'yaml'])).toEqual({ code: 2, stdout: '', stderr: 'ecs-arch compile: unknown option "--frmta". Did you mean "--format"?\n' });
    expect(await run(['init', '--pattern', 'sq'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch init: --pattern must be one of s3, schedule, sqs, alerts, full, not "sq". Did you mean "sqs"?\n',
    });
  });

  test('--param key=value overrides params, shows in print and is recorded in the manifest', async () => {
    // The example's ingest service scales to max: ${param:maxWorkers} (params.default 4, prod 50).
    const printed = await run(['print', '--json', '--param', 'maxWorkers=9', '--param', 'team=media']);
    expect(JSON.parse(printed.stdout).params).toEqual({ default: { maxWorkers: 4 }, prod: { maxWorkers: 50 }, dev: { maxWorkers: 9, team: 'media' } });
    expect(JSON.parse(printed.stdout).tasks.worker.triggers[0].sqs.scaling.max).toBe(9);
    expect((await run(['compile', '--param', 'maxWorkers=9', '--out', 'params-out'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'params-out/manifest.json'), 'utf8')).params).toEqual({ maxWorkers: 9 });
    expect(await run(['print', '--param', 'oops'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch print: --param "oops" must be KEY=VALUE, with KEY a params name (letters, digits, _).\n',
    });
  });

  test('every ECS_ARCH_* knob is validated (exit 2, naming the knob)', async () => {
    for (const [name, value] of [['ECS_ARCH_POLL_MS', '-5'], ['ECS_ARCH_BUSY_TIMEOUT_MS', 'soon'], ['ECS_ARCH_RECONNECT_TIMEOUT_MS', '1.5']]) {
      const result = await run(['deploy', '--yes'], { [name!]: value! });
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr).toMatch(new RegExp(`^ecs-arch deploy: ${name} must be a whole number of at least 1 \\(.*\\), not "${value!.replace('.', '\\.')}"\\.\\n$`));
    }
    const lint = await run(['lint'], { ECS_ARCH_CFN_LINT_TIMEOUT: '-1' });
    expect(lint).toEqual({ code: 2, stdout: '', stderr: 'ecs-arch lint: ECS_ARCH_CFN_LINT_TIMEOUT must be a number of seconds greater than 0, not "-1".\n' });
  });
});

describe('files and folders: one line naming the path and the reason, never a stack trace or a hang', () => {
  test('--out that is a file (EEXIST) or under a file (ENOTDIR) is exit 2', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    expect(await run(['compile', '--out', 'a-file'])).toEqual({ code: 2, stdout: '', stderr: `ecs-arch compile: cannot create folder ${join(dir, 'a-file')}: it exists and is not a folder (EEXIST)\n` });
    expect(await run(['compile', '--out', '/dev/null/x'])).toEqual({ code: 2, stdout: '', stderr: 'ecs-arch compile: cannot create folder /dev/null/x: a part of the path is a file, not a folder (ENOTDIR)\n' });
  });

  test('a .ecs-arch that is a file (ENOTDIR), a folder that cannot be written (EACCES, even for root: /sys) are exit 1', async () => {
    mkdirSync(join(dir, 'blocked'));
    writeFileSync(join(dir, 'blocked/ecs-arch.yml'), CONFIG);
    writeFileSync(join(dir, 'blocked/.ecs-arch'), '');
    expect(await run(['compile', '-c', 'blocked/ecs-arch.yml'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `ecs-arch compile: cannot create folder ${join(dir, 'blocked/.ecs-arch/dev')}: a part of the path is a file, not a folder (ENOTDIR)\n`,
    });
    // sysfs refuses new files to every user, root included.
    expect(await run(['compile', '--out', '/sys'])).toEqual({ code: 1, stdout: '', stderr: 'ecs-arch compile: cannot write /sys/template.json: permission denied (EACCES)\n' });
  });

  test('/proc: init -c /proc/x.yml (ENOENT) and compile --out /proc/nope (no hang) are exit 1', async () => {
    expect(await run(['init', '-c', '/proc/x.yml'])).toEqual({ code: 1, stdout: '', stderr: 'ecs-arch init: cannot write /proc/x.yml: no such file or folder (ENOENT)\n' });
    expect(await run(['compile', '--out', '/proc/nope'])).toEqual({ code: 1, stdout: '', stderr: 'ecs-arch compile: cannot create folder /proc/nope: no such file or folder (ENOENT)\n' });
  });

  test('output goes next to the configuration, and holds exactly the current compile', async () => {
    mkdirSync(join(dir, 'svc/.ecs-arch/dev/stacks'), { recursive: true });
    writeFileSync(join(dir, 'svc/ecs-arch.yml'), CONFIG);
    // What an earlier compile left: a nested template that no longer exists, the other format.
    writeFileSync(join(dir, 'svc/.ecs-arch/dev/stacks/OldTasks.json'), '{}');
    writeFileSync(join(dir, 'svc/.ecs-arch/dev/template.yaml'), '');
    writeFileSync(join(dir, 'svc/.ecs-arch/dev/outputs.json'), '{}');
    const result = await run(['compile', '-c', 'svc/ecs-arch.yml']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('  wrote svc/.ecs-arch/dev/template.json\n');
    // outputs.json belongs to deploy, not to compile: it stays.
    expect(readdirSync(join(dir, 'svc/.ecs-arch/dev')).sort()).toEqual(['manifest.json', 'outputs.json', 'review.md', 'template.json']);
  });
});

describe('regions: --region > file > AWS_REGION > AWS_DEFAULT_REGION > profile > error', () => {
  const noRegion = CONFIG.replace(/^region: .*\n/m, '');
  writeFileSync(join(dir, 'no-region.yml'), noRegion);
  writeFileSync(join(dir, 'aws-config'), '[default]\nregion = ap-south-1\n[profile ops]\nregion = eu-north-1\n');
  const validate = async (args: string[], env: Record<string, string> = {}) => (await run(['validate', ...args], env)).stdout;

  test('each source in its place', async () => {
    const files = { AWS_CONFIG_FILE: join(dir, 'aws-config') };
    expect(await validate(['--region', 'eu-west-2'], { AWS_REGION: 'us-west-2' })).toBe('ecs-arch.yml is valid (stage dev, region eu-west-2, 1 task)\n');
    expect(await validate(['-c', 'no-region.yml'], { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-west-1', ...files })).toBe('no-region.yml is valid (stage dev, region us-west-2, 1 task)\n');
    expect(await validate(['-c', 'no-region.yml'], { AWS_DEFAULT_REGION: 'us-west-1', ...files })).toBe('no-region.yml is valid (stage dev, region us-west-1, 1 task)\n');
    expect(await validate(['-c', 'no-region.yml'], files)).toBe('no-region.yml is valid (stage dev, region ap-south-1, 1 task)\n');
    expect(await validate(['-c', 'no-region.yml', '--profile', 'ops'], files)).toBe('no-region.yml is valid (stage dev, region eu-north-1, 1 task)\n');
    expect(await validate(['-c', 'no-region.yml'], { AWS_PROFILE: 'ops', ...files })).toBe('no-region.yml is valid (stage dev, region eu-north-1, 1 task)\n');
  });

  test('the file wins over the environment, with a warning; no region anywhere is exit 2', async () => {
    expect(await run(['validate'], { AWS_REGION: 'eu-west-1' })).toEqual({
      code: 0,
      stdout: 'ecs-arch.yml is valid (stage dev, region us-east-1, 1 task)\n',
      stderr: `ecs-arch.yml:${CONFIG.split('\n').findIndex((l) => l.startsWith('region:')) + 1}:9: warning: region: using the file's us-east-1, not AWS_REGION=eu-west-1 (pass --region to choose another)\n0 errors, 1 warning\n`,
    });
    expect(await run(['compile', '-c', 'no-region.yml'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'no-region.yml:1:1: no AWS region: add "region:" to the configuration file, pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or give your profile a region\n1 error\n',
    });
  });
});

describe('lint in CI', () => {
  test('a cfn-lint that was asked for or is required and cannot run is exit 1', async () => {
    const given = await run(['lint', '--cfn-lint', '/nope/cfn-lint', '--strict']);
    expect([given.code, given.stderr.split('\n')[0]]).toEqual([1, 'ecs-arch lint: cfn-lint at "/nope/cfn-lint" could not be run (not found), so only the built-in rules ran; failing because --cfn-lint was given.']);
    const ci = await run(['lint'], { CI: 'true', PATH: '/nonexistent' });
    expect([ci.code, ci.stderr.split('\n')[0]]).toEqual([1, 'ecs-arch lint: cfn-lint was not found on PATH, so only the built-in rules ran; failing because CI=true requires it.']);
    const strict = await run(['lint', '--strict'], { PATH: '/nonexistent' });
    expect(strict.code).toBe(1);
    const local = await run(['lint'], { PATH: '/nonexistent' });
    expect([local.code, local.stdout]).toEqual([0, 'No problems found in 1 template (built-in rules only)\n']);
  });
});
