// The compiled scheduled-batch worker against moto's S3 and DynamoDB: checkpointed
// batches, reports, failures that hold the checkpoint until an object is skipped, an
// interrupted run, and the overlap lock.
import { afterAll, describe, expect } from '@jest/globals';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startFaultProxy, type FaultProxy } from '../../test/support/fault-proxy.js';
import { runWorker, scanAll, startWorker, useWorkersAws, waitFor } from '../../test/support/workers-aws.js';
import type { BatchReport } from './batch.js';

const aws = useWorkersAws({ buckets: ['uploads', 'reports'], resultsTable: 'results' });
const { test } = aws;
let proxy: FaultProxy | undefined;
afterAll(async () => {
  await proxy?.stop();
});

const env = () => ({
  ...aws.env,
  ECS_ARCH_TRIGGER: 'schedule',
  ECS_ARCH_BUCKET_UPLOADS: 'uploads',
  ECS_ARCH_BUCKET_REPORTS: 'reports',
  ECS_ARCH_TABLE_RESULTS: 'results',
  BATCH_CONCURRENCY: '3',
});

async function put(key: string, body: string, storageClass?: 'GLACIER') {
  await aws.s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: key, Body: body, StorageClass: storageClass }));
}

async function reports(): Promise<BatchReport[]> {
  const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'reports/' }));
  const keys = (listed.Contents ?? []).map((object) => object.Key!).sort();
  return Promise.all(keys.map(async (key) => {
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: 'reports', Key: key }));
    return JSON.parse(await object.Body!.transformToString()) as BatchReport;
  }));
}

async function checkpoint(): Promise<unknown> {
  const answer = await aws.documents.send(new GetCommand({ TableName: 'results', Key: { pk: 'checkpoint#s3://uploads/incoming/', sk: 'checkpoint' } }));
  return answer.Item?.startAfter;
}

const resultKeys = async () =>
  (await scanAll(aws.documents, 'results')).filter((item) => String(item.pk).startsWith('s3://')).map((item) => item.key).sort();

