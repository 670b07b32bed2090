// The ECS_ARCH_* environment contract (env-contract.ts, docs/environment.md) read into typed
// values. Every reader fails fast with a message that names the missing variable and the
// ecs-arch.yml setting that provides it.
import { TRIGGER_VARIABLES as V, envSuffix, resourceVariable, type S3EventKind, type TriggerKind } from './env-contract.js';

export { envSuffix, type S3EventKind, type TriggerKind };

export type Env = Record<string, string | undefined>;

export class ContractError extends Error {
  override name = 'ContractError';
}

function required(env: Env, variable: string, hint: string): string {
  const value = env[variable];
  if (value === undefined || value === '') {
    throw new ContractError(`${variable} is not set: ${hint}`);
  }
  return value;
}

function accessHint(kind: string, name: string): string {
  return `give this task access to ${kind} "${name}" in ecs-arch.yml (tasks.<task>.access.${kind}.${name}) or a trigger on it`;
}

export function bucketName(name: string, env: Env = process.env): string {
  return required(env, resourceVariable('bucket', name), accessHint('buckets', name));
}

export function tableName(name: string, env: Env = process.env): string {
  return required(env, resourceVariable('table', name), accessHint('tables', name));
}

export function queueUrl(name: string, env: Env = process.env): string {
  return required(env, resourceVariable('queue', name), accessHint('queues', name));
}

export function topicArn(name: string, env: Env = process.env): string {
  return required(env, resourceVariable('topic', name), accessHint('topics', name));
}

function requireTrigger(env: Env, expected: TriggerKind): void {
  const actual = required(env, V.trigger.name, `this worker expects a "${expected}" trigger on its task`);
  if (actual !== expected) {
    throw new ContractError(`${V.trigger.name} is "${actual}" but this worker handles "${expected}" triggers`);
  }
}

interface S3EventFields {
  bucket: string;
  /** The object key, decoded: EventBridge delivers keys URL-encoded with spaces as `+`. */
  key: string;
  eventId: string;
}

/** An object was created (uploaded, copied or completed as a multipart upload). */
export interface S3CreatedTrigger extends S3EventFields {
  event: 'created';
  size: number;
  /** Without surrounding quotes, as EventBridge delivers it. */
  etag: string;
}

/** An object was deleted: the event carries no size or etag. */
export interface S3DeletedTrigger extends S3EventFields {
  event: 'deleted';
}

export type S3Trigger = S3CreatedTrigger | S3DeletedTrigger;

/** Keys in S3 events are form-encoded: `+` is a space and a literal `+` arrives as `%2B`. */
export function decodeEventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    throw new ContractError(`${V.s3Key.name} is not a URL-encoded object key: ${JSON.stringify(encoded)}`);
  }
}

export function unquoteEtag(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

const S3_EVENTS: readonly string[] = V.s3Event.s3Events;

export function readS3Trigger(env: Env = process.env): S3Trigger {
  requireTrigger(env, 's3');
  const hint = 'the S3 trigger sets it from the EventBridge object event';
  const event = required(env, V.s3Event.name, hint);
  if (!S3_EVENTS.includes(event)) {
    throw new ContractError(`${V.s3Event.name} is not one of ${S3_EVENTS.join(', ')}: ${JSON.stringify(event)}`);
  }
  const fields: S3EventFields = {
    bucket: required(env, V.s3Bucket.name, hint),
    key: decodeEventKey(required(env, V.s3Key.name, hint)),
    eventId: required(env, V.eventId.name, hint),
  };
  if (event === 'deleted') return { event, ...fields };
  const sizeText = required(env, V.s3Size.name, hint);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new ContractError(`${V.s3Size.name} is not a byte count: ${JSON.stringify(sizeText)}`);
  }
  return { event: 'created', ...fields, size, etag: unquoteEtag(required(env, V.s3Etag.name, hint)) };
}

export interface QueueTrigger {
  queueUrl: string;
  /** Absent when the task was not started by ecs-arch's compiler (an older template, a local run). */
  visibilityTimeoutSeconds: number | undefined;
}

export function readQueueTrigger(env: Env = process.env): QueueTrigger {
  requireTrigger(env, 'sqs');
  const queueUrl = required(env, V.queueUrl.name, 'the sqs trigger sets it to the queue this service consumes');
  const visibility = env[V.queueVisibilityTimeout.name];
  if (visibility === undefined || visibility === '') return { queueUrl, visibilityTimeoutSeconds: undefined };
  const seconds = Number(visibility);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > 43_200) {
    throw new ContractError(`${V.queueVisibilityTimeout.name} is not a visibility timeout in seconds (0 to 43200): ${JSON.stringify(visibility)}`);
  }
  return { queueUrl, visibilityTimeoutSeconds: seconds };
}

export function readScheduleTrigger(env: Env = process.env): void {
  requireTrigger(env, 'schedule');
}

/** What an event trigger tells the task; the detail fields it names under `environment` are the worker's own variables. */
export interface EventTrigger {
  eventId: string;
  source: string;
  detailType: string;
}

export function readEventTrigger(env: Env = process.env): EventTrigger {
  requireTrigger(env, 'event');
  const hint = 'the event trigger sets it from the EventBridge event';
  return {
    eventId: required(env, V.eventId.name, hint),
    source: required(env, V.eventSource.name, hint),
    detailType: required(env, V.eventDetailType.name, hint),
  };
}

/** A worker's own numeric setting (from `environment:` in ecs-arch.yml), checked at startup. */
export function positiveIntegerSetting(variable: string, fallback: number, env: Env = process.env): number {
  const text = env[variable];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ContractError(`${variable} must be a positive integer, got ${JSON.stringify(text)}`);
  }
  return value;
}
