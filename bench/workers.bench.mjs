// Queue-worker throughput: the workers runtime's consumeQueue against the sqs-consumer
// library (v14, the last release for Node 20), each draining the same number of messages
// with a trivial handler from moto's SQS on 127.0.0.1, in the same run.
// Correctness is checked alongside speed: every message handled, none twice, queue empty.
// Needs `npm run build` (for workers/dist) and moto_server on PATH.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';

// moto's ReceiveMessage scans the whole queue, so its cost grows with queue depth and soon
// dominates every consumer: at 1 000 messages all four run at 14-21 messages/s and 30 s
// visibility timeouts lapse inside moto's backlog. 200 keeps the consumers, not moto, the
// thing measured; BENCH_MESSAGES=10000 runs the full size on a faster emulator or real SQS.
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const runtimePath = fileURLToPath(new URL('../workers/dist/runtime/index.js', import.meta.url));
if (!existsSync(runtimePath)) {
  console.error('workers/dist is missing: run `npm run build` first.');
  process.exit(1);
}
const { consumeQueue, createLogger } = await import(runtimePath);

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const listening = (port) =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function startMoto() {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  child.once('error', (error) => {
    console.error(`moto_server could not start (${error.message}); install it: pip install "moto[server]"`);
    process.exit(1);
  });
  const deadline = Date.now() + 30_000;
  while (!(await listening(port))) {
    if (Date.now() > deadline) throw new Error('moto_server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

const moto = await startMoto();
const sqs = new SQSClient({
  endpoint: moto.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});

async function freshQueue(name) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '30' } }));
  const batches = [];
  for (let i = 0; i < MESSAGES; i += 10) {
    batches.push(Array.from({ length: Math.min(10, MESSAGES - i) }, (_, j) => ({ Id: String(j), MessageBody: `m${i + j}` })));
  }
  // Ten senders at a time.
  for (let i = 0; i < batches.length; i += 10) {
    await Promise.all(batches.slice(i, i + 10).map((Entries) => sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }))));
  }
  return QueueUrl;
}

async function remaining(queueUrl) {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

/** Drains a fresh queue with `start(queueUrl, handler) → stop()`, timing until every message is handled and deleted. */
async function measure(name, start) {
  const queueUrl = await freshQueue(name.replace(/[^a-z0-9]+/gi, '-'));
  const seen = new Set();
  let duplicates = 0;
  const handler = async (body) => {
    if (seen.has(body)) duplicates++;
    seen.add(body);
  };
  const startedAt = performance.now();
  const stop = start(queueUrl, handler);
  while (seen.size < MESSAGES || (await remaining(queueUrl)) > 0) {
    await new Promise((r) => setTimeout(r, 50));
    if (performance.now() - startedAt > 300_000) throw new Error(`${name}: not drained in 5 minutes`);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  await stop();
  const left = await remaining(queueUrl);
  await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  return { name, seconds, perSecond: MESSAGES / seconds, handled: seen.size, duplicates, left };
}

const quiet = createLogger({}, { write: () => {} });
const ours = (concurrency) => (queueUrl, handler) => {
  const controller = new AbortController();
  const running = consumeQueue((message) => handler(message.body), {
    queueUrl, sqs, concurrency, handleSignals: false, signal: controller.signal, log: quiet, env: {},
  });
  return async () => {
    controller.abort();
    await running;
  };
};
const sqsConsumer = (options) => (queueUrl, handler) => {
  // Returning the message is how sqs-consumer is told to delete it (README, "Message Acknowledgment").
  const handleMessage = async (message) => {
    await handler(message.Body);
    return message;
  };
  const consumer = Consumer.create({ queueUrl, sqs, handleMessage, ...options });
  consumer.on('error', (error) => console.error('sqs-consumer error:', error.message));
  consumer.start();
  return async () => {
    await new Promise((resolve) => {
      consumer.once('stopped', resolve);
      consumer.stop();
    });
  };
};

const results = [];
try {
  results.push(await measure('sqs-consumer (README: defaults)', sqsConsumer({})));
  results.push(await measure('sqs-consumer (batchSize: 10)', sqsConsumer({ batchSize: 10 })));
  results.push(await measure('consumeQueue (default, concurrency 10)', ours(10)));
  results.push(await measure('consumeQueue (concurrency 50)', ours(50)));
} finally {
  moto.stop();
}

console.log(`\nqueue throughput, ${MESSAGES} messages, trivial handler, moto SQS on 127.0.0.1, Node ${process.version}\n`);
console.log('| consumer | seconds | messages/s | handled | duplicates | left in queue |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.name} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(0)} | ${r.handled} | ${r.duplicates} | ${r.left} |`);
}
const baseline = results[0].perSecond;
const best = Math.max(...results.filter((r) => r.name.startsWith('consumeQueue')).map((r) => r.perSecond));
const bestTheirs = Math.max(...results.filter((r) => r.name.startsWith('sqs-consumer')).map((r) => r.perSecond));
console.log(`\nconsumeQueue vs sqs-consumer README setup: ${(best / baseline).toFixed(1)}×; vs its best setup here: ${(best / bestTheirs).toFixed(1)}×`);
const incorrect = results.filter((r) => r.handled !== MESSAGES || r.left !== 0);
if (incorrect.length > 0) {
  console.error('incorrect runs:', incorrect.map((r) => r.name).join(', '));
  process.exit(1);
}
// sqs-consumer leaves timers behind after stop(); the numbers are in, so end here.
process.exit(0);