describe('scheduled-batch', () => {
  test('processes what arrived since the checkpoint, advances it and writes a report per run', async () => {
    await put('incoming/2024-05-01/a.txt', 'one\ntwo\n');
    await put('incoming/2024-05-01/b.txt', 'three\n');
    await put('elsewhere/ignored.txt', 'not under the prefix');
    expect((await runWorker('dist/scheduled-batch/main.js', env())).code).toBe(0);
    expect(await checkpoint()).toBe('incoming/2024-05-01/b.txt');

    await put('incoming/2024-05-02/c.txt', 'four\nfive\nsix');
    expect((await runWorker('dist/scheduled-batch/main.js', env())).code).toBe(0);
    expect(await checkpoint()).toBe('incoming/2024-05-02/c.txt');

    const [first, second] = (await reports()).sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    expect(first!.processed.map((p) => [p.key, p.lines])).toEqual([['incoming/2024-05-01/a.txt', 2], ['incoming/2024-05-01/b.txt', 1]]);
    expect(first).toMatchObject({ checkpointBefore: null, checkpointAfter: 'incoming/2024-05-01/b.txt', failed: [] });
    expect(second!.processed.map((p) => [p.key, p.lines])).toEqual([['incoming/2024-05-02/c.txt', 3]]);
    expect(await resultKeys()).toEqual(['incoming/2024-05-01/a.txt', 'incoming/2024-05-01/b.txt', 'incoming/2024-05-02/c.txt']);
  });

  test('an object that keeps failing holds the checkpoint for BATCH_MAX_ATTEMPTS runs, then is skipped and recorded', async () => {
    await put('incoming/1.txt', 'ok');
    await put('incoming/2.txt', 'archived', 'GLACIER'); // GetObject refuses archived objects, every time
    await put('incoming/3.txt', 'ok too');
    const settings = { ...env(), BATCH_MAX_ATTEMPTS: '2' };
    const first = await runWorker('dist/scheduled-batch/main.js', settings);
    expect(first.code).toBe(1);
    expect(await checkpoint()).toBe('incoming/1.txt');
    const second = await runWorker('dist/scheduled-batch/main.js', settings);
    expect(second.code).toBe(1); // the run that gives up on an object still fails, so the alert says so
    expect(await checkpoint()).toBe('incoming/3.txt');
    expect((await runWorker('dist/scheduled-batch/main.js', settings)).code).toBe(0);

    const [one, two, three] = (await reports()).sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    expect(one!.failed).toEqual([expect.objectContaining({ key: 'incoming/2.txt', retryable: false, attempts: 1 })]);
    expect(one!.skipped).toEqual([]);
    expect(one!.processed.map((p) => p.key)).toEqual(['incoming/1.txt', 'incoming/3.txt']);
    expect(two!.skipped).toEqual([expect.objectContaining({ key: 'incoming/2.txt', attempts: 2 })]);
    expect(three).toMatchObject({ processed: [], failed: [], skipped: [] });
    const recorded = await aws.documents.send(new GetCommand({ TableName: 'results', Key: { pk: 'checkpoint#s3://uploads/incoming/', sk: 'failed#incoming/2.txt' } }));
    expect(recorded.Item).toMatchObject({ objectKey: 'incoming/2.txt', attempts: 2, skipped: true });
  });

  test('SIGTERM interrupts the run: the report says so, the checkpoint holds, and the exit code says a retry is safe', async () => {
    proxy ??= await startFaultProxy(aws.env.AWS_ENDPOINT_URL!);
    proxy.clear();
    await put('incoming/a.txt', 'a');
    await put('incoming/b.txt', 'b');
    // Reading an object takes long enough for the stop to arrive in the middle of it.
    proxy.add({ action: 'S3:GET', when: (request) => request.path.startsWith('/uploads/incoming/'), delayMs: 5_000 });
    const worker = startWorker('dist/scheduled-batch/main.js', { ...env(), AWS_ENDPOINT_URL: proxy.endpoint });
    await waitFor(() => proxy!.count('S3:GET') > 0, 'the first object read');
    worker.child.kill('SIGTERM');
    const { code } = await worker.exited;
    expect(code).toBe(75);
    expect(worker.logs.at(-1)).toMatchObject({ level: 'error', msg: 'worker interrupted; running it again is safe', exitCode: 75 });
    expect(await checkpoint()).toBeUndefined();
    const [report] = await reports();
    expect(report).toMatchObject({ interrupted: true, processed: [], skipped: [] });
    expect(report!.failed.every((failure) => failure.retryable && failure.attempts === null)).toBe(true);
  });

  test('does nothing while another run holds the lock, and takes over an expired one', async () => {
    await put('incoming/a.txt', 'a');
    const lock = { pk: 'lock#scheduled-batch', sk: 'lock', owner: 'other-run' };
    const now = Math.floor(Date.now() / 1000);
    await aws.documents.send(new PutCommand({ TableName: 'results', Item: { ...lock, expiresAt: now + 600 } }));
    const skipped = await runWorker('dist/scheduled-batch/main.js', env());
    expect(skipped.code).toBe(0);
    expect(skipped.logs.find((line) => line.msg === 'previous run still holds the lock; skipping this run')).toMatchObject({ heldBy: 'other-run' });
    expect(await resultKeys()).toEqual([]);

    await aws.documents.send(new PutCommand({ TableName: 'results', Item: { ...lock, expiresAt: now - 1 } }));
    expect((await runWorker('dist/scheduled-batch/main.js', env())).code).toBe(0);
    expect(await resultKeys()).toEqual(['incoming/a.txt']);
    // Released after the run.
    const after = await aws.documents.send(new GetCommand({ TableName: 'results', Key: { pk: lock.pk, sk: lock.sk } }));
    expect(after.Item).toBeUndefined();
  });
});
