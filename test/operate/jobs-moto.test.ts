// Tasks with a timeout or retries, deployed through the shipped CLI (a change set) into moto:
// the state machine, its role and its execution log group exist as the template says, the
// stopped-task rule leaves out the attempts a state machine starts, `run` starts an execution
// as the task's trigger would, and `status` lists each state machine's recent executions.
//
// What moto does not do, and how the test deals with it:
// - moto answers GetRolePolicy for a role CloudFormation created with Python's repr of the
//   document, not JSON: test/support/moto.ts motoPolicyDocument reads both.
// - moto's AWS::StepFunctions::StateMachine keeps only DefinitionString and no
//   LoggingConfiguration: the Definition object ecs-arch emits is not stored (DescribeStateMachine
//   answers ""), so the definition itself is proven by asl-validator and test/support/states-sim.ts
//   in test/compile/jobs.test.ts, not here.
// - moto never runs an execution (it stays RUNNING until StopExecution, then ABORTED) and has no
//   error or cause for one: the FAILED execution `status` shows comes from the fault proxy, which
//   rewrites moto's ListExecutions and DescribeExecution answers for one execution.
// - moto's EventBridge matches patterns itself (its own implementation of $or, exists and
//   anything-but, not EventBridge's): the stopped-task rule's pattern is checked by copying it to
//   a rule with an SQS target and sending ECS events with PutEvents. EventBridge semantics relied
//   on: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
//   (anything-but matches only a field the event has, exists:false one it has not); ECS puts
//   RunTask's startedBy in the event's detail.startedBy:
//   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { motoPolicyDocument, physicalIds } from '../support/moto.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';
import { runBin } from '../support/bin.js';

const it = testWithTool('moto_server');
const aws = motoBehindProxy();
const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-jobs-'));

const CONFIG = `name: jobs
region: us-east-1
network:
  vpc: vpc-0123456789abcdef0
  subnets: [subnet-0a1b2c3d4e5f60718]
buckets:
  uploads: {}
topics:
  ops: {}
tasks:
  thumbnail:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/thumbnail:1
    timeout: 15m
    retry: { attempts: 3, interval: 30s, backoff: 2 }
    triggers:
      - s3: { bucket: uploads, events: [created], prefix: incoming/ }
  report:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/report:1
    triggers:
      - schedule: { expression: cron(30 2 * * ? *), timezone: Europe/Berlin }
alerts:
  topic: ops
  on: [task-failed, dead-letter, trigger-failed]
`;

const bin = (args: string[]) => runBin(args, dir, aws.env());
/** Physical IDs of the deployed stack's resources, by logical ID. */
const physical: Record<string, string> = {};

