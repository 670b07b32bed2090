// The compiled queue-worker and a slow consumer on the same runtime, run as processes
// against moto's SQS and DynamoDB: results, idempotency, poison messages, SIGTERM, SIGKILL.
import { describe, expect } from '@jest/globals';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  messagesInQueue,
  scanAll,
  sendMessages,
  startWorker,
  useWorkersAws,
  waitFor,
} from '../../test/support/workers-aws.js';

const aws = useWorkersAws({ queue: { name: 'jobs', visibilityTimeoutSeconds: 2, maxReceiveCount: 2 }, resultsTable: 'results' });
const { test } = aws;

function workerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...aws.env,
    ECS_ARCH_TRIGGER: 'sqs',
    ECS_ARCH_QUEUE_URL: aws.queue.url,
    ECS_ARCH_QUEUE_JOBS_URL: aws.queue.url,
    ECS_ARCH_TABLE_RESULTS: 'results',
    ...extra,
  };
}

const sendJobs = (bodies: string[]) => sendMessages(aws.sqs, aws.queue.url, bodies);

const jobIds = (count: number) => Array.from({ length: count }, (_, i) => `job-${String(i).padStart(3, '0')}`);

describe('queue-worker', () => {
  test('writes one result per job and stops cleanly on SIGTERM', async () => {
    await sendJobs(jobIds(25).map((id) => JSON.stringify({ id, text: `hello wörld ${id}` })));
    // A duplicate send of a job that is already in the queue: still one result.
    await sendJobs([JSON.stringify({ id: 'job-000', text: 'hello wörld job-000' })]);
    const worker = startWorker('dist/queue-worker/main.js', workerEnv());
    await waitFor(async () => (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, 'the queue to empty');
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);

    const items = await scanAll(aws.documents, 'results');
    expect(items.map((item) => item.pk).sort()).toEqual(jobIds(25).map((id) => `job#${id}`));
    expect(items.find((item) => item.pk === 'job#job-007')).toMatchObject({ sk: 'result', words: 3, characters: 19 });
    expect(worker.count('job done') + worker.count('job already done')).toBe(26);
    expect(worker.logs.every((line) => typeof line.time === 'string' && typeof line.level === 'string')).toBe(true);
  });

  test('a redelivered job whose result exists is acknowledged without rewriting it', async () => {
    const earlier = { pk: 'job#job-1', sk: 'result', words: 1, characters: 5, sha256: 'x', processedAt: '2020-01-01T00:00:00.000Z' };
    await aws.documents.send(new PutCommand({ TableName: 'results', Item: earlier }));
    await sendJobs([JSON.stringify({ id: 'job-1', text: 'hello' })]);
    const worker = startWorker('dist/queue-worker/main.js', workerEnv());
    await waitFor(async () => (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, 'the queue to empty');
    worker.child.kill('SIGTERM');
    await worker.exited;
    expect(await scanAll(aws.documents, 'results')).toEqual([earlier]);
    expect(worker.count('job already done')).toBe(1);
  });

  test('a message the handler rejects is retried, then moved to the dead-letter queue', async () => {
    await sendJobs(['not json', JSON.stringify({ id: 'good', text: 'ok' })]);
    const worker = startWorker('dist/queue-worker/main.js', workerEnv());
    await waitFor(async () => (await messagesInQueue(aws.sqs, aws.queue.dlqUrl)) === 1, 'the poison message in the DLQ');
    worker.child.kill('SIGTERM');
    await worker.exited;

    const failures = worker.logs.filter((line) => line.msg === 'handler failed; the message will be delivered again');
    expect(failures.map((line) => line.receiveCount)).toEqual([1, 2]);
    expect(failures[0]!.error).toMatchObject({ message: 'message body is not JSON' });
    const dead = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.queue.dlqUrl }));
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['not json']);
    expect((await scanAll(aws.documents, 'results')).map((item) => item.pk)).toEqual(['job#good']);
  });

  test('exits with a clear message when the contract is not met', async () => {
    const worker = startWorker('dist/queue-worker/main.js', { ...aws.env, ECS_ARCH_TRIGGER: 'sqs', ECS_ARCH_QUEUE_URL: aws.queue.url });
    expect((await worker.exited).code).toBe(1);
    expect(worker.logs.at(-1)).toMatchObject({
      level: 'error',
      msg: 'worker misconfigured',
      error: { message: expect.stringContaining('ECS_ARCH_TABLE_RESULTS is not set') },
    });
  });
});

describe('a queue worker stopped mid-batch', () => {
  const slowConsumer = 'test-fixtures/slow-consumer.mjs';

  async function resultIds(): Promise<string[]> {
    return (await scanAll(aws.documents, 'results')).map((item) => String(item.pk).replace('job#', '')).sort();
  }

  test('on SIGTERM finishes the jobs in flight, takes no new ones and loses none', async () => {
    const ids = jobIds(30);
    await sendJobs(ids);
    const first = startWorker(slowConsumer, workerEnv({ HANDLER_DELAY_MS: '1500', WORKER_CONCURRENCY: '10' }));
    await waitFor(() => first.count('job started') >= 5, 'jobs in flight');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(first.count('job done')).toBe(first.count('job started'));
    expect(first.count('job done')).toBeLessThan(ids.length);
    // Messages received ahead but not started were handed back at once (released), not lost.
    expect(first.logs.find((line) => line.msg === 'stopped')).toMatchObject({ failed: 0, abandoned: 0, undeleted: 0 });

    // The rest are still in the queue for the next task.
    const second = startWorker(slowConsumer, workerEnv({ HANDLER_DELAY_MS: '1', WORKER_CONCURRENCY: '10' }));
    await waitFor(async () => (await resultIds()).length === ids.length, 'every result', 30_000);
    await waitFor(async () => (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, 'the queue to empty');
    second.child.kill('SIGTERM');
    await second.exited;
    expect(await resultIds()).toEqual(ids);
    // Every job was handled exactly once across both tasks.
    expect(first.count('job started') + second.count('job started')).toBe(ids.length);
    expect(await messagesInQueue(aws.sqs, aws.queue.dlqUrl)).toBe(0);
  });

  test('killed with SIGKILL, its in-flight jobs reappear after the visibility timeout and are done once', async () => {
    const ids = jobIds(20);
    await sendJobs(ids);
    const killed = startWorker(slowConsumer, workerEnv({ HANDLER_DELAY_MS: '3000', WORKER_CONCURRENCY: '5' }));
    await waitFor(() => killed.count('job started') >= 5, 'jobs in flight');
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    const interrupted = killed.logs.filter((line) => line.msg === 'job started').map((line) => line.jobId);
    expect(killed.count('job done')).toBeLessThan(interrupted.length);

    const next = startWorker(slowConsumer, workerEnv({ HANDLER_DELAY_MS: '1', WORKER_CONCURRENCY: '10' }));
    await waitFor(async () => (await resultIds()).length === ids.length, 'every result', 30_000);
    await waitFor(async () => (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, 'the queue to empty');
    next.child.kill('SIGTERM');
    await next.exited;

    expect(await resultIds()).toEqual(ids);
    const doneByNext = next.logs.filter((line) => line.msg === 'job done').map((line) => line.jobId);
    // The interrupted jobs were picked up again; nothing else was handled twice.
    expect(doneByNext).toEqual(expect.arrayContaining(interrupted.filter((id) => !killed.logs.some((l) => l.msg === 'job done' && l.jobId === id))));
    expect(new Set(doneByNext).size).toBe(doneByNext.length);
    expect(await messagesInQueue(aws.sqs, aws.queue.dlqUrl)).toBe(0);
  });
});
