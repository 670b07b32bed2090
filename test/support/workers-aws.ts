// Shared setup for the workers' tests: one moto per test file with real SDK clients, the
// resources a worker's environment names (recreated before every test), and a way to run a
// compiled worker as its own process and read its JSON log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMoto, type Moto } from './moto.js';
import { testWithTool } from './tools.js';

export const WORKERS_DIR = fileURLToPath(new URL('../../workers/', import.meta.url));

export type AwsClients = ReturnType<typeof awsClients>;

export function awsClients(moto: Moto) {
  const dynamodb = new DynamoDBClient(moto.clientConfig);
  return {
    s3: new S3Client({ ...moto.clientConfig, forcePathStyle: true }),
    sqs: new SQSClient(moto.clientConfig),
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb),
  };
}

/** A queue with a dead-letter queue, as the generated stack creates them. */
export async function createQueueWithDlq(
  sqs: SQSClient,
  name: string,
  settings: { visibilityTimeoutSeconds: number; maxReceiveCount: number },
): Promise<{ url: string; dlqUrl: string }> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqUrl = dlq.QueueUrl!;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const queue = await sqs.send(new CreateQueueCommand({
    QueueName: name,
    Attributes: {
      VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: settings.maxReceiveCount }),
    },
  }));
  return { url: queue.QueueUrl!, dlqUrl };
}

/** Sends `bodies` in batches of ten (the SQS maximum per call), in order. */
export async function sendMessages(sqs: SQSClient, url: string, bodies: string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: bodies.slice(i, i + 10).map((body, index) => ({ Id: String(index), MessageBody: body })),
    }));
  }
}

/** Visible plus in-flight messages. */
export async function messagesInQueue(sqs: SQSClient, url: string): Promise<number> {
  const answer = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: url,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  }));
  return Number(answer.Attributes!.ApproximateNumberOfMessages) + Number(answer.Attributes!.ApproximateNumberOfMessagesNotVisible);
}

/** The table shape the reference workers' README declares: `partitionKey: pk, sortKey: sk`. */
export async function createResultsTable(dynamodb: DynamoDBClient, name: string): Promise<void> {
  await dynamodb.send(new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  }));
}

export async function scanAll(documents: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type LogLine = { level: string; msg: string } & Record<string, unknown>;

export interface WorkerProcess {
  child: ChildProcess;
  logs: LogLine[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  count(msg: string): number;
}

/** Runs `workers/<script>` with only the given environment (nothing inherited from the test runner). */
export function startWorker(script: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [WORKERS_DIR + script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') logs.push(JSON.parse(line) as LogLine);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, logs, stderr: () => stderr, exited, count: (msg) => logs.filter((line) => line.msg === msg).length };
}

/** Runs a worker that ends by itself and returns its exit code and logs. */
export async function runWorker(script: string, env: Record<string, string>) {
  const worker = startWorker(script, env);
  const { code } = await worker.exited;
  return { code, logs: worker.logs, stderr: worker.stderr(), count: worker.count };
}

export interface WorkersAwsResources {
  buckets?: string[];
  /** Created with `createResultsTable`. */
  resultsTable?: string;
  /** Created with `createQueueWithDlq`. */
  queue?: { name: string; visibilityTimeoutSeconds: number; maxReceiveCount: number };
}

export interface WorkersAws extends AwsClients {
  /** `test`, or a skipping test when moto_server is not installed. */
  test: ReturnType<typeof testWithTool>;
  /** Environment for a worker process: moto's endpoint, region and credentials. */
  readonly env: Record<string, string>;
  readonly queue: { url: string; dlqUrl: string };
}

/**
 * Registers this test file's hooks: moto started once and stopped at the end; before every
 * test its state is reset and `resources` are created again. Read the clients, `env` and
 * `queue` inside tests and hooks (they exist once `beforeAll` has run).
 */
export function useWorkersAws(resources: WorkersAwsResources): WorkersAws {
  let moto: Moto | null = null;
  let clients: AwsClients | undefined;
  let queue: { url: string; dlqUrl: string } | undefined;
  const started = () => {
    if (!moto || !clients) throw new Error('moto is not running: use the clients inside tests (with the returned `test`)');
    return { moto, clients };
  };

  beforeAll(async () => {
    moto = await startMoto();
    if (moto) clients = awsClients(moto);
  });
  afterAll(async () => {
    await moto?.stop();
  });
  beforeEach(async () => {
    if (!moto || !clients) return;
    await moto.reset();
    for (const bucket of resources.buckets ?? []) await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    if (resources.resultsTable) await createResultsTable(clients.dynamodb, resources.resultsTable);
    if (resources.queue) queue = await createQueueWithDlq(clients.sqs, resources.queue.name, resources.queue);
  });

  return {
    test: testWithTool('moto_server'),
    get s3() { return started().clients.s3; },
    get sqs() { return started().clients.sqs; },
    get dynamodb() { return started().clients.dynamodb; },
    get documents() { return started().clients.documents; },
    get env() { return started().moto.env; },
    get queue() {
      if (!queue) throw new Error('no queue: pass `queue` to useWorkersAws');
      return queue;
    },
  };
}