beforeAll(async () => {
  if (!aws.moto) return;
  writeFileSync(join(dir, 'ecs-arch.yml'), CONFIG);
  const deployed = await bin(['deploy', '--yes']);
  if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
  Object.assign(physical, await physicalIds(aws.moto, 'jobs-dev'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('deploying a task with timeout and retry', () => {
  it('creates the state machine with its role, and the execution log group with the task log retention', async () => {
    const { SFNClient, ListStateMachinesCommand, DescribeStateMachineCommand } = await import('@aws-sdk/client-sfn');
    const { IAMClient, GetRoleCommand, GetRolePolicyCommand } = await import('@aws-sdk/client-iam');
    const { CloudWatchLogsClient, DescribeLogGroupsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const sfn = new SFNClient(aws.moto.clientConfig);
    const iam = new IAMClient(aws.moto.clientConfig);
    const logs = new CloudWatchLogsClient(aws.moto.clientConfig);
    try {
      // One state machine: the task without timeout/retry (report) starts RunTask directly.
      const machines = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
      expect(machines.map((m) => m.stateMachineArn)).toEqual([physical.ThumbnailRunStateMachine]);
      const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: physical.ThumbnailRunStateMachine }));
      const roleName = physical.ThumbnailRunStateMachineRole!;
      const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!;
      expect([machine.type, machine.roleArn]).toEqual(['STANDARD', role.Arn]);

      // Step Functions of this account and Region only (procedure-create-iam-role.html, confused deputy).
      expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'states.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:states:us-east-1:123456789012:stateMachine:*' } },
        },
      ]);
      const policy = motoPolicyDocument((await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'run-task' }))).PolicyDocument!);
      const bySid = Object.fromEntries((policy.Statement as { Sid: string }[]).map((s) => [s.Sid, s]));
      expect(Object.keys(bySid)).toEqual(['RunTask', 'PassTaskRoles', 'TagStartedTasks', 'FollowTasks', 'SyncRule', 'ExecutionLogs', 'AlertOpsTopicPublish', 'AlertOpsTopicEncrypt']);
      expect(bySid.RunTask).toMatchObject({ Action: ['ecs:RunTask'], Resource: 'arn:aws:ecs:us-east-1:123456789012:task-definition/jobs-dev-thumbnail:*' });
      expect(bySid.AlertOpsTopicPublish).toEqual({ Sid: 'AlertOpsTopicPublish', Effect: 'Allow', Action: ['sns:Publish'], Resource: physical.OpsTopic });

      const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: physical.ThumbnailRunLogGroup }))).logGroups ?? [];
      expect(groups.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([[physical.ThumbnailRunLogGroup, 30]]);

      // The EventBridge role starts exactly this state machine.
      const events = motoPolicyDocument((await iam.send(new GetRolePolicyCommand({ RoleName: physical.ThumbnailEventsRole!, PolicyName: 'start-run' }))).PolicyDocument!);
      expect(events.Statement[0]).toEqual({ Sid: 'StartRun', Effect: 'Allow', Action: ['states:StartExecution'], Resource: physical.ThumbnailRunStateMachine });
    } finally {
      sfn.destroy();
      iam.destroy();
      logs.destroy();
    }
  }, 60_000);

  it("the stopped-task rule lets through a failed task's stop, unless a state machine started it as one attempt", async () => {
    const { EventBridgeClient, CreateEventBusCommand, DescribeRuleCommand, PutRuleCommand, PutTargetsCommand, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const { SQSClient, CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
    const events = new EventBridgeClient(aws.moto.clientConfig);
    const sqs = new SQSClient(aws.moto.clientConfig);
    try {
      const deployed = await events.send(new DescribeRuleCommand({ Name: physical.TaskStoppedAlertRule }));
      const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'matched-stops' }))).QueueUrl!;
      const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      // On a bus of its own: moto cannot deliver to the deployed rule's SNS target.
      await events.send(new CreateEventBusCommand({ Name: 'pattern-check' }));
      await events.send(new PutRuleCommand({ Name: 'copy-of-task-stopped', EventBusName: 'pattern-check', EventPattern: deployed.EventPattern }));
      await events.send(new PutTargetsCommand({ Rule: 'copy-of-task-stopped', EventBusName: 'pattern-check', Targets: [{ Id: 'queue', Arn: queueArn }] }));
      const pattern = JSON.parse(deployed.EventPattern!);
      const stop = (startedBy: string | undefined) => ({
        EventBusName: 'pattern-check',
        Source: 'aws.ecs',
        DetailType: 'ECS Task State Change',
        Detail: JSON.stringify({
          lastStatus: 'STOPPED',
          clusterArn: pattern.detail.clusterArn[0],
          taskDefinitionArn: `${pattern.detail.taskDefinitionArn[0].prefix}3`,
          stopCode: 'TaskFailedToStart',
          ...(startedBy ? { startedBy } : {}),
        }),
      });
      await events.send(new PutEventsCommand({ Entries: [stop('ecs-arch/state-machine'), stop('events-rule/jobs-dev-ThumbnailUploadsS3Rule'), stop(undefined)] }));
      const received = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }))).Messages ?? [];
      expect(received.map((m) => JSON.parse(m.Body!).detail.startedBy ?? null).sort()).toEqual(['events-rule/jobs-dev-ThumbnailUploadsS3Rule', null]);
    } finally {
      events.destroy();
      sqs.destroy();
    }
  }, 60_000);
});

describe('run', () => {
  it('starts an execution of the state machine with the input its s3 rule would give it, --env added; --wait exits 1 with the error and cause of a failed run', async () => {
    const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({ ...aws.moto.clientConfig, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: physical.UploadsBucket, Key: 'incoming/a.jpg', Body: 'hello' }));
    s3.destroy();
    const started = await bin(['run', 'thumbnail', '--s3', `s3://${physical.UploadsBucket}/incoming/a.jpg`, '--env', 'DRY_RUN=1', '--json']);
    expect([started.code, started.stderr]).toEqual([0, 'Account 123456789012, region us-east-1\n']);
    const printed = JSON.parse(started.stdout);
    expect(printed).toEqual({ task: 'thumbnail', trigger: 's3', stateMachine: physical.ThumbnailRunStateMachine!.split(':').pop(), execution: expect.any(String), executionArn: expect.any(String) });

    const { SFNClient, DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
    const sfn = new SFNClient(aws.moto.clientConfig);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: printed.executionArn }));
    sfn.destroy();
    // The state machine's input: the overrides in Step Functions' PascalCase (its RunTask reads Overrides.$ = $).
    const input = JSON.parse(execution.input!);
    expect(input.ContainerOverrides.map((c: { Name: string }) => c.Name)).toEqual(['thumbnail']);
    expect(Object.fromEntries(input.ContainerOverrides[0].Environment.map((e: { Name: string; Value: string }) => [e.Name, e.Value]))).toMatchObject({
      ECS_ARCH_TRIGGER: 's3',
      ECS_ARCH_S3_BUCKET: physical.UploadsBucket,
      ECS_ARCH_S3_KEY: 'incoming/a.jpg',
      ECS_ARCH_S3_SIZE: '5',
      DRY_RUN: '1',
    });

    // moto's executions never end: the fault proxy answers for one that failed after its last attempt.
    aws.proxy.add({ action: 'DescribeExecution', rewrite: (body) => JSON.stringify({ ...JSON.parse(body), status: 'FAILED', error: 'EcsArch.TaskFailed', cause: 'exit code 1' }) });
    const waited = await bin(['run', 'thumbnail', '--s3', `s3://${physical.UploadsBucket}/incoming/a.jpg`, '--wait']);
    expect(waited.code).toBe(1);
    expect(waited.stderr.split('\n').slice(-2)).toEqual([expect.stringMatching(/^ecs-arch run: execution \S+ ended FAILED: EcsArch\.TaskFailed: exit code 1$/), '']);
  }, 60_000);
});

