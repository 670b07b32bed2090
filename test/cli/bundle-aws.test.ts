// The shipped CLI against moto, with the fault proxy in front for what moto cannot do:
// --json, --verbose, headers, --profile and credentials, --outputs-file, failures after a
// successful execution, a lost endpoint, a concurrent deploy, ROLLBACK_COMPLETE, and the
// confirmation prompt on a real pseudo-terminal (Ctrl-C, Ctrl-D).
import { afterAll, describe, expect } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';
import { cfnError, startFaultProxy, withStackStatus } from '../support/fault-proxy.js';
import { runBin, runBinOnTerminal, type BinRun } from '../support/bin.js';

const it = testWithTool('moto_server');
const emulator = motoBehindProxy();
const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-bundle-aws-'));
let counter = 0;

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** A fresh application (and so stack) per test, in its own folder. */
function app(): { name: string; dir: string } {
  const name = `bin${++counter}`;
  const dir = join(cwd, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ecs-arch.yml'), `name: ${name}\nregion: us-east-1\nqueues:\n  jobs: {}\ntopics:\n  alerts: {}\n`);
  return { name, dir };
}

const bin = (dir: string, args: string[], extra: Record<string, string> = {}) => runBin(args, dir, emulator.env(extra));
const HEADER = 'Account 123456789012, region us-east-1\n';

/**
 * One application deployed with --verbose, shared by the tests that need a deployed, unchanged
 * stack (none changes it): each fresh deploy is a CLI start and a stack create in moto.
 */
let shared: Promise<{ name: string; dir: string; deployed: BinRun }> | undefined;
function deployedVerbose(): Promise<{ name: string; dir: string; deployed: BinRun }> {
  shared ??= (async () => {
    const { name, dir } = app();
    return { name, dir, deployed: await bin(dir, ['deploy', '--yes', '--verbose']) };
  })();
  return shared;
}

describe('--json, --verbose and headers', () => {
  it('deploy --json is one JSON document on stdout; diff and remove too; outputs.json next to the config', async () => {
    const { name, dir } = app();
    const deployed = await bin(dir, ['deploy', '--yes', '--json']);
    expect(deployed.code).toBe(0);
    const document = JSON.parse(deployed.stdout);
    expect(document).toMatchObject({ command: 'deploy', stackName: `${name}-dev`, account: '123456789012', region: 'us-east-1', result: 'deployed', status: 'CREATE_COMPLETE', exitCode: 0, outputs: {} });
    expect(document.changeSet.changes.map((c: { logicalId: string }) => c.logicalId).sort()).toEqual(expect.arrayContaining(['JobsQueue']));
    expect(document.changeSet.dataLossRisks).toEqual([]);
    // The header and progress go to stderr under --json.
    expect(deployed.stderr.startsWith(HEADER)).toBe(true);
    expect(existsSync(join(dir, '.ecs-arch/dev/outputs.json'))).toBe(true);

    const diff = await bin(dir, ['diff', '--json']);
    expect([diff.code, JSON.parse(diff.stdout).result, JSON.parse(diff.stdout).command]).toEqual([0, 'no-changes', 'diff']);

    const removed = await bin(dir, ['remove', '--yes', '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ command: 'remove', stackName: `${name}-dev`, result: 'removed', exitCode: 0 });
    expect(JSON.parse(removed.stdout).retained.map((r: { logicalId: string }) => r.logicalId).sort()).toEqual(expect.arrayContaining(['JobsQueue']));
  }, 120_000);

  it('--verbose logs every AWS request and the timings; info prints the account and region header', async () => {
    const { name, dir, deployed } = await deployedVerbose();
    expect(deployed.code).toBe(0);
    expect(deployed.stdout.startsWith(HEADER)).toBe(true);
    expect(deployed.stderr).toMatch(/^aws: STS GetCallerIdentity POST 127\.0\.0\.1:\d+\/ → 200 \(\d+ ms\)$/m);
    expect(deployed.stderr).toMatch(/^aws: CloudFormation CreateChangeSet POST 127\.0\.0\.1:\d+\/ → 200 \(\d+ ms\)$/m);
    expect(deployed.stderr).toMatch(/^Timings: compile \d+\.\ds, connect \d+\.\ds, settle \d+\.\ds, change-set \d+\.\ds, review \d+\.\ds, execute \d+\.\ds, finish \d+\.\ds, total \d+\.\ds$/m);
    const info = await bin(dir, ['info']);
    expect([info.code, info.stdout.split('\n').slice(0, 2)]).toEqual([0, ['Account 123456789012, region us-east-1', `Stack:        ${name}-dev`]]);
  }, 120_000);
});

describe('profiles and credentials', () => {
  it('--profile reads the shared files; no credentials at all is an actionable message', async () => {
    const { dir } = app();
    writeFileSync(join(dir, 'credentials'), `[ci]\naws_access_key_id = ${emulator.moto.env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${emulator.moto.env.AWS_SECRET_ACCESS_KEY}\n`);
    // credential_process: the SDK runs the command and reads its JSON (https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html).
    const processCommand = `${process.execPath} -e "process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'${emulator.moto.env.AWS_ACCESS_KEY_ID}',SecretAccessKey:'${emulator.moto.env.AWS_SECRET_ACCESS_KEY}'}))"`;
    writeFileSync(join(dir, 'config'), `[profile ci]\nregion = us-east-1\n[profile proc]\nregion = us-east-1\ncredential_process = ${processCommand}\n`);
    const files = { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') };
    const base = { AWS_ENDPOINT_URL: emulator.proxy.endpoint, CI: 'true', ...files };
    const info = await runBin(['info', '--profile', 'ci'], dir, base);
    expect([info.code, info.stdout, info.stderr]).toEqual([1, 'Account 123456789012, region us-east-1 (profile ci)\n', expect.stringMatching(/^Stack bin\d+-dev does not exist/)]);
    const viaProcess = await runBin(['info', '--profile', 'proc'], dir, base);
    expect([viaProcess.code, viaProcess.stdout]).toEqual([1, 'Account 123456789012, region us-east-1 (profile proc)\n']);
    const none = await runBin(['info'], dir, { AWS_ENDPOINT_URL: emulator.proxy.endpoint, CI: 'true' });
    expect(none).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ecs-arch info: no AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use a profile from ~/.aws/config (--profile NAME or AWS_PROFILE; for SSO run "aws sso login --profile NAME" first)\n',
    });
  }, 60_000);

  it('--profile works for diff, deploy, bootstrap and remove too (logs, run and status: test/operate/operate.test.ts)', async () => {
    const { dir } = app();
    writeFileSync(join(dir, 'credentials'), `[ci]\naws_access_key_id = ${emulator.moto.env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${emulator.moto.env.AWS_SECRET_ACCESS_KEY}\n`);
    writeFileSync(join(dir, 'config'), '[profile ci]\nregion = us-east-1\n');
    // No credentials in the environment: only the profile can answer.
    const base = { AWS_ENDPOINT_URL: emulator.proxy.endpoint, CI: 'true', ECS_ARCH_POLL_MS: '10', AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') };
    const header = 'Account 123456789012, region us-east-1 (profile ci)\n';
    for (const args of [['diff'], ['deploy', '--yes'], ['bootstrap'], ['remove', '--yes']]) {
      const result = await runBin([...args, '--profile', 'ci'], dir, base);
      expect([args[0], result.code, result.stdout.slice(0, header.length)]).toEqual([args[0], 0, header]);
    }
    expect((await runBin(['diff'], dir, base)).stderr).toMatch(/^ecs-arch diff: no AWS credentials found/);
  }, 90_000);
});

describe('logs', () => {
  it('a configuration without tasks has no logs: said before any AWS call, exit 2', async () => {
    const { dir } = app();
    expect(await bin(dir, ['logs'])).toEqual({ code: 2, stdout: '', stderr: 'ecs-arch logs: ecs-arch.yml has no tasks, so there are no logs to show.\n' });
    expect(emulator.proxy.calls()).toEqual({});
  }, 30_000);
});

describe('files around deploy', () => {
  it('--outputs-file that cannot be written is found before anything is deployed (exit 2)', async () => {
    const { dir } = app();
    const result = await bin(dir, ['deploy', '--yes', '--outputs-file', '/proc/none/outputs.json']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'ecs-arch deploy: --outputs-file /proc/none: no such file or folder (ENOENT); nothing was deployed.\n' });
    expect(emulator.proxy.count('CreateChangeSet')).toBe(0);
  }, 60_000);

  it('a failing call after a successful execution still reports the deploy and writes what it can (exit 1)', async () => {
    const { name, dir } = app();
    writeFileSync(join(dir, 'ecs-arch.yml'), `${readFileSync(join(dir, 'ecs-arch.yml'), 'utf8')}deployment:\n  terminationProtection: true\n`);
    emulator.proxy.add({ action: 'UpdateTerminationProtection', reply: () => cfnError('AccessDenied', 'User is not authorized to perform: cloudformation:UpdateTerminationProtection', 403) });
    const result = await bin(dir, ['deploy', '--yes', '--outputs-file', 'out/outputs.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Stack ${name}-dev: CREATE_COMPLETE\n`);
    expect(result.stderr).toBe(
      'warning: could not turn termination protection on: User is not authorized to perform: cloudformation:UpdateTerminationProtection\n' +
        'The stack is deployed; ecs-arch exits 1 because the step above failed.\n',
    );
    expect(JSON.parse(readFileSync(join(dir, 'out/outputs.json'), 'utf8'))).toEqual({});
    expect(existsSync(join(dir, '.ecs-arch/dev/outputs.json'))).toBe(true);
  }, 60_000);
});

describe('interruptions and other operations', () => {
  it('a lost endpoint while the stack updates is retried for a bounded time, then explained (exit 1)', async () => {
    const { name, dir } = app();
    // A proxy of its own, stopped once execution has started: every later call is refused.
    const own = await startFaultProxy(emulator.moto.endpoint);
    own.add({ action: 'DescribeStackEvents', times: 1, before: () => void own.stop() });
    const result = await runBin(['deploy', '--yes'], dir, emulator.env({ AWS_ENDPOINT_URL: own.endpoint, ECS_ARCH_RECONNECT_TIMEOUT_MS: '300', AWS_MAX_ATTEMPTS: '1' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^Lost the connection to CloudFormation for \\d+s \\([^)]*\\); the stack may still be updating\\. CloudFormation keeps going without ecs-arch\\.\\n` +
          ` {2}Follow it: aws cloudformation describe-stack-events --stack-name ${name}-dev --region us-east-1\\n`,
      ),
    );
  }, 60_000);

  it('another operation started before execution: the change set is deleted and the message is clear (exit 1)', async () => {
    const { name, dir } = app();
    emulator.proxy.add({ action: 'ExecuteChangeSet', reply: () => cfnError('ValidationError', `Stack:arn:aws:cloudformation:us-east-1:123456789012:stack/${name}-dev/1 is in UPDATE_IN_PROGRESS state and can not be updated.`) });
    const result = await bin(dir, ['deploy', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Stack ${name}-dev started another operation while this change set was being prepared, so it cannot be executed ` +
        `(Stack:arn:aws:cloudformation:us-east-1:123456789012:stack/${name}-dev/1 is in UPDATE_IN_PROGRESS state and can not be updated.). ` +
        'The change set was deleted and nothing was changed; deploy again when the other operation has finished.\n',
    );
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(1);
  }, 60_000);

  it('diff and deploy --no-execute on a ROLLBACK_COMPLETE stack say it must be recreated and how', async () => {
    const { name, dir, deployed } = await deployedVerbose();
    expect(deployed.code).toBe(0);
    emulator.proxy.clear();
    emulator.proxy.add({ action: 'DescribeStacks', rewrite: withStackStatus('ROLLBACK_COMPLETE') });
    const message =
      `Stack ${name}-dev is ROLLBACK_COMPLETE: its first create failed, and CloudFormation cannot update a stack in that state, only delete it. ` +
      'Run "ecs-arch deploy" (it deletes the stack and creates it again after asking), or "ecs-arch remove" and then deploy. Nothing was changed.\n';
    expect(await bin(dir, ['diff'])).toEqual({ code: 1, stdout: HEADER, stderr: message });
    expect(await bin(dir, ['deploy', '--no-execute'])).toEqual({ code: 1, stdout: HEADER, stderr: message });
    expect(emulator.proxy.count('CreateChangeSet')).toBe(0);
  }, 60_000);

  it('--force creates a change set for an unchanged stack', async () => {
    const { name, dir, deployed } = await deployedVerbose();
    expect(deployed.code).toBe(0);
    emulator.proxy.clear();
    const forced = await bin(dir, ['deploy', '--yes', '--force']);
    expect(forced).toEqual({ code: 0, stdout: `${HEADER}No changes: stack ${name}-dev is up to date (CloudFormation found no changes).\n`, stderr: '' });
    expect(emulator.proxy.count('CreateChangeSet')).toBe(1);
  }, 60_000);

  // On a terminal: readline gets Ctrl-C (\x03) and Ctrl-D (\x04) as keys.
  it('Ctrl-C at the prompt deletes the change set, exit 130; Ctrl-D is "not confirmed", exit 1', async () => {
    const { dir } = app();
    const terminal = emulator.env({ CI: '' });
    const interrupted = await runBinOnTerminal(['deploy'], dir, terminal, '[y/N]', '\x03');
    expect(interrupted.code).toBe(130);
    expect(interrupted.output).toContain('Interrupted; the change set was deleted and nothing was changed.');
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(1);
    const ended = await runBinOnTerminal(['deploy'], dir, terminal, '[y/N]', '\x04');
    expect(ended.code).toBe(1);
    expect(ended.output).toContain('Deploy not confirmed; the change set was deleted and nothing was changed.');
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(2);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(0);
  }, 60_000);
});
