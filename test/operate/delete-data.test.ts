// remove --delete-data through the shipped CLI against moto: one configuration deployed as two
// stages in parallel (dev: the complete run leaves nothing behind; fail: a failure, a resource
// already gone and --json), with a bucket the configuration declares `existing`, which no
// remove touches; beside them a configuration split into nested stacks (at most 50 resources
// per stack), whose table and queues live in its nested data stacks; Ctrl-C during the
// deletion on a stack made with the SDK. moto's DeleteStack keeps resources whose DeletionPolicy is Retain (moto 5.2,
// cloudformation/parsing.py: "Only try to delete resources without a Retain DeletionPolicy"),
// as CloudFormation does, so everything gone afterwards was deleted by ecs-arch; the tests also
// check that each of them still existed after a refused or declined remove.
// AWS semantics relied on: Retain keeps the resource when its stack is deleted
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html);
// a bucket is deleted only when empty, every object version and delete marker included
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/empty-bucket.html); DeleteObjects takes
// at most 1,000 keys (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, DeleteObjectCommand, ListBucketsCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteQueueCommand, ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { testWithTool } from '../support/tools.js';
import { awsJsonError } from '../support/fault-proxy.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { physicalIds } from '../support/moto.js';
import { BIN, binEnv, runBin, runBinOnTerminal } from '../support/bin.js';
import { deletableData, deleteData } from '../../src/operate/delete-data.js';
import { run as remove } from '../../src/commands/remove.js';
import { commandContext, fakeIo } from '../support/deploy-fixtures.js';

const it = testWithTool('moto_server');
const aws = motoBehindProxy();
const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-delete-data-'));
const SHARED = 'scratch-shared-data';

const CONFIG = `name: scratch
region: us-east-1
network:
  vpc: vpc-0123456789abcdef0
  subnets: [subnet-0a1b2c3d4e5f60718]
buckets:
  uploads: { versioned: true }
  plain: {}
  shared: { existing: ${SHARED} }
tables:
  orders: { partitionKey: id }
queues:
  jobs: {}
tasks:
  worker:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:1
    access:
      buckets: { shared: read, uploads: readwrite, plain: readwrite }
      tables: { orders: readwrite }
    triggers:
      - sqs: { queue: jobs }
cloudformation:
  resources:
    AuditLogGroup: { Type: AWS::Logs::LogGroup, DeletionPolicy: Retain, Properties: { RetentionInDays: 7 } }
    KeptTopic: { Type: AWS::SNS::Topic, DeletionPolicy: Retain }
`;

/** 20 queues and a table do not fit in a root of at most 50 resources: they go to nested data stacks. */
const SPLIT = `name: split
region: us-east-1
network:
  vpc: vpc-0123456789abcdef0
  subnets: [subnet-0a1b2c3d4e5f60718]
deployment: { artifactBucket: scratch-artifacts, maxResourcesPerStack: 50 }
tables:
  orders: { partitionKey: id }
queues:
${Array.from({ length: 20 }, (_, i) => `  q${i}: {}`).join('\n')}
tasks:
  worker:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:1
    access: { tables: { orders: readwrite } }
    triggers:
      - sqs: { queue: q0 }
`;

