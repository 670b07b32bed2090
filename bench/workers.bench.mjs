// Queue-worker throughput, measured fairly: the workers runtime's consumeQueue against
// sqs-consumer (v14, the last release for Node 20) in its documented parallel form,
// `batchSize: 10` with `handleMessageBatch`. Both drain the same number of messages from the
// same SQS emulator on 127.0.0.1 with the same handler (trivial, then 20 ms) and the same
// concurrency (10), in interleaved runs (at least 5 each, alternating which goes first, after
// one uncounted warm-up round); the table gives median and range. Every SQS request each
// consumer makes is counted. A run (warm-up included) that handles a message twice or leaves
// one in the queue fails the bench.
// The emulator is fauxqs (Node, in its own process so it does not share the consumers' event
// loop); BENCH_EMULATOR=moto uses moto_server (200 messages by default: its ReceiveMessage
// scans the queue). BENCH_MESSAGES and BENCH_RUNS override the count and the runs.
// Needs `npm run build` (for workers/dist).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { startMotoServer } from './lib.mjs';

// The SDK's notice that its future releases need Node 22 is noise in a table of numbers.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const EMULATOR = process.env.BENCH_EMULATOR ?? 'fauxqs';
if (!['fauxqs', 'moto'].includes(EMULATOR)) {
  console.error(`BENCH_EMULATOR must be fauxqs or moto, not ${EMULATOR}`);
  process.exit(2);
}
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? (EMULATOR === 'moto' ? 200 : 3_000));
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const CONCURRENCY = 10;
const VISIBILITY_SECONDS = 30;
const HANDLERS = [
  { name: 'trivial', ms: 0 },
  { name: '20ms', ms: 20 },
];
const root = fileURLToPath(new URL('..', import.meta.url));
const runtimePath = fileURLToPath(new URL('../workers/dist/runtime/index.js', import.meta.url));
if (!existsSync(runtimePath)) {
  console.error('workers/dist is missing: run `npm run build` first.');
  process.exit(1);
}
const { consumeQueue, createLogger } = await import(runtimePath);

