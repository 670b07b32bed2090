// info and remove against moto (through the fault proxy), and the event poller following nested stacks.
import { describe, expect } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SQSClient, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { writeFileSync } from 'node:fs';
import { connect } from '../../src/aws/clients.js';
import { run as info } from '../../src/commands/info.js';
import { run as remove } from '../../src/commands/remove.js';
import type { Io } from '../../src/io.js';
import { StackEventPoller } from '../../src/deploy/events.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';
import { stackEventsReply, withOutputs, withStackStatus } from '../support/fault-proxy.js';
import { bucket, commandContext, compiled, fakeIo, queue, runDeploy, template, topic, type FakeIoOptions } from '../support/deploy-fixtures.js';

/** info and remove read the stack name from ecs-arch.yml: one that names this stack. */
function configFor(io: Io, stack: string): void {
  writeFileSync(join(io.cwd, 'ecs-arch.yml'), `name: ${stack.replace(/-dev$/, '')}\nregion: us-east-1\n`);
}
function runInfo(io: Io, stack: string, json: boolean): Promise<number> {
  configFor(io, stack);
  return info(commandContext(io, 'info', {}, { json }));
}
function runRemove(io: Io, stack: string, yes: boolean): Promise<number> {
  configFor(io, stack);
  return remove(commandContext(io, 'remove', { yes }));
}

const it = testWithTool('moto_server');
const emulator = motoBehindProxy();


let counter = 0;
const stackName = () => `svc${++counter}-dev`;
const env = emulator.env;
const io = (options: Partial<FakeIoOptions> = {}) => fakeIo({ env: env(), ...options });

async function deployed(name: string, resources = { Jobs: queue(`${name}-jobs`), Uploads: bucket(`${name}-uploads`), Alerts: topic(`${name}-alerts`) }) {
  const fake = io();
  const outDir = join(fake.cwd, '.ecs-arch/dev');
  mkdirSync(outDir, { recursive: true });
  const code = await runDeploy({ io: fake.io, compiled: compiled(name, template(resources)), outDir, mode: 'deploy', yes: true });
  expect(fake.stderr()).toBe('');
  expect(code).toBe(0);
  emulator.proxy.clear();
}

describe('info', () => {
  it('prints status, last update and outputs; --json is machine-readable', async () => {
    const name = stackName();
    await deployed(name);
    emulator.proxy.add({ action: 'DescribeStacks', rewrite: withOutputs({ JobsUrl: 'https://sqs/jobs' }) });
    const text = io();
    expect(await runInfo(text.io, name, false)).toBe(0);
    expect(text.stdout()).toMatch(
      new RegExp(`^Account 123456789012, region us-east-1\\nStack: {8}${name}\\nStatus: {7}CREATE_COMPLETE\\nLast updated: \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\nOutputs:\\n {2}JobsUrl = https://sqs/jobs\\n$`),
    );
    const json = io();
    expect(await runInfo(json.io, name, true)).toBe(0);
    expect(JSON.parse(json.stdout())).toMatchObject({ stackName: name, exists: true, status: 'CREATE_COMPLETE', terminationProtection: false, outputs: { JobsUrl: 'https://sqs/jobs' } });
    // The template tells whether outputs live in nested stacks too (none here).
    expect(emulator.proxy.calls()).toEqual({ GetCallerIdentity: 2, DescribeStacks: 2, GetTemplate: 2 });
  });

  it('says when the stack does not exist (exit 1)', async () => {
    const fake = io();
    expect(await runInfo(fake.io, 'nothing-dev', false)).toBe(1);
    expect(fake.stderr()).toBe('Stack nothing-dev does not exist in account 123456789012, region us-east-1.\n');
  });
});

