import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { digestStream, looksLikeText, mapSettled, putOnce, unquoteEtag, type Logger } from '../runtime/index.js';

export interface BatchSettings {
  sourceBucket: string;
  /** Objects under this prefix are processed in key order, so keys should sort by arrival (e.g. dated prefixes). */
  prefix: string;
  reportBucket: string;
  reportPrefix: string;
  table: string;
  concurrency: number;
  /** At most this many objects per run, so one run stays within its schedule interval. */
  maxObjects: number;
}

export interface BatchReport {
  runId: string;
  source: string;
  startedAt: string;
  finishedAt: string;
  checkpointBefore: string | null;
  checkpointAfter: string | null;
  processed: { key: string; etag: string; size: number; sha256: string; lines: number | null; recorded: 'created' | 'exists' }[];
  failed: { key: string; error: string }[];
}

interface Clients {
  s3: S3Client;
  documents: DynamoDBDocumentClient;
}

function checkpointKey(settings: BatchSettings) {
  return { pk: `checkpoint#s3://${settings.sourceBucket}/${settings.prefix}`, sk: 'checkpoint' };
}

async function readCheckpoint({ documents }: Clients, settings: BatchSettings): Promise<string | null> {
  const answer = await documents.send(new GetCommand({ TableName: settings.table, Key: checkpointKey(settings), ConsistentRead: true }));
  const startAfter = answer.Item?.startAfter;
  return typeof startAfter === 'string' ? startAfter : null;
}

/** Conditional on the value this run read, so two runs can never move it past each other. */
async function saveCheckpoint({ documents }: Clients, settings: BatchSettings, previous: string | null, next: string, runId: string) {
  await documents.send(new PutCommand({
    TableName: settings.table,
    Item: { ...checkpointKey(settings), startAfter: next, runId, updatedAt: new Date().toISOString() },
    ConditionExpression: previous === null ? 'attribute_not_exists(pk)' : 'startAfter = :previous',
    ...(previous === null ? {} : { ExpressionAttributeValues: { ':previous': previous } }),
  }));
}

async function processObject({ s3, documents }: Clients, settings: BatchSettings, key: string, runId: string) {
  const object = await s3.send(new GetObjectCommand({ Bucket: settings.sourceBucket, Key: key }));
  const body = object.Body as Readable;
  try {
    const digest = await digestStream(body, { countLines: looksLikeText(object.ContentType, key) });
    const etag = unquoteEtag(object.ETag ?? '');
    // The same item shape and key as the s3-to-dynamodb worker: both may see one object.
    const recorded = await putOnce(documents, settings.table, {
      pk: `s3://${settings.sourceBucket}/${key}`,
      sk: `etag#${etag}`,
      bucket: settings.sourceBucket,
      key,
      etag,
      size: digest.bytes,
      sha256: digest.sha256,
      contentType: object.ContentType ?? 'application/octet-stream',
      ...(digest.lines === null ? {} : { lines: digest.lines }),
      lastModified: object.LastModified?.toISOString(),
      runId,
      processedAt: new Date().toISOString(),
    }, 'pk');
    return { key, etag, size: digest.bytes, sha256: digest.sha256, lines: digest.lines, recorded };
  } finally {
    body.destroy();
  }
}

/**
 * Processes the objects added since the checkpoint, page by page. The checkpoint moves only
 * past objects that succeeded, and never past a failure: a failed object and everything
 * after it are tried again next run (results are written idempotently). The report goes to
 * S3 even when some objects failed; the run then fails so the alert rule sees it.
 */
export async function runBatch(clients: Clients, settings: BatchSettings, runId: string, log: Logger, signal: AbortSignal): Promise<BatchReport> {
  const startedAt = new Date().toISOString();
  const checkpointBefore = await readCheckpoint(clients, settings);
  let checkpoint = checkpointBefore;
  const processed: BatchReport['processed'] = [];
  const failed: BatchReport['failed'] = [];
  let budget = settings.maxObjects;
  log.info('batch starting', { source: `s3://${settings.sourceBucket}/${settings.prefix}`, startAfter: checkpoint });

  while (budget > 0 && !signal.aborted) {
    const page = await clients.s3.send(new ListObjectsV2Command({
      Bucket: settings.sourceBucket,
      Prefix: settings.prefix,
      ...(checkpoint === null ? {} : { StartAfter: checkpoint }),
      MaxKeys: Math.min(1000, budget),
    }));
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
    if (keys.length === 0) break;
    budget -= keys.length;

    const settled = await mapSettled(keys, settings.concurrency, (key) => processObject(clients, settings, key, runId));
    let advanceTo: string | null = null;
    let blocked = false;
    settled.forEach((outcome, index) => {
      const key = keys[index] as string;
      if (outcome.status === 'fulfilled') {
        processed.push(outcome.value);
        if (!blocked) advanceTo = key;
      } else {
        blocked = true;
        failed.push({ key, error: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason) });
        log.error('object failed', { key, error: outcome.reason });
      }
    });
    if (advanceTo !== null) {
      await saveCheckpoint(clients, settings, checkpoint, advanceTo, runId);
      checkpoint = advanceTo;
    }
    if (blocked || !page.IsTruncated) break;
  }

  const report: BatchReport = {
    runId,
    source: `s3://${settings.sourceBucket}/${settings.prefix}`,
    startedAt,
    finishedAt: new Date().toISOString(),
    checkpointBefore,
    checkpointAfter: checkpoint,
    processed,
    failed,
  };
  const reportKey = `${settings.reportPrefix}${startedAt.slice(0, 10)}/${startedAt}-${runId}.json`;
  await clients.s3.send(new PutObjectCommand({
    Bucket: settings.reportBucket,
    Key: reportKey,
    Body: JSON.stringify(report, null, 2),
    ContentType: 'application/json',
  }));
  log.info('batch finished', { processed: processed.length, failed: failed.length, checkpoint, report: `s3://${settings.reportBucket}/${reportKey}` });
  if (failed.length > 0) throw new Error(`${failed.length} object(s) failed; the checkpoint stays at ${JSON.stringify(checkpoint)}`);
  return report;
}
