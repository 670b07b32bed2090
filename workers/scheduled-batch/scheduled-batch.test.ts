// The compiled scheduled-batch worker against moto's S3 and DynamoDB: checkpointed
// batches, reports, failures that hold the checkpoint, and the overlap lock.
import { describe, expect } from '@jest/globals';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { runWorker, scanAll, useWorkersAws } from '../../test/support/workers-aws.js';
import type { BatchReport } from './batch.js';

const aws = useWorkersAws({ buckets: ['uploads', 'reports'], resultsTable: 'results' });
const { test } = aws;

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

  test('an object that fails holds the checkpoint before it, and the run fails after writing its report', async () => {
    await put('incoming/1.txt', 'ok');
    await put('incoming/2.txt', 'archived', 'GLACIER'); // GetObject refuses archived objects
    await put('incoming/3.txt', 'ok too');
    const run = await runWorker('dist/scheduled-batch/main.js', env());
    expect(run.code).toBe(1);
    expect(await checkpoint()).toBe('incoming/1.txt');
    const [report] = await reports();
    expect(report!.failed.map((f) => f.key)).toEqual(['incoming/2.txt']);
    expect(report!.processed.map((p) => p.key)).toEqual(['incoming/1.txt', 'incoming/3.txt']);
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
