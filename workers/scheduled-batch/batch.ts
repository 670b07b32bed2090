import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  RetryableError,
  abortOnSignal,
  digestStream,
  isRetryable,
  looksLikeText,
  mapSettled,
  putOnce,
  unquoteEtag,
  type Logger,
} from '../runtime/index.js';

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
  /** Runs in which an object may fail (other than transiently) before it is skipped and recorded. */
  maxAttempts: number;
}

export interface BatchReport {
  runId: string;
  source: string;
  startedAt: string;
  finishedAt: string;
  checkpointBefore: string | null;
  checkpointAfter: string | null;
  processed: { key: string; etag: string; size: number; sha256: string; lines: number | null; recorded: 'created' | 'exists' }[];
  /** Failed in this run; `attempts` counts the runs it has failed in (transient failures do not count). */
  failed: { key: string; error: string; retryable: boolean; attempts: number | null }[];
  /** Failed in `maxAttempts` runs: the checkpoint moved past them; each is recorded in the table as `failed#<key>`. */
  skipped: { key: string; attempts: number; error: string }[];
  /** SIGTERM (or a lost lock) stopped the run early; the next run resumes at the checkpoint. */
  interrupted: boolean;
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

/** Counts a run in which `key` failed, on an item beside the checkpoint; returns the count so far. */
async function countFailure({ documents }: Clients, settings: BatchSettings, key: string, error: string, runId: string): Promise<number> {
  const answer = await documents.send(new UpdateCommand({
    TableName: settings.table,
    Key: { pk: checkpointKey(settings).pk, sk: `failed#${key}` },
    UpdateExpression: 'ADD attempts :one SET objectKey = :key, lastError = :error, runId = :run, updatedAt = :now',
    ExpressionAttributeValues: { ':one': 1, ':key': key, ':error': error, ':run': runId, ':now': new Date().toISOString() },
    ReturnValues: 'UPDATED_NEW',
  }));
  return Number(answer.Attributes?.attempts ?? 1);
}

async function markSkipped({ documents }: Clients, settings: BatchSettings, key: string, runId: string): Promise<void> {
  await documents.send(new UpdateCommand({
    TableName: settings.table,
    Key: { pk: checkpointKey(settings).pk, sk: `failed#${key}` },
    UpdateExpression: 'SET skipped = :true, skippedBy = :run',
    ExpressionAttributeValues: { ':true': true, ':run': runId },
  }));
}

async function processObject({ s3, documents }: Clients, settings: BatchSettings, key: string, runId: string, signal: AbortSignal) {
  const object = await s3.send(new GetObjectCommand({ Bucket: settings.sourceBucket, Key: key }), { abortSignal: signal });
  const body = object.Body as Readable;
  const stopWatching = abortOnSignal(body, signal);
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
    stopWatching();
    body.destroy();
  }
}

/**
 * Processes the objects added since the checkpoint, page by page. The checkpoint moves only
 * past objects that succeeded or were skipped, never past one still to be retried: a failed
 * object and everything after it are tried again next run (results are written
 * idempotently). An object that fails in `maxAttempts` runs is skipped and recorded, so one
 * bad object cannot hold the batch forever; transient failures and interruptions do not
 * count as attempts. The report goes to S3 even when objects failed or the run was
 * interrupted; the run then fails (retryably, when every failure was transient) so the alert
 * rule sees it.
 */
export async function runBatch(clients: Clients, settings: BatchSettings, runId: string, log: Logger, signal: AbortSignal): Promise<BatchReport> {
  const startedAt = new Date().toISOString();
  const checkpointBefore = await readCheckpoint(clients, settings);
  let checkpoint = checkpointBefore;
  const processed: BatchReport['processed'] = [];
  const failed: BatchReport['failed'] = [];
  const skipped: BatchReport['skipped'] = [];
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

    const settled = await mapSettled(keys, settings.concurrency, (key) => processObject(clients, settings, key, runId, signal));
    let advanceTo: string | null = null;
    let blocked = false;
    for (const [index, outcome] of settled.entries()) {
      const key = keys[index] as string;
      if (outcome.status === 'fulfilled') {
        processed.push(outcome.value);
        if (!blocked) advanceTo = key;
        continue;
      }
      const error = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      const retryable = signal.aborted || isRetryable(outcome.reason);
      const attempts = retryable ? null : await countFailure(clients, settings, key, error, runId);
      failed.push({ key, error, retryable, attempts });
      if (attempts !== null && attempts >= settings.maxAttempts) {
        await markSkipped(clients, settings, key, runId);
        skipped.push({ key, attempts, error });
        log.error('object skipped after failing in every attempt; recorded in the table', { key, attempts, error: outcome.reason });
        if (!blocked) advanceTo = key;
      } else {
        blocked = true;
        log.error('object failed; it will be retried next run', { key, retryable, attempts, error: outcome.reason });
      }
    }
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
    skipped,
    interrupted: signal.aborted,
  };
  const reportKey = `${settings.reportPrefix}${startedAt.slice(0, 10)}/${startedAt}-${runId}.json`;
  await clients.s3.send(new PutObjectCommand({
    Bucket: settings.reportBucket,
    Key: reportKey,
    Body: JSON.stringify(report, null, 2),
    ContentType: 'application/json',
  }));
  log.info('batch finished', {
    processed: processed.length, failed: failed.length, skipped: skipped.length, interrupted: report.interrupted, checkpoint,
    report: `s3://${settings.reportBucket}/${reportKey}`,
  });
  const where = `the checkpoint is at ${JSON.stringify(checkpoint)}`;
  if (failed.some((failure) => !failure.retryable)) throw new Error(`${failed.length} object(s) failed, ${skipped.length} skipped; ${where}`);
  if (report.interrupted) throw new RetryableError(`interrupted; ${where} and the next run resumes there`);
  if (failed.length > 0) throw new RetryableError(`${failed.length} object(s) failed transiently; ${where}`);
  return report;
}
