// Queue-worker throughput: the workers runtime's consumeQueue against the sqs-consumer
// library (v14, the last release for Node 20), each draining the same 10 000 messages with a
// trivial handler from one SQS emulator on 127.0.0.1, in the same run. The aim (issue 6):
// at least 2× sqs-consumer configured as its README shows, at equal correctness: every
// message handled, duplicates counted, queue empty at the end.
// The emulator is fauxqs (Node, in its own process so it does not share the consumers'
// event loop); BENCH_EMULATOR=moto uses moto_server instead, whose ReceiveMessage scans the
// whole queue, so there the default is 200 messages. BENCH_MESSAGES overrides the count.
// Needs `npm run build` (for workers/dist).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
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
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? (EMULATOR === 'moto' ? 200 : 10_000));
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
const sqs = new SQSClient({
  endpoint: emulator.endpoint,
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
  emulator.stop();
}

console.log(`\nqueue throughput, ${MESSAGES} messages, trivial handler, ${EMULATOR} SQS on 127.0.0.1, Node ${process.version}\n`);
console.log('| consumer | seconds | messages/s | handled | duplicates | left in queue |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.name} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(0)} | ${r.handled} | ${r.duplicates} | ${r.left} |`);
}
const perSecond = (name) => results.find((r) => r.name === name).perSecond;
const readme = perSecond('sqs-consumer (README: defaults)');
const tuned = perSecond('sqs-consumer (batchSize: 10)');
const ours10 = perSecond('consumeQueue (default, concurrency 10)');
const ours50 = perSecond('consumeQueue (concurrency 50)');
console.log(`\nconsumeQueue defaults vs sqs-consumer README setup: ${(ours10 / readme).toFixed(1)}× (aim ≥ 2×); vs its batchSize 10: ${(ours10 / tuned).toFixed(1)}×`);
console.log(`consumeQueue concurrency 50 vs README setup: ${(ours50 / readme).toFixed(1)}×; vs batchSize 10: ${(ours50 / tuned).toFixed(1)}×`);
const incorrect = results.filter((r) => r.handled !== MESSAGES || r.left !== 0);
if (incorrect.length > 0) {
  console.error('incorrect runs:', incorrect.map((r) => r.name).join(', '));
  process.exit(1);
}
// sqs-consumer leaves timers behind after stop(); the numbers are in, so end here.
process.exit(0);
