// The compiled s3-to-dynamodb worker run as the S3 trigger would start it: the event's
// fields in ECS_ARCH_S3_*, the key URL-encoded as EventBridge delivers it.
import { afterAll, describe, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { awsJsonError, startFaultProxy, type FaultProxy } from '../../test/support/fault-proxy.js';
import { runWorker, scanAll, startWorker, useWorkersAws, waitFor } from '../../test/support/workers-aws.js';

const aws = useWorkersAws({ buckets: ['uploads'], resultsTable: 'results' });
const { test } = aws;
let proxy: FaultProxy | undefined;
async function faultProxy(): Promise<FaultProxy> {
  proxy ??= await startFaultProxy(aws.env.AWS_ENDPOINT_URL!);
  proxy.clear();
  return proxy;
}
afterAll(async () => {
  await proxy?.stop();
});

/** How S3 writes keys into events: form-encoded, spaces as `+`, `/` kept. */
function eventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

async function upload(key: string, body: string | Buffer, contentType?: string) {
  const put = await aws.s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: key, Body: body, ContentType: contentType }));
  return { key, etag: put.ETag!.replace(/"/g, ''), size: Buffer.byteLength(body) };
}

function eventEnv(object: { key: string; etag: string; size: number }, eventId = 'event-1'): Record<string, string> {
  return {
    ...aws.env,
    ECS_ARCH_TABLE_RESULTS: 'results',
    ECS_ARCH_BUCKET_UPLOADS: 'uploads',
    ECS_ARCH_TRIGGER: 's3',
    ECS_ARCH_S3_EVENT: 'created',
    ECS_ARCH_S3_BUCKET: 'uploads',
    ECS_ARCH_S3_KEY: eventKey(object.key),
    ECS_ARCH_S3_SIZE: String(object.size),
    ECS_ARCH_S3_ETAG: object.etag,
    ECS_ARCH_EVENT_ID: eventId,
  };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('s3-to-dynamodb', () => {
  test('records size, SHA-256, content type and line count for a key with spaces, plus and unicode', async () => {
    const text = 'first line\nsecond line\nno newline at the end';
    const object = await upload('incoming/Août 2024/r€sumé +final+.txt', text, 'text/plain');
    const run = await runWorker('dist/s3-to-dynamodb/main.js', eventEnv(object));
    expect(run.code).toBe(0);
    expect(await scanAll(aws.documents, 'results')).toEqual([
      expect.objectContaining({
        pk: 's3://uploads/incoming/Août 2024/r€sumé +final+.txt',
        sk: `etag#${object.etag}`,
        key: 'incoming/Août 2024/r€sumé +final+.txt',
        size: Buffer.byteLength(text),
        sha256: sha256(text),
        contentType: 'text/plain',
        lines: 3,
        eventId: 'event-1',
      }),
    ]);
  });

  test('a redelivered event leaves the first result as it was', async () => {
    const object = await upload('incoming/data.bin', Buffer.from([0, 1, 2, 3]));
    expect((await runWorker('dist/s3-to-dynamodb/main.js', eventEnv(object, 'event-1'))).code).toBe(0);
    const [first] = await scanAll(aws.documents, 'results');
    const again = await runWorker('dist/s3-to-dynamodb/main.js', eventEnv(object, 'event-1'));
    expect(again.code).toBe(0);
    expect(again.count('result already recorded by an earlier delivery')).toBe(1);
    expect(await scanAll(aws.documents, 'results')).toEqual([first]);
    expect(first).not.toHaveProperty('lines'); // binary: no line count
  });

  test('an event for an object overwritten since then records nothing; the newer upload gets its own item', async () => {
    const old = await upload('incoming/report.csv', 'a,b\n1,2\n');
    const newer = await upload('incoming/report.csv', 'a,b\n1,2\n3,4\n');
    expect((await runWorker('dist/s3-to-dynamodb/main.js', eventEnv(newer, 'event-2'))).code).toBe(0);
    const stale = await runWorker('dist/s3-to-dynamodb/main.js', eventEnv(old, 'event-1'));
    expect(stale.code).toBe(0);
    expect(stale.count('object changed since the event; skipping')).toBe(1);
    const items = await scanAll(aws.documents, 'results');
    expect(items.map((item) => [item.sk, item.lines])).toEqual([[`etag#${newer.etag}`, 3]]);
  });

  test('streams a large object: memory grows far less than the object size', async () => {
    const peakRss = (run: Awaited<ReturnType<typeof runWorker>>) =>
      run.logs.find((line) => line.msg === 'worker finished')!.peakRssKiB as number;
    const small = await runWorker('dist/s3-to-dynamodb/main.js', eventEnv(await upload('incoming/small.log', 'abcdefghij\n')));

    const size = 11 * 15 * 1024 * 1024; // 165 MiB of whole 'abcdefghij\n' lines
    const body = Buffer.alloc(size, 'abcdefghij\n');
    const large = await runWorker('dist/s3-to-dynamodb/main.js', eventEnv(await upload('incoming/large.log', body)));
    expect(large.code).toBe(0);
    const item = (await scanAll(aws.documents, 'results')).find((result) => result.key === 'incoming/large.log');
    expect(item).toMatchObject({ size, sha256: sha256(body), lines: size / 11 });
    expect(peakRss(large) - peakRss(small)).toBeLessThan(64 * 1024);
  });

  // A Spot task gets SIGTERM two minutes before it stops; ECS sends SIGTERM on any stop:
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
  test('SIGTERM in the middle of a read: the interruption is logged with the event and the exit code says a retry is safe', async () => {
    const proxy = await faultProxy();
    const object = await upload('incoming/slow.txt', 'slow');
    proxy.add({ action: 'S3:GET', when: (request) => request.path.startsWith('/uploads/incoming/'), delayMs: 5_000 });
    const worker = startWorker('dist/s3-to-dynamodb/main.js', { ...eventEnv(object, 'event-9'), AWS_ENDPOINT_URL: proxy.endpoint });
    await waitFor(() => proxy.count('S3:GET') > 0, 'the object read');
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(75);
    expect(worker.logs.find((line) => line.msg === 'interrupted; this event was not processed')).toMatchObject({
      event: { bucket: 'uploads', key: 'incoming/slow.txt', etag: object.etag, eventId: 'event-9' },
    });
    expect(worker.logs.at(-1)).toMatchObject({ msg: 'worker interrupted; running it again is safe', exitCode: 75 });
    expect(await scanAll(aws.documents, 'results')).toEqual([]);
  });

  // DynamoDB throttles with ProvisionedThroughputExceededException; the SDK retries it first:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
  test('throttling that outlasts the SDK\'s retries ends the run as retryable, not as a failure of the object', async () => {
    const proxy = await faultProxy();
    const object = await upload('incoming/data.csv', 'a,b\n');
    proxy.add({ action: 'PutItem', reply: () => awsJsonError('com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', 'Rate of requests exceeds the allowed throughput.') });
    const run = await runWorker('dist/s3-to-dynamodb/main.js', { ...eventEnv(object), AWS_ENDPOINT_URL: proxy.endpoint, AWS_MAX_ATTEMPTS: '2' });
    expect(run.code).toBe(75);
    expect(run.logs.at(-1)).toMatchObject({ msg: 'worker failed with a transient error; running it again is safe', error: { name: 'ProvisionedThroughputExceededException' } });
    expect(proxy.count('PutItem')).toBe(2);
  });

  test('fails fast, naming the variable, when the event fields are missing', async () => {
    const run = await runWorker('dist/s3-to-dynamodb/main.js', { ...aws.env, ECS_ARCH_TABLE_RESULTS: 'results', ECS_ARCH_TRIGGER: 's3' });
    expect(run.code).toBe(1);
    expect(run.logs.at(-1)).toMatchObject({ msg: 'worker misconfigured', error: { message: expect.stringMatching(/^ECS_ARCH_S3_EVENT is not set/) } });
  });

  test('a deleted object\'s event (no size or etag) ends the run successfully without reading', async () => {
    const run = await runWorker('dist/s3-to-dynamodb/main.js', {
      ...aws.env,
      ECS_ARCH_TABLE_RESULTS: 'results',
      ECS_ARCH_TRIGGER: 's3',
      ECS_ARCH_S3_EVENT: 'deleted',
      ECS_ARCH_S3_BUCKET: 'uploads',
      ECS_ARCH_S3_KEY: 'incoming/gone.txt',
      ECS_ARCH_EVENT_ID: 'deleted-1',
    });
    expect(run.code).toBe(0);
    expect(run.logs.map((line) => line.msg)).toContain('object deleted; this worker handles created objects only, skipping');
  });
});
