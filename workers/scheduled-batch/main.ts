// A scheduled task (architecture 2): processes the objects uploaded under a prefix since the
// last run and writes a report. A lock keeps runs from overlapping when one runs long.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bucketName, onSchedule, positiveIntegerSetting, runMain, tableName } from '../runtime/index.js';
import { runBatch } from './batch.js';

runMain(async ({ log, signal }) => {
  const settings = {
    sourceBucket: bucketName('uploads'),
    prefix: process.env.BATCH_PREFIX ?? 'incoming/',
    reportBucket: bucketName('reports'),
    reportPrefix: process.env.BATCH_REPORT_PREFIX ?? 'reports/',
    table: tableName('results'),
    concurrency: positiveIntegerSetting('BATCH_CONCURRENCY', 8),
    maxObjects: positiveIntegerSetting('BATCH_MAX_OBJECTS', 10_000),
    maxAttempts: positiveIntegerSetting('BATCH_MAX_ATTEMPTS', 3),
  };
  const clients = { s3: new S3Client({}), documents: DynamoDBDocumentClient.from(new DynamoDBClient({})) };
  await onSchedule(
    ({ runId, log, signal }) => runBatch(clients, settings, runId, log, signal),
    { lock: { table: settings.table, name: 'scheduled-batch', sortKey: 'sk', ttlSeconds: positiveIntegerSetting('BATCH_LOCK_TTL_SECONDS', 900) }, log, signal },
  );
});