describe('status', () => {
  it("lists the state machine's recent executions: status, start, stop, duration, and a failed one's error and cause (text and --json)", async () => {
    const { SFNClient, StartExecutionCommand, StopExecutionCommand } = await import('@aws-sdk/client-sfn');
    const sfn = new SFNClient(aws.moto.clientConfig);
    const start = (name: string) => sfn.send(new StartExecutionCommand({ stateMachineArn: physical.ThumbnailRunStateMachine, name, input: '{}' }));
    const aborted = await start('run-aborted');
    await sfn.send(new StopExecutionCommand({ executionArn: aborted.executionArn }));
    await start('run-failed');
    await start('run-running');
    sfn.destroy();

    // An execution that failed after its last attempt, as Step Functions would describe it.
    const startedAt = Date.parse('2026-12-01T10:00:00Z');
    const stoppedAt = startedAt + 270_000;
    const cause = 'exit code 1';
    const failed = (e: Record<string, unknown>) => (e.name === 'run-failed' || String(e.executionArn).endsWith(':run-failed') ? { ...e, status: 'FAILED', startDate: startedAt / 1000, stopDate: stoppedAt / 1000 } : e);
    aws.proxy.add({ action: 'ListExecutions', rewrite: (body) => JSON.stringify({ ...JSON.parse(body), executions: JSON.parse(body).executions.map(failed) }) });
    aws.proxy.add({
      action: 'DescribeExecution',
      when: (request) => String(request.json?.executionArn).endsWith(':run-failed'),
      rewrite: (body) => JSON.stringify({ ...failed(JSON.parse(body)), error: 'EcsArch.TaskFailed', cause }),
    });

    const json = await bin(['status', '--json']);
    const text = await bin(['status']);
    expect([json.code, json.stderr, text.code]).toEqual([0, 'Account 123456789012, region us-east-1\n', 0]);
    const { runs } = JSON.parse(json.stdout);
    const machineName = physical.ThumbnailRunStateMachine!.split(':').pop();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ task: 'thumbnail', stateMachine: machineName });
    const byName = Object.fromEntries((runs[0].executions as { name: string }[]).map((e) => [e.name, e]));
    // Newest first, at most 5 (the run test above started two more, still RUNNING in moto).
    expect(runs[0].executions).toHaveLength(5);
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['run-aborted', 'run-failed', 'run-running']));
    expect(byName['run-failed']).toEqual({
      name: 'run-failed',
      status: 'FAILED',
      startedAt: '2026-12-01T10:00:00.000Z',
      stoppedAt: '2026-12-01T10:04:30.000Z',
      durationSeconds: 270,
      error: 'EcsArch.TaskFailed',
      cause,
    });
    expect(byName['run-running']).toEqual({ name: 'run-running', status: 'RUNNING', startedAt: expect.any(String), stoppedAt: null, durationSeconds: null });
    expect(byName['run-aborted']).toMatchObject({ status: 'ABORTED', stoppedAt: expect.any(String), durationSeconds: expect.any(Number) });

    // The text: one line per execution, in the order --json gives (ListExecutions: newest first).
    const section = text.stdout.split('\n\n').find((block) => block.startsWith('Runs'))!;
    const rows = (runs[0].executions as { name: string; status: string; startedAt: string; stoppedAt: string | null }[]).map((e) => {
      if (e.name === 'run-failed') return `thumbnail  FAILED   2026-12-01T10:00:00.000Z  2026-12-01T10:04:30.000Z  4m 30s   EcsArch.TaskFailed: exit code 1`;
      if (e.status === 'RUNNING') return `thumbnail  RUNNING  ${e.startedAt}  —                         running`;
      return `thumbnail  ABORTED  ${e.startedAt}  ${e.stoppedAt}  0s`;
    });
    expect(section.split('\n')).toEqual(['Runs (tasks with timeout or retry, newest first)', ...rows.map((row) => `  ${row}`.trimEnd())]);
  }, 60_000);
});
