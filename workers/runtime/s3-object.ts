import type { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { readS3Trigger, unquoteEtag, type Env, type S3CreatedTrigger, type S3DeletedTrigger } from './contract.js';
import { abortOnSignal } from './digest.js';
import { createLogger, type Logger } from './log.js';

export interface S3Object extends S3CreatedTrigger {
  contentType: string | undefined;
  lastModified: Date | undefined;
  /** The object's bytes as a stream: read it chunk by chunk, never whole. */
  body: Readable;
}

export type S3ObjectHandler<T> = (object: S3Object, context: { log: Logger; signal: AbortSignal }) => Promise<T>;

export interface S3ObjectOptions {
  /** Called instead of `handler` when a deleted object's event started the task; without it such events are skipped. */
  onDeleted?: (event: S3DeletedTrigger, context: { log: Logger }) => Promise<void>;
  s3?: S3Client;
  env?: Env;
  log?: Logger;
  /** Aborts the read and the handler: pass runMain's signal so SIGTERM interrupts the work. */
  signal?: AbortSignal;
}

function isPreconditionFailed(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === 'PreconditionFailed' || error.$metadata.httpStatusCode === 412);
}

/**
 * The entry point of a task started by an S3 trigger. Reads the object named by the event
 * (bucket, decoded key, etag) and hands its streamed body to `handler`.
 *
 * The read is pinned to the event's etag: if the object was overwritten or deleted since
 * the event, there is nothing to do for this event (a later event covers the new object),
 * so the handler is not called and `{ handled: false }` is returned. A deleted object's event
 * has no object to read: it goes to `options.onDeleted`.
 *
 * When `signal` aborts (SIGTERM: a Spot interruption, a stop), the body stops with an
 * AbortError and the interruption is logged with the event, which nothing re-delivers:
 * runMain then exits with EXIT_RETRYABLE, and the run can be repeated safely.
 */
export async function onS3Object<T>(
  handler: S3ObjectHandler<T>,
  options: S3ObjectOptions = {},
): Promise<{ handled: true; result: T } | { handled: false; reason: 'changed' | 'deleted' }> {
  const trigger = readS3Trigger(options.env);
  const log = (options.log ?? createLogger()).child({ eventId: trigger.eventId, bucket: trigger.bucket, key: trigger.key });
  if (trigger.event === 'deleted') {
    if (!options.onDeleted) {
      log.info('object deleted; this worker handles created objects only, skipping');
      return { handled: false, reason: 'deleted' };
    }
    await options.onDeleted(trigger, { log });
    return { handled: false, reason: 'deleted' };
  }
  const s3 = options.s3 ?? new S3Client({});
  const signal = options.signal ?? new AbortController().signal;
  const interrupted = (error: unknown) => {
    if (signal.aborted) log.error('interrupted; this event was not processed', { event: trigger, error });
    return error;
  };
  let response;
  try {
    response = await s3.send(
      new GetObjectCommand({ Bucket: trigger.bucket, Key: trigger.key, IfMatch: `"${trigger.etag}"` }),
      { abortSignal: signal },
    );
  } catch (error) {
    if (isPreconditionFailed(error)) {
      log.info('object changed since the event; skipping', { etag: trigger.etag });
      return { handled: false, reason: 'changed' };
    }
    if (error instanceof NoSuchKey) {
      log.info('object deleted since the event; skipping');
      return { handled: false, reason: 'deleted' };
    }
    throw interrupted(error);
  }
  const body = response.Body as Readable;
  const stopWatching = abortOnSignal(body, signal);
  log.info('object received', { size: trigger.size, etag: trigger.etag });
  try {
    const object: S3Object = {
      ...trigger,
      etag: response.ETag ? unquoteEtag(response.ETag) : trigger.etag,
      contentType: response.ContentType,
      lastModified: response.LastModified,
      body,
    };
    return { handled: true, result: await handler(object, { log, signal }) };
  } catch (error) {
    throw interrupted(error);
  } finally {
    stopWatching();
    // A handler that stops reading early must not leave the connection half-read.
    body.destroy();
  }
}