/** fauxqs in a child process, listening on 127.0.0.1 only (its startFauxqs binds 0.0.0.0). */
async function startFauxqsServer() {
  const script = `
    const { buildApp } = await import('fauxqs');
    const app = buildApp({ logger: false });
    console.log(await app.listen({ port: 0, host: '127.0.0.1' }));
    process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fauxqs did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`fauxqs exited (${code}); is it installed? npm install`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
  });
  return { endpoint, stop: () => child.kill('SIGTERM') };
}

const emulator = EMULATOR === 'moto' ? await startMotoServer() : await startFauxqsServer();
const clientConfig = { endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
// Filling, watching and deleting queues goes through this client, which no consumer uses.
const admin = new SQSClient(clientConfig);

/** A client for one consumer's run that counts every command it sends. */
function countingClient() {
  const client = new SQSClient(clientConfig);
  const counter = { requests: 0, byCommand: {} };
  client.middlewareStack.add((next, context) => (args) => {
    counter.requests++;
    counter.byCommand[context.commandName] = (counter.byCommand[context.commandName] ?? 0) + 1;
    return next(args);
  }, { step: 'initialize', name: 'benchRequestCounter' });
  return { client, counter };
}

let queues = 0;
async function freshQueue() {
  const { QueueUrl } = await admin.send(new CreateQueueCommand({ QueueName: `bench-${process.pid}-${++queues}`, Attributes: { VisibilityTimeout: String(VISIBILITY_SECONDS) } }));
  const batches = [];
  for (let i = 0; i < MESSAGES; i += 10) {
    batches.push(Array.from({ length: Math.min(10, MESSAGES - i) }, (_, j) => ({ Id: String(j), MessageBody: `m${i + j}` })));
  }
  for (let i = 0; i < batches.length; i += 10) {
    await Promise.all(batches.slice(i, i + 10).map((Entries) => admin.send(new SendMessageBatchCommand({ QueueUrl, Entries }))));
  }
  return QueueUrl;
}

async function remaining(queueUrl) {
  const { Attributes } = await admin.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

/**
 * Drains a fresh queue with `start(queueUrl, sqs, handler) → stop()`. The clock stops when
 * every message has been handled and the queue is empty (deleted, not just handled).
 */
async function measure(consumer, handlerMs, start) {
  const queueUrl = await freshQueue();
  const { client, counter } = countingClient();
  const seen = new Set();
  let duplicates = 0;
  const handler = async (body) => {
    if (handlerMs > 0) await sleep(handlerMs);
    if (seen.has(body)) duplicates++;
    seen.add(body);
  };
  const startedAt = performance.now();
  const stop = start(queueUrl, client, handler);
  while (seen.size < MESSAGES) {
    await sleep(5);
    if (performance.now() - startedAt > 300_000) throw new Error(`${consumer}: not drained in 5 minutes`);
  }
  while ((await remaining(queueUrl)) > 0) {
    if (performance.now() - startedAt > 300_000) throw new Error(`${consumer}: messages left after 5 minutes`);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  // Requests count until 200 ms after the drain, with the consumer still running: by then each
  // has settled into what it does on an empty queue (one open long poll, or more), and whether
  // its first empty receive had gone out at the instant the queue emptied is no longer a race.
  await sleep(200); // a late duplicate would show up here too
  const requests = counter.requests;
  const byCommand = { ...counter.byCommand };
  await stop();
  const left = await remaining(queueUrl);
  await admin.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  client.destroy();
  return { consumer, handlerMs, perSecond: MESSAGES / seconds, requests, byCommand, handled: seen.size, duplicates, left };
}

const quiet = createLogger({}, { write: () => {} });
const ours = (queueUrl, sqs, handler) => {
  const controller = new AbortController();
  const running = consumeQueue((message) => handler(message.body), {
    sqs, concurrency: CONCURRENCY, handleSignals: false, signal: controller.signal, log: quiet,
    // What a deployed task's container gets from its sqs trigger (docs/environment.md).
    env: { ECS_ARCH_TRIGGER: 'sqs', ECS_ARCH_QUEUE_URL: queueUrl, ECS_ARCH_QUEUE_VISIBILITY_TIMEOUT: String(VISIBILITY_SECONDS) },
  });
  return async () => {
    controller.abort();
    await running;
  };
};
const sqsConsumer = (queueUrl, sqs, handler) => {
  // sqs-consumer's parallel form: a batch of up to 10 handled together; returning the
  // messages tells it to delete them (README, "Message Acknowledgment").
  const handleMessageBatch = async (messages) => {
    await Promise.all(messages.map((message) => handler(message.Body)));
    return messages;
  };
  const consumer = Consumer.create({ queueUrl, sqs, batchSize: CONCURRENCY, handleMessageBatch });
  let stopping = false;
  // After stop() its last long poll may still meet the queue the bench has deleted.
  consumer.on('error', (error) => stopping || console.error('sqs-consumer error:', error.message));
  consumer.start();
  return async () => {
    stopping = true;
    await new Promise((resolve) => {
      consumer.once('stopped', resolve);
      consumer.stop();
    });
  };
};
const consumers = { consumeQueue: ours, 'sqs-consumer': sqsConsumer };

const results = [];
const warmUps = [];
try {
  // One round of each, not counted: the first drains also pay for JIT compilation in both
  // processes and the emulator's first queues.
  for (const handler of HANDLERS) for (const name of Object.keys(consumers)) warmUps.push(await measure(name, handler.ms, consumers[name]));
  for (let run = 0; run < RUNS; run++) {
    for (const handler of HANDLERS) {
      // Alternate which consumer goes first, so neither always meets a warmer emulator.
      const order = run % 2 === 0 ? ['consumeQueue', 'sqs-consumer'] : ['sqs-consumer', 'consumeQueue'];
      for (const name of order) results.push(await measure(name, handler.ms, consumers[name]));
    }
  }
} finally {
  emulator.stop();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const runsOf = (consumer, handlerMs) => results.filter((r) => r.consumer === consumer && r.handlerMs === handlerMs);
const requestsPerMessage = (consumer) => {
  const runs = results.filter((r) => r.consumer === consumer);
  return runs.reduce((sum, r) => sum + r.requests, 0) / (runs.length * MESSAGES);
};

console.log(`\nqueue throughput: ${MESSAGES} messages per run, concurrency ${CONCURRENCY}, ${RUNS} interleaved runs each, ${EMULATOR} SQS on 127.0.0.1, Node ${process.version}\n`);
console.log('| consumer | handler | median messages/s | range | SQS requests/message | of which receives, deletes | duplicates | left in queue |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
const medians = {};
for (const handler of HANDLERS) {
  for (const consumer of Object.keys(consumers)) {
    const runs = runsOf(consumer, handler.ms);
    const rates = runs.map((r) => r.perSecond);
    medians[`${consumer}/${handler.name}`] = median(rates);
    const perMessage = (count) => (count / (runs.length * MESSAGES)).toFixed(4);
    const total = (pick) => runs.reduce((sum, r) => sum + pick(r), 0);
    const requests = perMessage(total((r) => r.requests));
    const split = `${perMessage(total((r) => r.byCommand.ReceiveMessageCommand ?? 0))}, ${perMessage(total((r) => r.byCommand.DeleteMessageBatchCommand ?? 0))}`;
    console.log(`| ${consumer} | ${handler.name} | ${median(rates).toFixed(0)} | ${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)} | ${requests} | ${split} | ${total((r) => r.duplicates)} | ${total((r) => r.left)} |`);
  }
}

const trivial = medians['consumeQueue/trivial'] / medians['sqs-consumer/trivial'];
const slow = medians['consumeQueue/20ms'] / medians['sqs-consumer/20ms'];
// The most a consumer can do with 20 ms handlers: `concurrency` handlers every 20 ms.
const bound = medians['consumeQueue/20ms'] / (CONCURRENCY / 0.02);
const ourRequests = requestsPerMessage('consumeQueue');
const theirRequests = requestsPerMessage('sqs-consumer');
const duplicates = results.reduce((sum, r) => sum + r.duplicates, 0);
console.log(`\ngoals: trivial ≥ 2× (${trivial >= 2 ? 'met' : 'NOT met'}), 20 ms ≥ 1.0× (${slow >= 1 ? 'met' : 'NOT met'}) and ≥ 90 % of the bound (${bound >= 0.9 ? 'met' : 'NOT met'}), requests/message ≤ sqs-consumer's (${ourRequests <= theirRequests ? 'met' : 'NOT met'})`);

const incorrect = [...warmUps, ...results].filter((r) => r.handled !== MESSAGES || r.left !== 0 || r.duplicates !== 0);
if (incorrect.length > 0) {
  console.error('incorrect runs (a message handled twice, missed or left in the queue):', incorrect.map((r) => `${r.consumer} ${r.handlerMs} ms`).join(', '));
  process.exit(1);
}
console.log(`workers bench: trivial ${trivial.toFixed(1)}x, 20ms ${slow.toFixed(2)}x of sqs-consumer, bound ${Math.round(bound * 100)}%, requests/msg ${ourRequests.toFixed(4)} vs ${theirRequests.toFixed(4)}, duplicates ${duplicates}`);
// sqs-consumer leaves timers behind after stop(); the numbers are in, so end here.
process.exit(0);
