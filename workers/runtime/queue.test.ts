// consumeQueue in-process against moto's SQS, with an ECS agent stand-in (a real HTTP
// server on 127.0.0.1) for task protection.
import { describe, expect } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { messagesInQueue, sendMessages, useWorkersAws, waitFor } from '../../test/support/workers-aws.js';
import { consumeQueue, type ConsumeQueueOptions, type MessageHandler } from './queue.js';
import { createLogger } from './log.js';

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
  await waitFor(until, 'the consumer to get there', 30_000);
  stop.abort();
  return running;
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
    expect(result).toEqual({ succeeded: 60, failed: 0, released: 0 });
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
    expect(result).toEqual({ succeeded: 3, failed: 0, released: 0 });
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
    expect(result).toEqual({ succeeded: 0, failed: 0, released: 1 });
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
