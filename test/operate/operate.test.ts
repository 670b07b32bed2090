// logs, run and status through the shipped CLI against moto: one application with an s3, a
// schedule, an sqs and an event task, deployed once for the whole file. What moto's CloudFormation
// leaves out (schedules, alarms, scalable targets) is created with the SDK and added to the
// stack's resource list by the fault proxy, as CloudFormation would list it. moto's RunTask
// fails on task definitions whose containers have no memory of their own (Fargate's task-level
// memory: a TypeError in moto 5) and on capacity provider strategies, so ECS's task calls
// (RunTask, DescribeTasks, ListTasks) are answered by a small fake behind the proxy, which keeps
// what RunTask received and lets a test stop a task with the exit code it chooses.
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { physicalIds } from '../support/moto.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';
import { awsJsonError, awsJsonResponse } from '../support/fault-proxy.js';
import { BIN, binEnv, runBin } from '../support/bin.js';

const it = testWithTool('moto_server');
const emulator = motoBehindProxy({ keepRules: true });
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
  audit:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/audit:1
    triggers:
      - event: { source: com.example.orders }
alerts:
  topic: ops
  on: [task-failed, dead-letter, trigger-failed]
`;

const env = (extra: Record<string, string> = {}) => emulator.env({ ECS_ARCH_POLL_MS: '50', ...extra });
const bin = (args: string[]) => runBin(args, dir, env());
const HEADER = 'Account 123456789012, region us-east-1\n';
let logs: CloudWatchLogsClient;
/** Physical IDs of the deployed stack's resources, by logical ID. */
const physical: Record<string, string> = {};

beforeAll(async () => {
  if (!emulator.moto) return;
  writeFileSync(join(dir, 'ecs-arch.yml'), CONFIG);
  // --param on deploy is recorded in the manifest deploy writes (the --param test).
  const deployed = await bin(['deploy', '--yes', '--param', 'team=ops', '--param', 'replicas=2']);
  if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
  Object.assign(physical, await physicalIds(emulator.moto, 'ops-dev'));
  logs = new CloudWatchLogsClient(emulator.moto.clientConfig);
  fakeEcs();
  await addSchedule();
}, 180_000);
afterAll(async () => {
  logs?.destroy();
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

  it('retries a throttled FilterLogEvents and reads every page', async () => {
    const stream = `report/report/${'2'.repeat(32)}`;
    const at = Date.now() - 60_000;
    await put(physical.ReportLogGroup!, stream, [[at, 'paged one']]);
    const before = emulator.proxy.count('FilterLogEvents');
    // ThrottlingException is what CloudWatch Logs answers over its rate
    // (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html#API_FilterLogEvents_Errors);
    // a page with nextToken means more events follow (same page, "Response Elements").
    emulator.proxy.add({ action: 'FilterLogEvents', times: 1, reply: () => awsJsonError('ThrottlingException', 'Rate exceeded') });
    emulator.proxy.add({ action: 'FilterLogEvents', times: 1, when: (r) => !r.json?.nextToken, rewrite: (body) => JSON.stringify({ ...JSON.parse(body), nextToken: 'page-2' }) });
    emulator.proxy.add({
      action: 'FilterLogEvents',
      times: 1,
      when: (r) => r.json?.nextToken === 'page-2',
      reply: () => awsJsonResponse({ events: [{ logStreamName: stream, timestamp: at + 1000, message: 'paged two', eventId: '2' }], searchedLogStreams: [] }),
    });
    const result = await bin(['logs', 'report', '--since', '5m', '--filter', 'paged', '--json']);
    expect([result.code, result.stderr]).toEqual([0, HEADER]);
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line).message)).toEqual(['paged one', 'paged two']);
    expect(emulator.proxy.count('FilterLogEvents') - before).toBe(3);
  }, 60_000);

  it('rejects unknown tasks and bad --since values with exit 2', async () => {
    const unknown = await bin(['logs', 'thumbnial']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'ecs-arch logs: no task "thumbnial" in this configuration (tasks: thumbnail, report, ingest, audit). Did you mean "thumbnail"?\n']);
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

/** The schedule and its group, as CloudFormation would have created them from the deployed template. */
async function addSchedule() {
  const { SchedulerClient, CreateScheduleGroupCommand, CreateScheduleCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = new SchedulerClient(emulator.moto.clientConfig);
  physical.ScheduleGroup = 'ops-dev-ScheduleGroup-TESTGROUP';
  physical.ReportSchedule = 'ops-dev-ReportSchedule-TESTSCHEDULE';
  physical.JobsAlarm = 'ops-dev-JobsAlarm-TESTALARM';
  await scheduler.send(new CreateScheduleGroupCommand({ Name: physical.ScheduleGroup }));
  await scheduler.send(
    new CreateScheduleCommand({
      Name: physical.ReportSchedule,
      GroupName: physical.ScheduleGroup,
      ScheduleExpression: 'cron(30 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: `arn:aws:ecs:us-east-1:123456789012:cluster/${physical.Cluster}`, RoleArn: 'arn:aws:iam::123456789012:role/scheduler' },
    }),
  );
  scheduler.destroy();
  const members = [
    ['ScheduleGroup', 'AWS::Scheduler::ScheduleGroup'],
    ['ReportSchedule', 'AWS::Scheduler::Schedule'],
    ['JobsAlarm', 'AWS::CloudWatch::Alarm'],
  ]
    .map(([id, type]) => `<member><LogicalResourceId>${id}</LogicalResourceId><PhysicalResourceId>${physical[id!]}</PhysicalResourceId><ResourceType>${type}</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp></member>`)
    .join('');
  emulator.proxy.add({ action: 'ListStackResources', rewrite: (body) => body.replace('</StackResourceSummaries>', `${members}</StackResourceSummaries>`) });
}

interface FakeTask {
  taskArn: string;
  input: Record<string, unknown> & { taskDefinition: string; overrides?: unknown; cluster: string };
  lastStatus: 'RUNNING' | 'STOPPED';
  exitCode?: number;
  stoppedReason?: string;
  stoppedAt?: number;
}
const fakeTasks = new Map<string, FakeTask>();
/** Set by a test: the next RunTask starts nothing and answers this failure instead. */
let nextRunFailure: { arn: string; reason: string; detail?: string } | undefined;

function fakeEcs() {
  const family = (t: FakeTask) => /task-definition\/(.+):\d+$/.exec(t.input.taskDefinition)?.[1];
  const describe = (t: FakeTask) => ({
    taskArn: t.taskArn,
    clusterArn: t.input.cluster,
    taskDefinitionArn: t.input.taskDefinition,
    lastStatus: t.lastStatus,
    overrides: t.input.overrides,
    containers: [{ name: family(t)!.replace(/^ops-dev-/, ''), ...(t.exitCode !== undefined ? { exitCode: t.exitCode } : {}) }],
    ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
    ...(t.stoppedAt ? { stoppedAt: t.stoppedAt / 1000 } : {}),
  });
  emulator.proxy.add({
    action: 'RunTask',
    reply: (request) => {
      if (nextRunFailure) {
        const failures = [nextRunFailure];
        nextRunFailure = undefined;
        return awsJsonResponse({ tasks: [], failures });
      }
      const input = request.json as FakeTask['input'];
      const task: FakeTask = { taskArn: `arn:aws:ecs:us-east-1:123456789012:task/${input.cluster}/${(fakeTasks.size + 1).toString(16).padStart(32, 'c')}`, input, lastStatus: 'RUNNING' };
      fakeTasks.set(task.taskArn, task);
      return awsJsonResponse({ tasks: [describe(task)], failures: [] });
    },
  });
  emulator.proxy.add({ action: 'DescribeTasks', reply: (request) => awsJsonResponse({ tasks: (request.json!.tasks as string[]).flatMap((arn) => (fakeTasks.has(arn) ? [describe(fakeTasks.get(arn)!)] : [])), failures: [] }) });
  emulator.proxy.add({
    action: 'ListTasks',
    reply: (request) => {
      const asked = request.json as { family?: string; desiredStatus?: string };
      return awsJsonResponse({ taskArns: [...fakeTasks.values()].filter((t) => family(t) === asked.family && (asked.desiredStatus === 'STOPPED') === (t.lastStatus === 'STOPPED')).map((t) => t.taskArn) });
    },
  });
}

const lastRun = () => [...fakeTasks.values()].pop()!;
const envOf = (task: FakeTask) => Object.fromEntries(((task.input.overrides as { containerOverrides: { environment: { name: string; value: string }[] }[] }).containerOverrides[0]!.environment).map((e) => [e.name, e.value]));

describe('run', () => {
  const network = () => ({ awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60718'], securityGroups: [physical.TaskSecurityGroup], assignPublicIp: 'DISABLED' } });

  it("starts a scheduled task with its schedule's target and input, --env added; prints the task id", async () => {
    const result = await bin(['run', 'report', '--env', 'FOO=bar', '--env', 'EMPTY=']);
    const task = lastRun();
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(`${HEADER}Started report (as its schedule trigger would): task ${task.taskArn.split('/').pop()}\n`);
    expect(task.input).toEqual({
      clientToken: expect.any(String),
      cluster: physical.Cluster,
      taskDefinition: physical.ReportTaskDefinition,
      count: 1,
      launchType: 'FARGATE',
      networkConfiguration: network(),
      platformVersion: 'LATEST',
      enableECSManagedTags: true,
      propagateTags: 'TASK_DEFINITION',
      overrides: { containerOverrides: [{ name: 'report', environment: [{ name: 'ECS_ARCH_TRIGGER', value: 'schedule' }, { name: 'FOO', value: 'bar' }, { name: 'EMPTY', value: '' }] }] },
      startedBy: 'ecs-arch/run',
    });
  }, 60_000);

  it('starts an s3-triggered task with the variables its rule would fill for --s3, from the object itself', async () => {
    const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({ ...emulator.moto.clientConfig, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: physical.UploadsBucket, Key: 'incoming/a b.jpg', Body: 'hello world' }));
    s3.destroy();
    const result = await bin(['run', 'thumbnail', '--s3', `s3://${physical.UploadsBucket}/incoming/a b.jpg`, '--json']);
    expect(result.code).toBe(0);
    const task = lastRun();
    expect(JSON.parse(result.stdout)).toEqual({ task: 'thumbnail', trigger: 's3', taskId: task.taskArn.split('/').pop(), taskArn: task.taskArn, cluster: physical.Cluster });
    expect(task.input).toMatchObject({ taskDefinition: physical.ThumbnailTaskDefinition, launchType: 'FARGATE', networkConfiguration: network() });
    // The key as S3 events carry it: URL-encoded, spaces as "+" (workers/runtime/env-contract.ts).
    expect(envOf(task)).toMatchObject({ ECS_ARCH_TRIGGER: 's3', ECS_ARCH_S3_EVENT: 'created', ECS_ARCH_S3_BUCKET: physical.UploadsBucket, ECS_ARCH_S3_KEY: 'incoming/a+b.jpg', ECS_ARCH_S3_SIZE: '11' });

    const wrong = await bin(['run', 'thumbnail', '--s3', 's3://other-bucket/x.jpg']);
    expect([wrong.code, wrong.stderr]).toEqual([2, `ecs-arch run: the s3 trigger of thumbnail watches bucket ${physical.UploadsBucket}, not other-bucket\n`]);
    const missing = await bin(['run', 'thumbnail']);
    expect([missing.code, missing.stderr]).toEqual([2, 'ecs-arch run: thumbnail is started by objects in bucket uploads: name one with --s3 s3://BUCKET/KEY\n']);
  }, 60_000);

  it("starts an event-triggered task with its rule's target and input for an empty event (ID, source and detail type filled), --env added", async () => {
    const result = await bin(['run', 'audit', '--env', 'FOO=bar']);
    const task = lastRun();
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(`${HEADER}Started audit (as its event trigger would): task ${task.taskArn.split('/').pop()}\n`);
    expect(task.input).toEqual({
      clientToken: expect.any(String),
      cluster: physical.Cluster,
      taskDefinition: physical.AuditTaskDefinition,
      count: 1,
      launchType: 'FARGATE',
      networkConfiguration: network(),
      platformVersion: 'LATEST',
      enableECSManagedTags: true,
      propagateTags: 'TASK_DEFINITION',
      overrides: {
        containerOverrides: [
          {
            name: 'audit',
            environment: [
              { name: 'ECS_ARCH_TRIGGER', value: 'event' },
              { name: 'ECS_ARCH_EVENT_ID', value: expect.stringMatching(/^[0-9a-f-]{36}$/) },
              { name: 'ECS_ARCH_EVENT_SOURCE', value: 'ecs-arch' },
              { name: 'ECS_ARCH_EVENT_DETAIL_TYPE', value: 'ecs-arch run' },
              { name: 'FOO', value: 'bar' },
            ],
          },
        ],
      },
      startedBy: 'ecs-arch/run',
    });
  }, 60_000);

  it('says why when ECS starts no task (RunTask failures), exit 1', async () => {
    // RunTask answers 200 with a failures entry when it cannot place a task
    // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html#API_RunTask_ResponseSyntax).
    const reason = 'Capacity is unavailable at this time. Please try again later or in a different availability zone';
    nextRunFailure = { arn: `arn:aws:ecs:us-east-1:123456789012:cluster/${physical.Cluster}`, reason };
    const result = await bin(['run', 'report', '--wait']);
    expect([result.code, result.stdout, result.stderr]).toEqual([1, HEADER, `ecs-arch run: ECS did not start report: ${reason}\n`]);
  }, 60_000);

  it('refuses services (sqs)', async () => {
    const result = await bin(['run', 'ingest']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecs-arch run: ingest is a service \(it consumes queue jobs\)/);
  }, 60_000);

  async function runAndStop(stop: (task: FakeTask, child: ReturnType<typeof spawn>) => void) {
    const before = fakeTasks.size;
    const child = spawn(process.execPath, [BIN, 'run', 'report', '--wait'], { cwd: dir, env: binEnv(dir, env()) });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    while (fakeTasks.size === before) await new Promise((r) => setTimeout(r, 50));
    const task = lastRun();
    const taskId = task.taskArn.split('/').pop()!;
    await put(physical.ReportLogGroup!, `report/report/${taskId}`, [[Date.now(), 'working']]);
    while (!stderr.includes('working')) await new Promise((r) => setTimeout(r, 50));
    stop(task, child);
    return { code: await exited, stderr, taskId };
  }

  it('--wait streams the logs and exits with the exit code the container stopped with', async () => {
    const { code, stderr, taskId } = await runAndStop((task) => Object.assign(task, { lastStatus: 'STOPPED', exitCode: 3, stoppedReason: 'Essential container in task exited', stoppedAt: Date.now() }));
    expect(code).toBe(3);
    expect(stderr).toMatch(new RegExp(`^\\S+Z ${taskId.slice(0, 8)} working\\nTask ${taskId} exited with code 3 \\(Essential container in task exited\\)\\.\\n$`));
  }, 60_000);

  it('--wait prints the stop reason and exits 1 when the container never ran', async () => {
    const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s)';
    const { code, stderr, taskId } = await runAndStop((task) => Object.assign(task, { lastStatus: 'STOPPED', stoppedReason: reason, stoppedAt: Date.now() }));
    expect(code).toBe(1);
    expect(stderr.split('\n').slice(-2)).toEqual([`ecs-arch run: task ${taskId} stopped without running its container: ${reason}`, '']);
  }, 60_000);

  it('--wait ended by SIGINT: exit 130, no stack trace, says the task keeps running and how to stop it', async () => {
    const { code, stderr, taskId } = await runAndStop((_task, child) => child.kill('SIGINT'));
    expect(code).toBe(130);
    expect(stderr.split('\n').slice(-2)).toEqual([`ecs-arch run: interrupted; task ${taskId} keeps running (stop it with "aws ecs stop-task --cluster ${physical.Cluster} --task ${taskId}").`, '']);
  }, 60_000);
});

