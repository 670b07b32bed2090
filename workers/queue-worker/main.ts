// A long-running service on an SQS queue (architecture 3): each message is a job whose
// result is written to DynamoDB. Scaling, retries and the dead-letter queue come from the
// generated stack; this program only has to be idempotent and stop gracefully.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { consumeQueue, positiveIntegerSetting, putOnce, runMain, tableName } from '../runtime/index.js';
import { parseJob, summarise } from './job.js';

runMain(async ({ log, signal }) => {
  const table = tableName('results');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

  await consumeQueue(async (message, { log }) => {
    const job = parseJob(message.body);
    // Keyed by the job id, so a redelivered message (or a duplicate send) writes nothing new.
    const outcome = await putOnce(documents, table, {
      pk: `job#${job.id}`,
      sk: 'result',
      ...summarise(job),
      messageId: message.id,
      receiveCount: message.receiveCount,
      processedAt: new Date().toISOString(),
    }, 'pk');
    log.info(outcome === 'created' ? 'job done' : 'job already done', { jobId: job.id });
  }, { concurrency: positiveIntegerSetting('WORKER_CONCURRENCY', 10), log, signal, handleSignals: false });
});