describe('remove', () => {
  it('deletes the stack, streams progress and lists the retained resources that remain', async () => {
    const name = stackName();
    await deployed(name);
    const fake = io();
    expect(await runRemove(fake.io, name, true)).toBe(0);
    expect(fake.stderr()).toBe('');
    const lines = fake.stdout().split('\n');
    expect(lines.slice(-5)).toEqual([
      `Stack ${name} removed.`,
      'Retained resources that remain (delete them yourself when no longer needed):',
      `  Jobs (AWS::SQS::Queue): https://sqs.us-east-1.amazonaws.com/123456789012/${name}-jobs`,
      `  Uploads (AWS::S3::Bucket): ${name}-uploads`,
      '',
    ]);
    expect(fake.stdout()).toMatch(/DELETE_COMPLETE {14}svc\d+-dev {2}AWS::CloudFormation::Stack\n/);
    // The queue really outlived the stack.
    const sqs = new SQSClient(emulator.moto.clientConfig);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: `${name}-jobs` }))).QueueUrl).toContain(`${name}-jobs`);
    sqs.destroy();
  });

  it('refuses a stack with termination protection, with instructions', async () => {
    const name = stackName();
    await deployed(name);
    emulator.proxy.add({ action: 'DescribeStacks', rewrite: (body) => body.replace('<EnableTerminationProtection>false', '<EnableTerminationProtection>true') });
    const fake = io();
    expect(await runRemove(fake.io, name, true)).toBe(1);
    expect(fake.stderr()).toBe(
      `Stack ${name} has termination protection on (deployment.terminationProtection). To remove it, set deployment.terminationProtection: false and deploy, ` +
        `or run "aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${name} --region us-east-1".\n`,
    );
    expect(emulator.proxy.count('DeleteStack')).toBe(0);
  });

  it('needs --yes under CI, asks on a terminal, and is a no-op for a missing stack', async () => {
    const name = stackName();
    await deployed(name);
    const ci = io();
    expect(await runRemove(ci.io, name, false)).toBe(2);
    expect(ci.stderr()).toBe('ecs-arch remove: refusing to delete without confirmation under CI (CI=true or no terminal). Pass --yes.\n');
    const declined = io({ answer: false, env: env({ CI: '' }) });
    expect(await runRemove(declined.io, name, false)).toBe(1);
    expect(declined.questions).toEqual([`Delete stack ${name} in account 123456789012, region us-east-1?`]);
    expect(emulator.proxy.count('DeleteStack')).toBe(0);
    const missing = io();
    expect(await runRemove(missing.io, 'gone-dev', true)).toBe(0);
    expect(missing.stdout()).toBe('Account 123456789012, region us-east-1\nStack gone-dev does not exist in account 123456789012, region us-east-1; nothing to remove.\n');
  });

  it('refuses a busy stack', async () => {
    const name = stackName();
    await deployed(name);
    emulator.proxy.add({ action: 'DescribeStacks', rewrite: withStackStatus('UPDATE_IN_PROGRESS') });
    const fake = io();
    expect(await runRemove(fake.io, name, true)).toBe(1);
    expect(fake.stderr()).toBe(`Stack ${name} is busy (UPDATE_IN_PROGRESS); try again when the current operation has finished.\n`);
  });
});

describe('event poller', () => {
  it('pages back to the start, de-duplicates, orders by time and follows nested stacks', async () => {
    const root = 'arn:aws:cloudformation:us-east-1:123456789012:stack/root-dev/11111111-1111-1111-1111-111111111111';
    const child = 'arn:aws:cloudformation:us-east-1:123456789012:stack/root-dev-Workers-ABC/22222222-2222-2222-2222-222222222222';
    const rootEvents = stackEventsReply([
      { logicalId: 'root-dev', resourceType: 'AWS::CloudFormation::Stack', status: 'UPDATE_IN_PROGRESS', reason: 'User Initiated' },
      { logicalId: 'Workers', resourceType: 'AWS::CloudFormation::Stack', status: 'UPDATE_IN_PROGRESS', physicalId: child },
    ]);
    const childEvents = stackEventsReply([
      { logicalId: 'root-dev-Workers-ABC', resourceType: 'AWS::CloudFormation::Stack', status: 'UPDATE_IN_PROGRESS', reason: 'User Initiated' },
      { logicalId: 'Service', resourceType: 'AWS::ECS::Service', status: 'UPDATE_COMPLETE' },
    ]);
    emulator.proxy.add({ action: 'DescribeStackEvents', when: (r) => r.params.get('StackName') === root, reply: rootEvents });
    emulator.proxy.add({ action: 'DescribeStackEvents', when: (r) => r.params.get('StackName') === child, reply: childEvents });
    const aws = await connect({ env: env(), region: 'us-east-1' });
    const poller = new StackEventPoller(aws, root, new Date(Date.now() - 60_000));
    const first = await poller.poll();
    expect(first.map((e) => [e.logicalId, e.status, e.nested])).toEqual([
      ['root-dev', 'UPDATE_IN_PROGRESS', false],
      ['Workers', 'UPDATE_IN_PROGRESS', false],
    ]);
    const second = await poller.poll();
    expect(second.map((e) => [e.stackName, e.logicalId, e.status, e.nested, e.isStack])).toEqual([
      ['root-dev-Workers-ABC', 'root-dev-Workers-ABC', 'UPDATE_IN_PROGRESS', true, true],
      ['root-dev-Workers-ABC', 'Service', 'UPDATE_COMPLETE', true, false],
    ]);
    expect(await poller.poll()).toEqual([]);
    aws.destroy();
  });
});
