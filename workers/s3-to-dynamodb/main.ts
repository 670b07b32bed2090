// Runs once per uploaded object (S3 → EventBridge → ECS task): streams the object, computes
// its size, SHA-256, content type and (for text) line count, and records the result.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { digestStream, looksLikeText, onS3Object, putOnce, runMain, tableName } from '../runtime/index.js';

runMain(async ({ log, signal }) => {
  const table = tableName('results');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

  await onS3Object(async (object, { log }) => {
    const digest = await digestStream(object.body, { countLines: looksLikeText(object.contentType, object.key) });
    // One item per object version: the key includes the etag, so a redelivered event finds
    // its item already there and a newer upload gets an item of its own.
    const outcome = await putOnce(documents, table, {
      pk: `s3://${object.bucket}/${object.key}`,
      sk: `etag#${object.etag}`,
      bucket: object.bucket,
      key: object.key,
      etag: object.etag,
      size: digest.bytes,
      sha256: digest.sha256,
      contentType: object.contentType ?? 'application/octet-stream',
      ...(digest.lines === null ? {} : { lines: digest.lines }),
      lastModified: object.lastModified?.toISOString(),
      eventId: object.eventId,
      processedAt: new Date().toISOString(),
    }, 'pk');
    log.info(outcome === 'created' ? 'result recorded' : 'result already recorded by an earlier delivery', {
      table, size: digest.bytes, sha256: digest.sha256, lines: digest.lines,
    });
  }, { log, signal });
});