const bin = (args: string[], extra: Record<string, string> = {}) => runBin(args, dir, aws.env(extra));
const HEADER = 'Account 123456789012, region us-east-1\n';
let cfn: CloudFormationClient;
let s3: S3Client;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;
let logs: CloudWatchLogsClient;
/** Physical IDs by stage, then logical ID. */
const physical: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  const { moto } = aws;
  if (!moto) return;
  cfn = new CloudFormationClient(moto.clientConfig);
  s3 = new S3Client({ ...moto.clientConfig, forcePathStyle: true });
  dynamodb = new DynamoDBClient(moto.clientConfig);
  sqs = new SQSClient(moto.clientConfig);
  logs = new CloudWatchLogsClient(moto.clientConfig);
  await s3.send(new CreateBucketCommand({ Bucket: SHARED }));
  await s3.send(new PutObjectCommand({ Bucket: SHARED, Key: 'keep.txt', Body: 'keep' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'scratch-artifacts' }));
  writeFileSync(join(dir, 'ecs-arch.yml'), CONFIG);
  writeFileSync(join(dir, 'split.yml'), SPLIT);
  const deployed = await Promise.all([...['dev', 'fail'].map((stage) => bin(['deploy', '--yes', '-s', stage])), bin(['deploy', '--yes', '-c', 'split.yml'])]);
  for (const d of deployed) if (d.code !== 0) throw new Error(`deploy failed: ${d.stderr}`);
  for (const stage of ['dev', 'fail']) {
    physical[stage] = await physicalIds(moto, `scratch-${stage}`);
    await fill(physical[stage]!, stage === 'dev' ? 1001 : 2);
  }
  // The split stage's data, by logical ID, from its nested data stacks.
  const root = await physicalIds(moto, 'split-dev');
  physical.split = {};
  for (const [logicalId, id] of Object.entries(root)) if (logicalId.startsWith('DataStack')) Object.assign(physical.split, await physicalIds(moto, id));
  await sqs.send(new SendMessageCommand({ QueueUrl: physical.split.Q0Queue!, MessageBody: 'job' }));
  await dynamodb.send(new PutItemCommand({ TableName: physical.split.OrdersTable!, Item: { id: { S: 'order-1' } } }));
}, 180_000);
afterAll(async () => {
  for (const client of [cfn, s3, dynamodb, sqs, logs]) client?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Data in everything: object versions and delete markers, items, messages; `many` objects in the plain bucket. */
async function fill(ids: Record<string, string>, many: number) {
  const uploads = ids.UploadsBucket!;
  // moto's CloudFormation leaves out VersioningConfiguration (moto 5.2 s3/models.py
  // create_from_cloudformation_json): versioning is switched on as the template says.
  await s3.send(new PutBucketVersioningCommand({ Bucket: uploads, VersioningConfiguration: { Status: 'Enabled' } }));
  for (const [key, body] of [['a.txt', 'v1'], ['a.txt', 'v2'], ['b.txt', 'b'], ['c.txt', 'c']]) await s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: body }));
  await s3.send(new DeleteObjectCommand({ Bucket: uploads, Key: 'b.txt' }));
  const keys = Array.from({ length: many }, (_, i) => `obj-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => s3.send(new PutObjectCommand({ Bucket: ids.PlainBucket!, Key: key, Body: key }))));
  await dynamodb.send(new PutItemCommand({ TableName: ids.OrdersTable!, Item: { id: { S: 'order-1' } } }));
  for (const queue of [ids.JobsQueue!, ids.JobsDeadLetterQueue!]) await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'job' }));
}

/** What of the stage's retained data exists in moto, by logical ID. */
async function remaining(stage: string): Promise<string[]> {
  const ids = physical[stage]!;
  const buckets = new Set(((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name));
  const tables = new Set((await dynamodb.send(new ListTablesCommand({}))).TableNames ?? []);
  // moto lists queue URLs on its own host: queues are compared by name.
  const queues = new Set(((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).map(queueName));
  const groups = new Set(((await logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map((g) => g.logGroupName));
  return Object.entries(ids)
    .filter(([, id]) => buckets.has(id) || tables.has(id) || queues.has(queueName(id)) || groups.has(id))
    .map(([logicalId]) => logicalId)
    .sort();
}

const queueName = (url: string) => url.slice(url.lastIndexOf('/') + 1);
/** The terminal's output without readline's cursor movements and carriage returns. */
const plain = (output: string) => output.replace(/\x1b\[\d*[A-Za-z]/g, '').replace(/\r/g, '');
const DATA = ['AuditLogGroup', 'JobsDeadLetterQueue', 'JobsQueue', 'OrdersTable', 'PlainBucket', 'UploadsBucket', 'WorkerLogGroup'];
const stackExists = async (stage: string) => ((await cfn.send(new DescribeStacksCommand({ StackName: `scratch-${stage}` }))).Stacks ?? []).length === 1;

describe('remove --delete-data', () => {
  it('without a terminal, refuses without --yes (exit 2) and deletes nothing', async () => {
    const { proxy } = aws;
    const message =
      "ecs-arch remove: --delete-data deletes the stack's buckets, tables and queues with everything in them; under CI (CI=true or no terminal) it needs --yes as well. Nothing was deleted.\n";
    expect(await bin(['remove', '--delete-data'])).toEqual({ code: 2, stdout: '', stderr: message });
    // No terminal (runBin has none) is refused the same way without CI=true.
    expect(await bin(['remove', '--delete-data'], { CI: '' })).toEqual({ code: 2, stdout: '', stderr: message });
    expect(proxy.calls()).toEqual({});
    expect(await stackExists('dev')).toBe(true);
    expect(await remaining('dev')).toEqual(DATA);
  }, 60_000);

  // On a terminal: the stage name must be typed; readline gets Ctrl-C (\x03) and Ctrl-D (\x04) as keys.
  it('on a terminal, lists what it would delete; a wrong stage name, Ctrl-C or Ctrl-D deletes nothing', async () => {
    const terminal = aws.env({ CI: '' });
    const wrong = await runBinOnTerminal(['remove', '--delete-data'], dir, terminal, 'to confirm: ', 'prod\r');
    expect(wrong.code).toBe(1);
    const ids = physical.dev!;
    expect(plain(wrong.output)).toContain(
      'This deletes stack scratch-dev in account 123456789012, region us-east-1, and then this data, which cannot be recovered:\n' +
        [
          `  AWS::S3::Bucket       ${ids.UploadsBucket}`,
          `  AWS::S3::Bucket       ${ids.PlainBucket}`,
          `  AWS::DynamoDB::Table  ${ids.OrdersTable}`,
          `  AWS::SQS::Queue       ${queueName(ids.JobsDeadLetterQueue!)}`,
          `  AWS::SQS::Queue       ${queueName(ids.JobsQueue!)}`,
          `  AWS::Logs::LogGroup   ${ids.AuditLogGroup}`,
        ].join('\n') +
        '\nType the stage name (dev) to confirm: prod\nThat is not the stage name (dev); nothing was deleted.\n',
    );
    const interrupted = await runBinOnTerminal(['remove', '--delete-data'], dir, terminal, 'to confirm: ', '\x03');
    expect(interrupted.code).toBe(130);
    expect(interrupted.output).toContain('Interrupted; nothing was deleted.');
    const ended = await runBinOnTerminal(['remove', '--delete-data'], dir, terminal, 'to confirm: ', '\x04');
    expect(ended.code).toBe(1);
    expect(ended.output).toContain('That is not the stage name (dev); nothing was deleted.');
    expect(aws.proxy.count('DeleteStack')).toBe(0);
    expect(await stackExists('dev')).toBe(true);
    expect(await remaining('dev')).toEqual(DATA);
  }, 90_000);

  it('--yes: deletes the stack, then every retained bucket (emptied of versions and delete markers), table, queue and log group; lists them; leaves nothing behind', async () => {
    const deletes: string[] = [];
    aws.proxy.add({ action: 'S3:POST', when: (r) => /[?&]delete(=|&|$)/.test(r.path), before: (r) => void deletes.push(r.path.split(/[/?]/)[1]!) });
    const removed = await bin(['remove', '--delete-data', '--yes']);
    expect([removed.code, removed.stderr]).toEqual([0, '']);
    const ids = physical.dev!;
    expect(removed.stdout.slice(removed.stdout.indexOf('Stack scratch-dev removed.'))).toBe(
      'Stack scratch-dev removed.\nRetained data (--delete-data):\n' +
        [
          `  AWS::S3::Bucket       ${ids.UploadsBucket}  deleted (5 object versions and delete markers)`,
          `  AWS::S3::Bucket       ${ids.PlainBucket}  deleted (1001 object versions and delete markers)`,
          `  AWS::DynamoDB::Table  ${ids.OrdersTable}  deleted`,
          `  AWS::SQS::Queue       ${queueName(ids.JobsDeadLetterQueue!)}  deleted`,
          `  AWS::SQS::Queue       ${queueName(ids.JobsQueue!)}  deleted`,
          `  AWS::Logs::LogGroup   ${ids.AuditLogGroup}  deleted`,
          `  AWS::SNS::Topic       ${ids.KeptTopic}  kept: --delete-data deletes only buckets, tables, queues and log groups; delete it yourself`,
        ].join('\n') +
        '\n',
    );
    expect(removed.stdout.startsWith(HEADER)).toBe(true);
    // 1,001 objects: two pages of at most 1,000, each deleted by one DeleteObjects call.
    expect(deletes.sort()).toEqual([ids.PlainBucket, ids.PlainBucket, ids.UploadsBucket].sort());
    // The task's log group is not retained: CloudFormation deleted it with the stack.
    expect(await remaining('dev')).toEqual([]);
    expect(await stackExists('dev').catch(() => false)).toBe(false);
    // The existing bucket and its object are untouched; the other stage's data is still there.
    expect((await s3.send(new ListObjectVersionsCommand({ Bucket: SHARED }))).Versions?.map((v) => v.Key)).toEqual(['keep.txt']);
    expect(await remaining('fail')).toEqual(DATA);
  }, 90_000);

  it('a split deploy: status and logs find what its nested stacks hold (reusing this deploy)', async () => {
    const status = await bin(['status', '-c', 'split.yml', '--json']);
    expect([status.code, status.stderr]).toEqual([0, HEADER]);
    const document = JSON.parse(status.stdout) as { services: { task: string }[]; queues: { queue: string }[] };
    // The service lives in a nested task stack, the queues in nested data stacks.
    expect(document.services.map((s) => s.task)).toEqual(['worker']);
    expect(document.queues).toHaveLength(20);
    expect(document.queues.find((q) => q.queue === 'q0')).toEqual({ queue: 'q0', visible: 1, inFlight: 0, deadLetter: 0 });
    // The task's log group is in the nested task stack: found, and empty.
    expect(await bin(['logs', '-c', 'split.yml', 'worker'])).toEqual({ code: 0, stdout: HEADER, stderr: '' });
  }, 60_000);

  it('a split deploy: the table and queues of its nested data stacks are deleted after the stack, nothing left behind', async () => {
    const ids = physical.split!;
    const data = Object.keys(ids).filter((id) => id.endsWith('Table') || id.endsWith('Queue'));
    // The table, and each of the 20 queues with its dead-letter queue.
    expect(data).toHaveLength(41);
    expect(await remaining('split')).toEqual(data.sort());
    const removed = await bin(['remove', '-c', 'split.yml', '--delete-data', '--yes']);
    expect([removed.code, removed.stderr]).toEqual([0, '']);
    const listed = removed.stdout.slice(removed.stdout.indexOf('Retained data (--delete-data):\n')).split('\n').slice(1, -1);
    expect(listed.sort()).toEqual(data.map((id) => `  ${id.endsWith('Table') ? 'AWS::DynamoDB::Table' : 'AWS::SQS::Queue     '}  ${id.endsWith('Table') ? ids[id] : queueName(ids[id]!)}  deleted`).sort());
    expect(await remaining('split')).toEqual([]);
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'split-dev' }))).rejects.toThrow(/does not exist/);
  }, 90_000);

  it('keeps going past a failure (exit 1), says "already gone", and --json lists every outcome', async () => {
    const ids = physical.fail!;
    await sqs.send(new DeleteQueueCommand({ QueueUrl: ids.JobsDeadLetterQueue! }));
    aws.proxy.add({ action: 'DeleteTable', reply: () => awsJsonError('com.amazonaws.dynamodb.v20120810#AccessDeniedException', 'not authorized to perform: dynamodb:DeleteTable') });
    const removed = await bin(['remove', '-s', 'fail', '--delete-data', '--yes', '--json']);
    expect(removed.code).toBe(1);
    const document = JSON.parse(removed.stdout) as Record<string, unknown>;
    const outcome = (logicalId: string, resourceType: string, name: string, result: string, extra: Record<string, unknown> = {}) => ({ logicalId, resourceType, physicalId: ids[logicalId], name, result, ...extra });
    expect(document).toMatchObject({ command: 'remove', stackName: 'scratch-fail', result: 'removed', exitCode: 1 });
    expect(document.deletedData).toEqual([
      outcome('UploadsBucket', 'AWS::S3::Bucket', ids.UploadsBucket!, 'deleted', { objectsDeleted: 5 }),
      outcome('PlainBucket', 'AWS::S3::Bucket', ids.PlainBucket!, 'deleted', { objectsDeleted: 2 }),
      outcome('OrdersTable', 'AWS::DynamoDB::Table', ids.OrdersTable!, 'failed', { reason: 'AccessDeniedException: not authorized to perform: dynamodb:DeleteTable' }),
      outcome('JobsDeadLetterQueue', 'AWS::SQS::Queue', queueName(ids.JobsDeadLetterQueue!), 'already-gone'),
      outcome('JobsQueue', 'AWS::SQS::Queue', queueName(ids.JobsQueue!), 'deleted'),
      outcome('AuditLogGroup', 'AWS::Logs::LogGroup', ids.AuditLogGroup!, 'deleted'),
      outcome('KeptTopic', 'AWS::SNS::Topic', ids.KeptTopic!, 'kept', { reason: '--delete-data deletes only buckets, tables, queues and log groups; delete it yourself' }),
    ]);
    expect(document.message).toMatch(/\n {2}AWS::DynamoDB::Table  \S+  FAILED: AccessDeniedException: not authorized to perform: dynamodb:DeleteTable\n[^]*\n1 of 7 could not be deleted: delete it yourself\.$/);
    expect(await remaining('fail')).toEqual(['OrdersTable']);
    expect((await s3.send(new ListObjectVersionsCommand({ Bucket: SHARED }))).Versions?.map((v) => v.Key)).toEqual(['keep.txt']);
  }, 90_000);

  it('Ctrl-C while data is deleted: stops before the next step, says what was not deleted, exit 130', async () => {
    // A stack made here (a retained bucket with an object): remove finds stack scratch-int by name.
    await cfn.send(new CreateStackCommand({ StackName: 'scratch-int', TemplateBody: JSON.stringify({ Resources: { Kept: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' } } }) }));
    const bucket = (await physicalIds(aws.moto, 'scratch-int')).Kept!;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'k' }));
    const child = spawn(process.execPath, [BIN, 'remove', '-s', 'int', '--delete-data', '--yes'], { cwd: dir, env: binEnv(dir, aws.env()) });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Ctrl-C while the bucket's versions are listed: that page is still deleted, the bucket is not.
    aws.proxy.add({ action: 'S3:GET', when: (r) => /[?&]versions(=|&|$)/.test(r.path), times: 1, before: () => void child.kill('SIGINT') });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout).toContain(`Stack scratch-int removed.\nRetained data (--delete-data):\n  AWS::S3::Bucket  ${bucket}  FAILED: interrupted (Ctrl-C) before it was deleted\n1 of 1 could not be deleted: delete it yourself.\n`);
    expect(((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name)).toContain(bucket);
  }, 60_000);
});

// A retained resource whose name the configuration declares `existing` (a resource import can
// bring such a bucket into a stack) is never deleted; other types are only listed.
test('deletes only buckets, tables, queues and log groups, never one declared existing', async () => {
  const retained = [
    { logicalId: 'Imported', resourceType: 'AWS::S3::Bucket', physicalId: 'shared-data' },
    { logicalId: 'Jobs', resourceType: 'AWS::SQS::Queue', physicalId: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' },
    { logicalId: 'Alerts', resourceType: 'AWS::SNS::Topic', physicalId: 'arn:aws:sns:us-east-1:123456789012:alerts' },
  ];
  const existing = new Set(['shared-data']);
  expect(deletableData(retained, existing)).toEqual([retained[1]]);
  // Nothing to delete: no call is made (the endpoint is closed).
  const target = { region: 'us-east-1', env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' } };
  expect(await deleteData(target, [retained[0]!, retained[2]!], existing)).toEqual([
    { ...retained[0], name: 'shared-data', result: 'kept', reason: 'declared existing in the configuration' },
    { ...retained[2], name: 'arn:aws:sns:us-east-1:123456789012:alerts', result: 'kept', reason: '--delete-data deletes only buckets, tables, queues and log groups; delete it yourself' },
  ]);
});

test('an Io that can only ask yes/no (a library caller) cannot confirm --delete-data: exit 2 before anything', async () => {
  const yesNo = fakeIo({ env: { CI: '' }, answer: true });
  expect(await remove(commandContext(yesNo.io, 'remove', { 'delete-data': true }))).toBe(2);
  expect(yesNo.questions).toEqual([]);
  expect(yesNo.stderr()).toMatch(/^ecs-arch remove: --delete-data deletes/);
});
