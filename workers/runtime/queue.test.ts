// consumeQueue in-process against moto's SQS, with an ECS agent stand-in (a real HTTP
// server on 127.0.0.1) for task protection and the fault proxy for what moto cannot do
// (lost answers, throttling, partial batch failures).
import { afterAll, describe, expect } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsJsonError, awsJsonResponse, startFaultProxy, type FaultProxy } from '../../test/support/fault-proxy.js';
import { createResultsTable, messagesInQueue, sendMessages, useWorkersAws, waitFor } from '../../test/support/workers-aws.js';
import { putOnce } from './dynamo.js';
import { RetryableError } from './errors.js';
import { consumeQueue, type ConsumeQueueOptions, type MessageHandler } from './queue.js';
import { createLogger, type LogFields } from './log.js';

const aws = useWorkersAws({ queue: { name: 'work', visibilityTimeoutSeconds: 1, maxReceiveCount: 2 } });
const { test } = aws;
const quiet = createLogger({}, { write: () => {} });

const send = (bodies: string[]) => sendMessages(aws.sqs, aws.queue.url, bodies);

/** Runs consumeQueue until `until` holds, then stops it the way SIGTERM would. */
async function consumeUntil(handler: MessageHandler, until: () => Promise<boolean> | boolean, options: ConsumeQueueOptions = {}) {
  const stop = new AbortController();
  const running = consumeQueue(handler, {
    queueUrl: aws.queue.url, sqs: aws.sqs, waitTimeSeconds: 1, handleSignals: false, signal: stop.signal, log: quiet, env: {}, ...options,
  });
  try {
    await waitFor(until, 'the consumer to get there', 30_000);
  } finally {
    // Also when waiting failed: a consumer left running would take the next test's messages.
    stop.abort();
  }
  return running;
}

/** A logger that keeps its lines for the test to read. */
function recordingLog() {
  const lines: (LogFields & { msg: string })[] = [];
  return { lines, log: createLogger({}, { write: (line) => lines.push(JSON.parse(line) as LogFields & { msg: string }) }) };
}

let proxy: FaultProxy | undefined;
/** The fault proxy in front of this file's moto, started on first use; clients that talk through it. */
async function throughProxy() {
  proxy ??= await startFaultProxy(aws.env.AWS_ENDPOINT_URL!);
  proxy.clear();
  const config = { endpoint: proxy.endpoint, region: aws.env.AWS_REGION!, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  // Two attempts instead of the default three keep the throttling test short; the SDK still retries.
  return { proxy, sqs: new SQSClient(config), dynamodb: new DynamoDBClient({ ...config, maxAttempts: 2 }) };
}
afterAll(async () => {
  await proxy?.stop();
});

/** An ECS agent stand-in: records every task-protection PUT and answers with `status(body)` (200 by default). */
async function startAgent(status: (body: { ProtectionEnabled: boolean }) => number = () => 200) {
  const requests: { ProtectionEnabled: boolean; ExpiresInMinutes?: number }[] = [];
  const agent: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as { ProtectionEnabled: boolean };
      requests.push(body);
      const code = status(body);
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(code === 200 ? { protection: body } : { error: { Code: 'ServerException' } }));
    });
  });
  await new Promise<void>((resolve) => agent.listen(0, '127.0.0.1', resolve));
  return {
    requests,
    uri: `http://127.0.0.1:${(agent.address() as AddressInfo).port}/v4/task`,
    close: () => new Promise<void>((resolve) => agent.close(() => resolve())),
  };
}

/** A FIFO queue (no DLQ) whose messages are sent in order, one batch per group, groups alternating. */
async function fifoQueue(sqs: SQSClient, groups: Record<string, string[]>) {
  const created = await sqs.send(new CreateQueueCommand({
    QueueName: 'ordered.fifo',
    Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '1' },
  }));
  const url = created.QueueUrl!;
  for (const [group, bodies] of Object.entries(groups)) {
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body, MessageGroupId: group })),
    }));
  }
  return url;
}

