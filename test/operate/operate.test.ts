// logs, run and status through the shipped CLI against moto: one application with an s3, a
// schedule and an sqs task, deployed once for the whole file. What moto's CloudFormation
// leaves out (schedules, alarms, scalable targets) is created with the SDK and added to the
// stack's resource list by the fault proxy, as CloudFormation would list it.
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startMoto, type Moto } from '../support/moto.js';
import { testWithTool } from '../support/tools.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { BIN, binEnv, runBin } from '../support/bin.js';

const it = testWithTool('moto_server');
let moto: Moto;
let proxy: FaultProxy;
const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-operate-'));

const CONFIG = `name: ops
region: us-east-1
network:
  vpc: vpc-0123456789abcdef0
  subnets: [subnet-0a1b2c3d4e5f60718]
buckets:
  uploads: {}
queues:
  jobs: {}
topics:
  ops: {}
tasks:
  thumbnail:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/thumbnail:1
    triggers:
      - s3: { bucket: uploads, events: [created], prefix: incoming/ }
  report:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/report:1
    triggers:
      - schedule: { expression: cron(30 2 * * ? *), timezone: Europe/Berlin }
  ingest:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/ingest:1
    spot: true
    triggers:
      - sqs: { queue: jobs, scaling: { min: 0, max: 4 } }
alerts:
  topic: ops
  on: [task-failed, dead-letter, trigger-failed]
`;

const env = (extra: Record<string, string> = {}) => ({ ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint, ECS_ARCH_POLL_MS: '50', CI: 'true', ...extra });
const bin = (args: string[]) => runBin(args, dir, env());
const HEADER = 'Account 123456789012, region us-east-1\n';
let logs: CloudWatchLogsClient;
/** Physical IDs of the deployed stack's resources, by logical ID. */
const physical: Record<string, string> = {};

beforeAll(async () => {
  moto = (await startMoto())!;
  if (!moto) return;
  proxy = await startFaultProxy(moto.endpoint);
  writeFileSync(join(dir, 'ecs-arch.yml'), CONFIG);
  const deployed = await bin(['deploy', '--yes']);
  if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
  const { CloudFormationClient, ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = new CloudFormationClient(moto.clientConfig);
  for (const r of (await cfn.send(new ListStackResourcesCommand({ StackName: 'ops-dev' }))).StackResourceSummaries ?? []) {
    if (r.LogicalResourceId && r.PhysicalResourceId) physical[r.LogicalResourceId] = r.PhysicalResourceId;
  }
  cfn.destroy();
  logs = new CloudWatchLogsClient(moto.clientConfig);
}, 180_000);
afterAll(async () => {
  logs?.destroy();
  await proxy?.stop();
  await moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const TASK_A = '0123456789abcdef0123456789abcdef';
const TASK_B = 'fedcba9876543210fedcba9876543210';
const TASK_R = 'aaaabbbbccccddddeeeeffff00001111';

async function put(group: string, stream: string, events: [number, string][]) {
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch(() => undefined);
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events.map(([timestamp, message]) => ({ timestamp, message })) }));
}

describe('logs', () => {
  // Fixed times, two hours and three hours ago, so --since 1h and an ISO time cut between them.
  const base = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  it('interleaves all streams of a task by time, short task IDs; several tasks or none are prefixed; --since, --filter, --json', async () => {
    await put(physical.ThumbnailLogGroup!, `thumbnail/thumbnail/${TASK_A}`, [[base - 3_600_000, 'old line'], [base + 1000, 'start a'], [base + 3000, 'ERROR a failed']]);
    await put(physical.ThumbnailLogGroup!, `thumbnail/thumbnail/${TASK_B}`, [[base + 2000, 'start b'], [base + 4000, 'done b']]);
    await put(physical.ReportLogGroup!, `report/report/${TASK_R}`, [[base + 2500, 'report line']]);

    const one = await bin(['logs', 'thumbnail', '--since', '150m']);
    expect([one.code, one.stderr]).toEqual([0, '']);
    expect(one.stdout).toBe(
      HEADER +
        `${iso(base + 1000)} 01234567 start a\n${iso(base + 2000)} fedcba98 start b\n${iso(base + 3000)} 01234567 ERROR a failed\n${iso(base + 4000)} fedcba98 done b\n`,
    );

    const all = await bin(['logs', '--since', iso(base)]);
    expect(all.stdout).toBe(
      HEADER +
        `${iso(base + 1000)} thumbnail 01234567 start a\n${iso(base + 2000)} thumbnail fedcba98 start b\n${iso(base + 2500)} report aaaabbbb report line\n` +
        `${iso(base + 3000)} thumbnail 01234567 ERROR a failed\n${iso(base + 4000)} thumbnail fedcba98 done b\n`,
    );
    const named = await bin(['logs', 'report', 'thumbnail', '--since', '4h']);
    expect(named.stdout.split('\n').slice(1, 3)).toEqual([`${iso(base - 3_600_000)} thumbnail 01234567 old line`, `${iso(base + 1000)} thumbnail 01234567 start a`]);

    // The default is the last hour: nothing here is that recent.
    expect((await bin(['logs', 'thumbnail'])).stdout).toBe(HEADER);

    const filtered = await bin(['logs', 'thumbnail', '--since', '4h', '--filter', 'ERROR', '--json']);
    expect(filtered.stdout).toBe(`${JSON.stringify({ task: 'thumbnail', taskId: TASK_A, timestamp: iso(base + 3000), message: 'ERROR a failed' })}\n`);
    expect(filtered.stderr).toBe(HEADER);
  }, 120_000);

  it('rejects unknown tasks and bad --since values with exit 2', async () => {
    const unknown = await bin(['logs', 'thumbnial']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'ecs-arch logs: no task "thumbnial" in this configuration (tasks: thumbnail, report, ingest). Did you mean "thumbnail"?\n']);
    const since = await bin(['logs', '--since', 'yesterday']);
    expect([since.code, since.stderr]).toEqual([2, 'ecs-arch logs: --since "yesterday" must be a duration (30s, 15m, 1h, 2d) or an ISO 8601 time (2026-12-01T09:30:00Z).\n']);
  }, 60_000);

  it('--follow prints new lines as they arrive and ends on SIGINT with exit 130, no stack trace', async () => {
    const stream = `report/report/${'1'.repeat(32)}`;
    await put(physical.ReportLogGroup!, stream, [[Date.now() - 1000, 'before follow']]);
    const child = spawn(process.execPath, [BIN, 'logs', 'report', '--follow', '--since', '5m'], { cwd: dir, env: binEnv(dir, env()) });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const waiting: { text: string; resolve(): void }[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const w of waiting) if (stdout.includes(w.text)) w.resolve();
    });
    const seen = (text: string) => new Promise<void>((resolve) => (stdout.includes(text) ? resolve() : waiting.push({ text, resolve })));
    await seen('before follow');
    await put(physical.ReportLogGroup!, stream, [[Date.now(), 'while following']]);
    await seen('while following');
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout.split('\n').filter((l) => l.endsWith('following') || l.endsWith('follow'))).toHaveLength(2);
    expect(stderr).toBe('');
  }, 60_000);
});