describe('--profile', () => {
  it('logs, run and status use the named profile of the shared files, without credentials in the environment', async () => {
    writeFileSync(join(dir, 'credentials'), `[ci]\naws_access_key_id = ${emulator.moto.env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${emulator.moto.env.AWS_SECRET_ACCESS_KEY}\n`);
    writeFileSync(join(dir, 'config'), '[profile ci]\nregion = us-east-1\n');
    const profiled: Record<string, string> = { ...env(), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') };
    delete profiled.AWS_ACCESS_KEY_ID;
    delete profiled.AWS_SECRET_ACCESS_KEY;
    const header = 'Account 123456789012, region us-east-1 (profile ci)\n';
    const logged = await runBin(['logs', 'report', '--since', '1m', '--profile', 'ci'], dir, profiled);
    expect([logged.code, logged.stdout.slice(0, header.length), logged.stderr]).toEqual([0, header, '']);
    const started = await runBin(['run', 'report', '--profile', 'ci'], dir, profiled);
    expect([started.code, started.stdout]).toEqual([0, `${header}Started report (as its schedule trigger would): task ${lastRun().taskArn.split('/').pop()}\n`]);
    const status = await runBin(['status', '--profile', 'ci'], dir, profiled);
    expect([status.code, status.stdout.slice(0, header.length), status.stderr]).toEqual([0, header, '']);
    // Without the profile the same environment has no credentials at all.
    expect((await runBin(['status'], dir, profiled)).stderr).toMatch(/^ecs-arch status: no AWS credentials found/);
  }, 60_000);
});

/** The next 02:30 on Berlin's wall clock, found minute by minute (status computes it by jumps). */
function nextBerlin0230(now: number): string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  let t = Math.floor(now / 60_000) * 60_000 + 60_000;
  while (format.format(t) !== '02:30') t += 60_000;
  return new Date(t).toISOString();
}