describe('consumeQueue', () => {
  test('handles every message once, never more at a time than its concurrency', async () => {
    const bodies = Array.from({ length: 60 }, (_, i) => `m${i}`);
    await send(bodies);
    const seen: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const result = await consumeUntil(async (message) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(20);
      seen.push(message.body);
      running--;
    }, async () => seen.length === 60 && (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, { concurrency: 7 });
    expect(seen.sort()).toEqual(bodies.sort());
    expect(mostAtOnce).toBeLessThanOrEqual(7);
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(result).toEqual({ succeeded: 60, failed: 0, retried: 0, released: 0, abandoned: 0, undeleted: 0 });
  });

  /** The consumer's own client, watched: every ReceiveMessage it really sends to moto, and how many are open at once. */
  function watchedReceives() {
    const sqs = new SQSClient({ endpoint: aws.env.AWS_ENDPOINT_URL, region: aws.env.AWS_REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const seen = { asked: [] as number[], waits: [] as number[], mostOpen: 0, mostLongPollsOpen: 0 };
    let open = 0;
    let longPollsOpen = 0;
    sqs.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName !== 'ReceiveMessageCommand') return next(args);
      const input = args.input as { MaxNumberOfMessages: number; WaitTimeSeconds: number };
      seen.asked.push(input.MaxNumberOfMessages);
      seen.waits.push(input.WaitTimeSeconds);
      const longPoll = input.WaitTimeSeconds > 0;
      seen.mostOpen = Math.max(seen.mostOpen, ++open);
      if (longPoll) seen.mostLongPollsOpen = Math.max(seen.mostLongPollsOpen, ++longPollsOpen);
      try {
        return await next(args);
      } finally {
        open--;
        if (longPoll) longPollsOpen--;
      }
    }, { step: 'initialize', name: 'watchReceives' });
    return { sqs, seen };
  }

  test('up to 10 handlers, one receive is open at a time and asks for a full batch', async () => {
    const { sqs, seen } = watchedReceives();
    await send(Array.from({ length: 40 }, (_, i) => `m${i}`));
    let handled = 0;
    await consumeUntil(async () => {
      await sleep(10);
      handled++;
    }, async () => handled === 40 && (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, { sqs, concurrency: 10 });
    expect(seen.mostOpen).toBe(1);
    expect(new Set(seen.asked)).toEqual(new Set([10]));
  });

  test('above 10 handlers, short polls help while there is a backlog, beside one long poll', async () => {
    const { sqs, seen } = watchedReceives();
    await send(Array.from({ length: 120 }, (_, i) => `m${i}`));
    let handled = 0;
    await consumeUntil(async () => {
      await sleep(10);
      handled++;
    }, async () => handled === 120 && (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, { sqs, concurrency: 30 });
    expect(seen.mostLongPollsOpen).toBe(1);
    expect(seen.mostOpen).toBeLessThanOrEqual(3);
    expect(seen.waits).toContain(0);
  });

  test('extends the visibility timeout while a handler outlasts it, so it is not delivered twice', async () => {
    await send(['slow']);
    const deliveries: number[] = [];
    let finished = false;
    await consumeUntil(async (message) => {
      deliveries.push(message.receiveCount);
      await sleep(3500); // 3.5 × the queue's 1 s visibility timeout
      finished = true;
    }, async () => finished && (await messagesInQueue(aws.sqs, aws.queue.url)) === 0);
    expect(deliveries).toEqual([1]);
  });

  test('leaves failed messages for redelivery; after maxReceiveCount they are in the DLQ', async () => {
    await send(['poison', 'fine']);
    const attempts: Record<string, number[]> = {};
    const result = await consumeUntil(async (message) => {
      (attempts[message.body] ??= []).push(message.receiveCount);
      if (message.body === 'poison') throw new Error('cannot handle this one');
    }, async () => (await messagesInQueue(aws.sqs, aws.queue.dlqUrl)) === 1);
    expect(attempts).toEqual({ poison: [1, 2], fine: [1] });
    expect(result).toMatchObject({ succeeded: 1, failed: 2 });
    const dead = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.queue.dlqUrl }));
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });

  test('a stop waits for handlers in flight, then deletes their messages', async () => {
    await send(['a', 'b', 'c']);
    const started: string[] = [];
    const finished: string[] = [];
    const result = await consumeUntil(async (message) => {
      started.push(message.body);
      await sleep(1500);
      finished.push(message.body);
    }, () => started.length === 3, { visibilityTimeoutSeconds: 30 });
    expect(finished.sort()).toEqual(['a', 'b', 'c']);
    expect(result).toMatchObject({ succeeded: 3, failed: 0, released: 0 });
    expect(await messagesInQueue(aws.sqs, aws.queue.url)).toBe(0);
  });

  test('at the stop deadline, unfinished messages are released for immediate redelivery', async () => {
    await send(['stuck']);
    let started = false;
    let signalled = false;
    const result = await consumeUntil(async (_message, { signal }) => {
      started = true;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      signalled = true;
    }, () => started, { visibilityTimeoutSeconds: 30, stopTimeoutSeconds: 1 });
    expect(result).toMatchObject({ succeeded: 0, failed: 0, released: 1 });
    expect(signalled).toBe(true);
    // Visible again now, not 30 s from now.
    const again = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.queue.url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(again.Messages?.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([['stuck', '2']]);
  });

  test('protects the task from scale-in while it has work, through the ECS agent endpoint', async () => {
    const requests: { method: string; url: string; body: unknown }[] = [];
    const agent: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ method: request.method!, url: request.url!, body: JSON.parse(body) });
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ protection: { ProtectionEnabled: JSON.parse(body).ProtectionEnabled } }));
      });
    });
    await new Promise<void>((resolve) => agent.listen(0, '127.0.0.1', resolve));
    const agentUri = `http://127.0.0.1:${(agent.address() as AddressInfo).port}/v4/task`;
    try {
      await send(['x', 'y']);
      let handled = 0;
      await consumeUntil(async () => {
        handled++;
      }, () => handled === 2, { env: { ECS_AGENT_URI: agentUri }, taskProtectionMinutes: 15 });
    } finally {
      agent.close();
    }
    expect(requests[0]).toEqual({ method: 'PUT', url: '/v4/task/task-protection/v1/state', body: { ProtectionEnabled: true, ExpiresInMinutes: 15 } });
    expect(requests.at(-1)).toEqual({ method: 'PUT', url: '/v4/task/task-protection/v1/state', body: { ProtectionEnabled: false } });
  });
});

