// A queue worker whose handler takes HANDLER_DELAY_MS, built on the compiled runtime, so
// the process-level tests can stop it (SIGTERM, SIGKILL) while messages are in flight.
// Each message body is a job id; its result is written once, as the queue-worker does.
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { consumeQueue, positiveIntegerSetting, putOnce, runMain, tableName } from '../dist/runtime/index.js';

runMain(async ({ log, signal }) => {
  const table = tableName('results');
  const delayMs = positiveIntegerSetting('HANDLER_DELAY_MS', 1000);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  await consumeQueue(async (message, { log }) => {
    log.info('job started', { jobId: message.body });
    await sleep(delayMs);
    await putOnce(documents, table, { pk: `job#${message.body}`, sk: 'result', messageId: message.id }, 'pk');
    log.info('job done', { jobId: message.body });
  }, { concurrency: positiveIntegerSetting('WORKER_CONCURRENCY', 10), waitTimeSeconds: 1, log, signal, handleSignals: false });
});
