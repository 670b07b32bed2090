// `ecs-arch lint` through main(): findings at the ecs-arch.yml lines that produced them, exit
// codes, --json, --strict, and what happens when cfn-lint is missing, crashes or hangs.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/main.js';
import { fakeIo } from '../support/deploy-fixtures.js';
import { testWithTool } from '../support/tools.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = 'test/fixtures/lint/ecs-arch.yml';
const WARNINGS = 'test/fixtures/lint/warnings.yml';
/** This process's environment (cfn-lint needs PATH and Python's), minus GITHUB_ACTIONS: tests that want annotations say so. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  const { GITHUB_ACTIONS: _, ...inherited } = process.env as Record<string, string>;
  return { ...inherited, ...extra };
}

async function lint(args: string[], extraEnv: Record<string, string> = {}) {
  const fake = fakeIo({ env: env(extraEnv), cwd: ROOT });
  const code = await main(['lint', ...args], fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

const BUILT_IN = [
  `${FIXTURE}:22:5: [EA1001] Bucket LegacyBucket has no PublicAccessBlockConfiguration: it can be made public (Resource LegacyBucket)`,
  `${FIXTURE}:22:5: warning: [EA1006] AWS::S3::Bucket LegacyBucket would be deleted with its data: set DeletionPolicy: Retain and UpdateReplacePolicy: Retain (Resource LegacyBucket)`,
  `${FIXTURE}:26:5: warning: [EA1003] Queue PlainQueue is not encrypted: set SqsManagedSseEnabled: true or a KmsMasterKeyId (Resource PlainQueue)`,
];

describe('ecs-arch lint', () => {
  testWithTool('cfn-lint')('real cfn-lint and the built-in rules, mapped to escape-hatch properties in ecs-arch.yml', async () => {
    const { code, stdout, stderr } = await lint(['-c', FIXTURE]);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        ...BUILT_IN,
        `${FIXTURE}:32:9: [E3012] 'not-a-number' is not of type 'integer' (Resource PlainQueue)`,
        `${FIXTURE}:47:19: [EA1002] AdminRole allows every action (*) (Resource AdminRole)`,
        `${FIXTURE}:50:5: warning: [EA1005] Log group ForeverLogs keeps logs forever: set RetentionInDays (Resource ForeverLogs)`,
        `${FIXTURE}:57:9: warning: [W3010] Avoid hardcoding availability zones 'us-east-1a' (Resource DataVolume)`,
        '3 errors, 4 warnings',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  testWithTool('cfn-lint')('an example is clean: exit 0', async () => {
    const { code, stdout, stderr } = await lint(['-c', 'examples/full/ecs-arch.yml']);
    expect([code, stdout, stderr]).toEqual([0, 'No problems found in 1 template\n', '']);
  });

  test('fixed cfn-lint findings map to the config path in the resource metadata (tasks.worker), the root for no path', async () => {
    const { code, stdout, stderr } = await lint(['-c', FIXTURE, '--cfn-lint', 'test/fixtures/cfn-lint-findings']);
    expect(stderr).toBe('');
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      `${FIXTURE}:2:1: [E0000] Template needs a Resources section`,
      `${FIXTURE}:14:3: [E3002] Additional properties are not allowed ('Bogus' was unexpected) (Resource WorkerTaskRole)`,
      `${FIXTURE}:17:9: info: [I3011] The default action on replacement is to delete (Resource WorkerService)`,
    ]);
    expect(stdout).toContain(`${FIXTURE}:57:9: warning: [W3010] Avoid hardcoding availability zones 'us-east-1a' (Resource DataVolume)\n4 errors, 4 warnings, 1 note\n`);
    expect(code).toBe(1);
  });

  test('--json: one object with every finding', async () => {
    const { code, stdout } = await lint(['-c', FIXTURE, '--cfn-lint', 'test/fixtures/cfn-lint-findings', '--json']);
    const parsed = JSON.parse(stdout) as { findings: Record<string, unknown>[]; cfnLint: string };
    expect(parsed.cfnLint).toBe('ran');
    expect(parsed.findings).toHaveLength(9);
    expect(parsed.findings[1]).toEqual({
      file: FIXTURE,
      line: 14,
      col: 3,
      rule: 'E3002',
      level: 'error',
      message: "Additional properties are not allowed ('Bogus' was unexpected)",
      resource: 'WorkerTaskRole',
      template: 'template.json',
      source: 'tasks.worker',
      tool: 'cfn-lint',
    });
    expect(code).toBe(1);
  });

  test('cfn-lint not on PATH: how to install it; the built-in rules still run; warnings alone pass unless --strict', async () => {
    // Outside CI: under CI=true a missing cfn-lint fails the run (tested in bundle.test.ts).
    const emptyPath = { PATH: mkdtempSync(join(tmpdir(), 'ecs-arch-empty-path-')), CI: '' };
    const warningLine = `${WARNINGS}:7:5: warning: [EA1005] Log group ForeverLogs keeps logs forever: set RetentionInDays (Resource ForeverLogs)`;
    const hint = 'ecs-arch lint: cfn-lint was not found on PATH, so only the built-in rules ran.\nInstall it with "pip install cfn-lint", or pass its path with --cfn-lint PATH.\n';
    expect(await lint(['-c', WARNINGS], emptyPath)).toEqual({ code: 0, stdout: `${warningLine}\n0 errors, 1 warning (built-in rules only)\n`, stderr: hint });
    expect((await lint(['-c', WARNINGS, '--strict'], emptyPath)).code).toBe(1);
  });

  test('under GitHub Actions, errors and warnings also become annotations (on stderr with --json)', async () => {
    const noCfnLint = { PATH: mkdtempSync(join(tmpdir(), 'ecs-arch-empty-path-')), GITHUB_ACTIONS: 'true' };
    const annotation = `::warning file=${WARNINGS},line=7,col=5::[EA1005] Log group ForeverLogs keeps logs forever: set RetentionInDays (Resource ForeverLogs)`;
    const text = await lint(['-c', WARNINGS], noCfnLint);
    expect(text.stdout.split('\n').slice(-2)).toEqual([annotation, '']);
    const json = await lint(['-c', WARNINGS, '--json'], noCfnLint);
    expect(JSON.parse(json.stdout).findings).toHaveLength(1);
    expect(json.stderr).toContain(`${annotation}\n`);
  });

  test('--cfn-lint PATH that does not exist: the same advice, naming the path', async () => {
    const { code, stdout, stderr } = await lint(['-c', FIXTURE, '--cfn-lint', 'test/fixtures/no-such-cfn-lint']);
    expect(stdout).toBe([...BUILT_IN, `${FIXTURE}:47:19: [EA1002] AdminRole allows every action (*) (Resource AdminRole)`, `${FIXTURE}:50:5: warning: [EA1005] Log group ForeverLogs keeps logs forever: set RetentionInDays (Resource ForeverLogs)`, '2 errors, 3 warnings (built-in rules only)', ''].join('\n'));
    expect(stderr).toBe(
      'ecs-arch lint: cfn-lint at "test/fixtures/no-such-cfn-lint" could not be run (not found), so only the built-in rules ran; failing because --cfn-lint was given.\nInstall it with "pip install cfn-lint" or fix the --cfn-lint path.\n',
    );
    expect(code).toBe(1);
  });

  test('cfn-lint crashing, printing non-JSON or hanging past the timeout: a tool error, exit 1', async () => {
    const crash = await lint(['-c', WARNINGS, '--cfn-lint', 'test/fixtures/cfn-lint-crash']);
    expect([crash.code, crash.stderr.split('\n')[0]]).toEqual([1, 'ecs-arch lint: cfn-lint failed (exit code 1):']);
    expect(crash.stderr).toContain("KeyError: 'Resources'\n");
    const notJson = await lint(['-c', WARNINGS, '--cfn-lint', 'test/fixtures/cfn-lint-not-json']);
    expect([notJson.code, notJson.stderr]).toEqual([1, 'ecs-arch lint: cfn-lint failed: it printed output that is not JSON: "E3002 Additional properties are not allowed\\ntemplate.json:1:1"\n']);
    const hang = await lint(['-c', WARNINGS, '--cfn-lint', 'test/fixtures/cfn-lint-hang'], { ECS_ARCH_CFN_LINT_TIMEOUT: '0.3' });
    expect([hang.code, hang.stderr]).toEqual([1, 'ecs-arch lint: cfn-lint did not finish within 0.3s and was stopped\n']);
  });

  test('invalid input: exit 2', async () => {
    expect(await lint(['-c', WARNINGS], { ECS_ARCH_CFN_LINT_TIMEOUT: 'soon' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch lint: ECS_ARCH_CFN_LINT_TIMEOUT must be a number of seconds greater than 0, not "soon".\n',
    });
    expect((await lint(['-c', 'test/fixtures/lint/missing.yml'])).code).toBe(2);
  });
});