describe('--param', () => {
  it('deploy records the --param overrides, typed, in the manifest it writes', () => {
    expect(JSON.parse(readFileSync(join(dir, '.ecs-arch/dev/manifest.json'), 'utf8')).params).toEqual({ team: 'ops', replicas: 2 });
  });
});

describe('status', () => {
  it('shows services, queues, schedules, s3 rules, stopped tasks and alarms in ALARM (text and --json)', async () => {
    const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient(emulator.moto.clientConfig);
    await sqs.send(new SendMessageCommand({ QueueUrl: physical.JobsQueue, MessageBody: 'a' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: physical.JobsQueue, MessageBody: 'b' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: physical.JobsDeadLetterQueue, MessageBody: 'dead' }));
    sqs.destroy();
    const { ApplicationAutoScalingClient, RegisterScalableTargetCommand } = await import('@aws-sdk/client-application-auto-scaling');
    const scaling = new ApplicationAutoScalingClient(emulator.moto.clientConfig);
    const serviceName = physical.IngestService!.split('/').pop()!;
    await scaling.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: `service/${physical.Cluster}/${serviceName}`, ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 0, MaxCapacity: 4 }));
    scaling.destroy();
    const { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } = await import('@aws-sdk/client-cloudwatch');
    const cloudwatch = new CloudWatchClient(emulator.moto.clientConfig);
    await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: physical.JobsAlarm, Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' }));
    await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: physical.JobsAlarm, StateValue: 'ALARM', StateReason: 'Threshold Crossed' }));
    cloudwatch.destroy();
    // One stopped task of known ID, time and exit code.
    fakeTasks.clear();
    const stoppedAt = Date.parse('2026-12-01T10:00:00Z');
    const taskArn = `arn:aws:ecs:us-east-1:123456789012:task/${physical.Cluster}/${'d'.repeat(32)}`;
    fakeTasks.set(taskArn, { taskArn, input: { cluster: physical.Cluster!, taskDefinition: physical.ReportTaskDefinition! }, lastStatus: 'STOPPED', exitCode: 3, stoppedReason: 'Essential container in task exited', stoppedAt });

    const before = emulator.proxy.calls();
    const text = await bin(['status']);
    const json = await bin(['status', '--json']);
    // Read-only: every AWS call status made reads (EventBridge Scheduler's REST GetSchedule is
    // an HTTP GET without an X-Amz-Target, which the proxy names "S3:GET").
    const after = emulator.proxy.calls();
    const made = Object.keys(after).filter((action) => after[action] !== before[action]);
    expect(made).toContain('DescribeServices');
    expect(made.filter((action) => !/^(Describe|List|Get|S3:GET$)/.test(action))).toEqual([]);
    const next = nextBerlin0230(Date.now());
    const document = JSON.parse(json.stdout);
    expect([text.code, json.code]).toEqual([0, 0]);
    const alarmSince = document.alarms[0]?.since;
    expect(document).toEqual({
      stackName: 'ops-dev',
      status: 'CREATE_COMPLETE',
      lastUpdated: expect.any(String),
      account: '123456789012',
      region: 'us-east-1',
      services: [{ task: 'ingest', service: serviceName, desired: 0, running: 0, pending: 0, deployment: 'COMPLETED', scaling: { min: 0, max: 4 } }],
      queues: [{ queue: 'jobs', visible: 2, inFlight: 0, deadLetter: 1 }],
      schedules: [{ task: 'report', schedule: physical.ReportSchedule, expression: 'cron(30 2 * * ? *)', timezone: 'Europe/Berlin', state: 'ENABLED', nextRun: next, deadLetters: 0 }],
      rules: [{ task: 'thumbnail', rule: physical.ThumbnailUploadsS3Rule, bucket: 'uploads', events: ['created'], state: 'ENABLED', deadLetters: 0 }],
      runs: [],
      stoppedTasks: [{ task: 'report', taskId: 'd'.repeat(32), stoppedAt: '2026-12-01T10:00:00.000Z', exitCode: 3, stopReason: 'Essential container in task exited' }],
      alarms: [{ alarm: physical.JobsAlarm, reason: 'Threshold Crossed', since: alarmSince }],
    });
    const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short' }).format(Date.parse(next));
    expect(text.stdout).toBe(
      [
        'Account 123456789012, region us-east-1',
        `Stack ops-dev: CREATE_COMPLETE, last updated ${document.lastUpdated}`,
        '',
        'Services',
        '  ingest  desired 0  running 0  pending 0  deployment COMPLETED  scaling 0-4',
        '',
        'Queues',
        '  jobs  visible 2  in flight 0  dead-letter 1',
        '',
        'Schedules',
        `  report  cron(30 2 * * ? *)  ENABLED  next ${berlin} 02:30 Europe/Berlin  dead letters 0`,
        '',
        'S3 rules',
        '  thumbnail  bucket uploads  created  ENABLED  dead letters 0',
        '',
        'Stopped tasks',
        '  report  dddddddd  2026-12-01T10:00:00.000Z  exit 3  Essential container in task exited',
        '',
        'Alarms in ALARM',
        `  ${physical.JobsAlarm}  ${alarmSince}  Threshold Crossed`,
        '',
      ].join('\n'),
    );
  }, 60_000);
});