describe('consumeQueue on a FIFO queue', () => {
  // "Messages within the same message group are always processed one at a time, in strict
  // order" and a receive may return up to 10 messages of one group; later receives return no
  // more of that group until those are deleted or visible again:
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagegroupid-property.html
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html
  test('handles each group one message at a time, in order, even when one fails once', async () => {
    const steps = (group: string) => Array.from({ length: 10 }, (_, i) => `${group}:step-${i}`);
    const url = await fifoQueue(aws.sqs, { a: steps('a'), b: steps('b') });
    const done: Record<string, string[]> = { a: [], b: [] };
    const runningPerGroup: Record<string, number> = { a: 0, b: 0 };
    let overlapped = false;
    let failedOnce = false;
    const result = await consumeUntil(async (message) => {
      const group = message.groupId!;
      if (++runningPerGroup[group]! > 1) overlapped = true;
      try {
        await sleep(5);
        if (message.body === 'a:step-0' && !failedOnce) {
          failedOnce = true;
          throw new Error('step-0 fails once');
        }
        done[group]!.push(message.body);
      } finally {
        runningPerGroup[group]!--;
      }
    }, async () => done.a!.length === 10 && done.b!.length === 10 && (await messagesInQueue(aws.sqs, url)) === 0, { queueUrl: url });
    expect(done).toEqual({ a: steps('a'), b: steps('b') });
    expect(overlapped).toBe(false);
    expect(result).toMatchObject({ succeeded: 20, failed: 1, undeleted: 0 });
  });

  // "If a networking issue occurs after a ReceiveMessage action, and instead of a response
  // you receive a generic error, it is possible to retry the same action with an identical
  // ReceiveRequestAttemptId to retrieve the same set of messages":
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-receiverequestattemptid-request-parameter.html
  test('retries a receive whose answer was lost with the same ReceiveRequestAttemptId', async () => {
    const { proxy, sqs } = await throughProxy();
    const url = await fifoQueue(sqs, { a: ['a:step-0', 'a:step-1', 'a:step-2'] });
    const attemptIds: string[] = [];
    const record = (request: { json?: Record<string, unknown> }) => void attemptIds.push(String(request.json?.ReceiveRequestAttemptId));
    // moto receives (and hides) the messages, the consumer sees a 500: for all of the SDK's attempts.
    proxy.add({ action: 'ReceiveMessage', times: 3, before: record, replace: () => awsJsonError('InternalError', 'connection reset', 500) });
    proxy.add({ action: 'ReceiveMessage', before: record });
    const done: string[] = [];
    await consumeUntil(async (message) => {
      done.push(message.body);
    }, () => done.length === 3, { queueUrl: url, sqs, concurrency: 1 });
    // moto does not deduplicate receives by attempt id, so after the lost answer the order is
    // moto's; real SQS would return the same messages to the retry.
    expect(done.sort()).toEqual(['a:step-0', 'a:step-1', 'a:step-2']);
    // The SDK's three attempts and then the consumer's own retry all carry one id; the receive
    // after a successful one carries a new id.
    expect(attemptIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(attemptIds.slice(0, 4)).toEqual(Array(4).fill(attemptIds[0]));
    expect(attemptIds.length).toBeGreaterThan(4);
    expect(attemptIds[4]).not.toBe(attemptIds[0]);
  });
});

describe('consumeQueue and ECS task protection', () => {
  // Scale-in protection is set with PUT $ECS_AGENT_URI/task-protection/v1/state, for
  // ExpiresInMinutes (1 to 2880), and removed with ProtectionEnabled false:
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-scale-in-protection-endpoint.html
  test('releases protection as soon as nothing is held, even above concurrency 10', async () => {
    const agent = await startAgent();
    try {
      await send(['x', 'y', 'z']);
      let handled = 0;
      await consumeUntil(async () => {
        handled++;
      }, () => handled === 3 && agent.requests.at(-1)?.ProtectionEnabled === false, {
        env: { ECS_AGENT_URI: agent.uri }, taskProtectionMinutes: 15, concurrency: 20,
      });
    } finally {
      await agent.close();
    }
    expect(agent.requests[0]).toEqual({ ProtectionEnabled: true, ExpiresInMinutes: 15 });
    expect(agent.requests.at(-1)).toEqual({ ProtectionEnabled: false });
  });

  test('renews protection on a timer while a handler runs, and retries a failed release', async () => {
    let releases = 0;
    // The first release fails with a 500; the runtime must try again.
    const agent = await startAgent((body) => (!body.ProtectionEnabled && ++releases === 1 ? 500 : 200));
    try {
      await send(['long job']);
      let finished = false;
      await consumeUntil(async () => {
        await sleep(1200);
        finished = true;
      }, () => finished && releases >= 2, {
        env: { ECS_AGENT_URI: agent.uri }, taskProtectionMinutes: 1, taskProtection: { renewEveryMs: 200, retryAfterMs: 100 }, visibilityTimeoutSeconds: 30,
      });
    } finally {
      await agent.close();
    }
    const protects = agent.requests.filter((request) => request.ProtectionEnabled).length;
    expect(protects).toBeGreaterThanOrEqual(4); // the first, then a renewal every 200 ms of the 1.2 s job
    expect(agent.requests.slice(-2)).toEqual([{ ProtectionEnabled: false }, { ProtectionEnabled: false }]);
  });
});

describe('consumeQueue under faults', () => {
  // A heartbeat is ChangeMessageVisibility; once it fails, the message becomes visible when
  // its current timeout ends and may go to another consumer:
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
  test('a failed visibility extension aborts the handler\'s signal and says so', async () => {
    const { proxy, sqs } = await throughProxy();
    proxy.add({ action: 'ChangeMessageVisibilityBatch', reply: () => awsJsonError('InternalError', 'service unavailable', 500) });
    await send(['slow']);
    const { lines, log } = recordingLog();
    let abortedWith: unknown;
    const result = await consumeUntil(async (_message, { signal }) => {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      abortedWith = signal.reason;
    }, () => abortedWith !== undefined, { sqs, log });
    expect(String(abortedWith)).toContain('visibility timeout not extended');
    expect(result).toMatchObject({ succeeded: 0, abandoned: 1 });
    expect(lines.find((line) => line.level === 'error')?.msg).toBe('visibility timeout not extended; aborting the handler, the message may go to another consumer');
  });

  // A message stays hidden for at most 12 hours in all; an extension beyond that is refused:
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
  test('near the 12-hour visibility limit the heartbeat aborts the handler\'s signal and says so', async () => {
    await send(['endless']);
    // The consumer's clock, not real time: once the handler runs, it reads half a visibility
    // timeout (the queue's 1 s) before the 12 hours since the receive are up.
    let skewMs = 0;
    const clock = () => Date.now() + skewMs;
    const { lines, log } = recordingLog();
    let abortedWith: unknown;
    const result = await consumeUntil(async (_message, { signal }) => {
      skewMs = 12 * 3600 * 1000 - 500;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      abortedWith = signal.reason;
    }, () => abortedWith !== undefined, { log, clock });
    expect(String(abortedWith)).toContain('12-hour');
    expect(result).toMatchObject({ succeeded: 0, abandoned: 1 });
    const error = lines.find((line) => line.level === 'error');
    expect(error?.msg).toBe('visibility timeout not extended; aborting the handler, the message may go to another consumer');
    expect(String(error?.reason)).toContain('12-hour SQS limit');
  });

  // DynamoDB answers ProvisionedThroughputExceededException when it throttles; the SDK retries
  // it and then throws it:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
  test('throttling that outlasts the SDK\'s retries releases the message for a retry soon, not toward the DLQ', async () => {
    const { proxy, sqs, dynamodb } = await throughProxy();
    await createResultsTable(aws.dynamodb, 'results');
    const deliveries: number[] = [];
    proxy.add({
      action: 'PutItem',
      when: () => deliveries.length === 1, // every attempt the SDK makes for the first delivery
      reply: () => awsJsonError('com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', 'Rate of requests exceeds the allowed throughput.'),
    });
    const visibility: number[] = [];
    proxy.add({ action: 'ChangeMessageVisibilityBatch', before: (request) => {
      for (const entry of request.json?.Entries as { VisibilityTimeout: number }[]) visibility.push(entry.VisibilityTimeout);
    } });
    const documents = DynamoDBDocumentClient.from(dynamodb);
    await send(['job-1']);
    const result = await consumeUntil(async (message) => {
      deliveries.push(message.receiveCount);
      await putOnce(documents, 'results', { pk: message.body, sk: 'result' }, 'pk');
    }, async () => deliveries.length === 2 && (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, {
      sqs, visibilityTimeoutSeconds: 30, retryDelaySeconds: 1,
    });
    // Redelivered after the 1 s retry delay, not the 30 s visibility timeout.
    expect(visibility).toEqual([1]);
    expect(deliveries).toEqual([1, 2]);
    expect(result).toMatchObject({ succeeded: 1, retried: 1, failed: 0 });
  });

  test('a RetryableError from the handler is retried soon, after the delay it asks for', async () => {
    await send(['flaky']);
    const deliveries: number[] = [];
    const result = await consumeUntil(async (message) => {
      deliveries.push(message.receiveCount);
      if (message.receiveCount === 1) throw new RetryableError('downstream busy');
    }, () => deliveries.length === 2, { visibilityTimeoutSeconds: 30, retryDelaySeconds: 0 });
    expect(result).toMatchObject({ succeeded: 1, retried: 1, failed: 0 });
  });

  // DeleteMessageBatch answers 200 with a Failed entry per message it did not delete:
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html
  test('a partially failed DeleteMessageBatch is retried for the failed entries only', async () => {
    const { proxy, sqs } = await throughProxy();
    const retried: string[] = [];
    proxy.add({
      action: 'DeleteMessageBatch',
      times: 1,
      replace: (answer, request) => {
        const body = JSON.parse(answer.body) as { Successful: { Id: string }[] };
        const [first, ...rest] = body.Successful;
        const entry = (request.json?.Entries as { Id: string; ReceiptHandle: string }[]).find((e) => e.Id === first!.Id)!;
        retried.push(entry.ReceiptHandle);
        return awsJsonResponse({ Successful: rest, Failed: [{ Id: first!.Id, SenderFault: false, Code: 'InternalError', Message: 'try again' }] });
      },
    });
    const retries: string[][] = [];
    proxy.add({ action: 'DeleteMessageBatch', before: (request) => void retries.push((request.json?.Entries as { ReceiptHandle: string }[]).map((e) => e.ReceiptHandle)) });
    await send(['a', 'b', 'c']);
    const seen: string[] = [];
    const result = await consumeUntil(async (message) => {
      seen.push(message.body);
    }, async () => seen.length === 3 && (await messagesInQueue(aws.sqs, aws.queue.url)) === 0, { sqs, visibilityTimeoutSeconds: 30 });
    // Deletes of other messages may go out between the failure and its retry (batches close on a
    // timer), so the retry is the batch that holds exactly the failed entry.
    expect(retries).toContainEqual(retried);
    expect(result).toMatchObject({ succeeded: 3, undeleted: 0 });
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
  });

  test('no heartbeat hides a message again after it was released at the stop deadline', async () => {
    const { proxy, sqs } = await throughProxy();
    const changes: { receipt: string; seconds: number }[] = [];
    proxy.add({ action: 'ChangeMessageVisibilityBatch', before: (request) => {
      for (const entry of request.json?.Entries as { ReceiptHandle: string; VisibilityTimeout: number }[]) {
        changes.push({ receipt: entry.ReceiptHandle, seconds: entry.VisibilityTimeout });
      }
    } });
    await send(['stuck']);
    let started = false;
    // Ignores its signal, so it is still running when the heartbeat (every 0.5 s) ticks on.
    const result = await consumeUntil(async () => {
      started = true;
      await sleep(2500);
    }, () => started, { sqs, visibilityTimeoutSeconds: 1, stopTimeoutSeconds: 1 });
    await sleep(1200);
    expect(result).toMatchObject({ released: 1 });
    const release = changes.findIndex((change) => change.seconds === 0);
    expect(release).toBeGreaterThanOrEqual(0);
    expect(changes.slice(release + 1)).toEqual([]);
  });
});
