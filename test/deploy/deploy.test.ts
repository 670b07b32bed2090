// deploy and diff through the command flow (runDeploy) against moto, with the fault proxy
// in front of it for the failures moto cannot produce.
import { afterAll, beforeAll, beforeEach, describe, expect } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { runDeploy, type DeployCommandInput } from '../../src/deploy/run.js';
import { startMoto, type Moto } from '../support/moto.js';
import { testWithTool } from '../support/tools.js';
import { cfnError, cfnResponse, startFaultProxy, stackEventsReply, withOutputs, withStackStatus, type FaultProxy } from '../support/fault-proxy.js';
import { compiled, fakeIo, queue, table, template, topic, type FakeIoOptions } from '../support/deploy-fixtures.js';

const it = testWithTool('moto_server');
let moto: Moto;
let proxy: FaultProxy;
let cfn: CloudFormationClient;

beforeAll(async () => {
  moto = (await startMoto())!;
  if (!moto) return;
  proxy = await startFaultProxy(moto.endpoint);
  cfn = new CloudFormationClient(moto.clientConfig);
});
afterAll(async () => {
  cfn?.destroy();
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(() => proxy?.clear());

let counter = 0;
/** A fresh stack name per test, so tests share one moto without resets. */
function stackName(): string {
  return `app${++counter}-dev`;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint, ECS_ARCH_POLL_MS: '10', CI: 'true', ...extra };
}

type Run = Omit<DeployCommandInput, 'io' | 'outDir'> & { io?: Partial<FakeIoOptions> };
async function deploy(run: Run) {
  const fake = fakeIo({ env: env(), ...run.io });
  const outDir = join(fake.cwd, '.ecs-arch', 'dev');
  mkdirSync(outDir, { recursive: true });
  const code = await runDeploy({ ...run, io: fake.io, outDir });
  return { code, out: fake.stdout(), err: fake.stderr(), cwd: fake.cwd, questions: fake.questions, outDir };
}

async function stackStatus(name: string): Promise<string | undefined> {
  const response = await cfn.send(new DescribeStacksCommand({ StackName: name })).catch(() => undefined);
  return response?.Stacks?.[0]?.StackStatus;
}

const basic = (name: string) =>
  template({ Jobs: queue(`${name}-jobs`), Alerts: topic(`${name}-alerts`) }, { JobsUrl: { Value: { Ref: 'Jobs' } } });

describe('deploy', () => {
  it('creates a new stack from a CREATE change set, prints it, writes outputs and review.md', async () => {
    const name = stackName();
    const url = `https://sqs.us-east-1.amazonaws.com/123456789012/${name}-jobs`;
    // moto leaves Outputs empty for stacks made by change sets; add them as CloudFormation returns them.
    proxy.add({ action: 'DescribeStacks', rewrite: withOutputs({ JobsUrl: url }) });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true, outputsFile: 'out/stack.json' });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Change set ecs-arch-\\d{8}T\\d{6}-[a-z0-9]{4} for stack ${name}:$`));
    expect(lines.slice(1, 4)).toEqual([
      '  Action  Logical ID  Type             Replacement',
      '  Add     Jobs        AWS::SQS::Queue  -',
      '  Add     Alerts      AWS::SNS::Topic  -',
    ]);
    expect(result.out).toContain('Template diff:\n  Template\n  [+] AWSTemplateFormatVersion AWSTemplateFormatVersion: 2010-09-09\n\n  Resources\n  [+] AWS::SQS::Queue Jobs\n  [+] AWS::SNS::Topic Alerts\n');
    expect(result.out).toContain(`Stack ${name}: CREATE_COMPLETE\n  JobsUrl = ${url}\n`);
    expect(result.out).toMatch(/\d\d:\d\d:\d\d {2}CREATE_COMPLETE {14}app\d+-dev {2}AWS::CloudFormation::Stack\n/);
    const outputs = { JobsUrl: url };
    expect(JSON.parse(readFileSync(join(result.cwd, '.ecs-arch/dev/outputs.json'), 'utf8'))).toEqual(outputs);
    expect(JSON.parse(readFileSync(join(result.cwd, 'out/stack.json'), 'utf8'))).toEqual(outputs);
    expect(readFileSync(join(result.outDir, 'review.md'), 'utf8')).toContain(name);
    expect(await stackStatus(name)).toBe('CREATE_COMPLETE');
    expect(proxy.count('CreateChangeSet')).toBe(1);
    expect(proxy.count('ExecuteChangeSet')).toBe(1);
  });
});
