// The ECS_ARCH_* environment contract (SPEC.md, "What the generated CloudFormation
// guarantees") read into typed values. Every reader fails fast with a message that names
// the missing variable and the ecs-arch.yml setting that provides it.

export type Env = Record<string, string | undefined>;

export class ContractError extends Error {
  override name = 'ContractError';
}

/** `raw-uploads` → `RAW_UPLOADS`, as the compiler names resource variables. */
export function envSuffix(resourceName: string): string {
  return resourceName.toUpperCase().replace(/-/g, '_');
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
  return required(env, `ECS_ARCH_BUCKET_${envSuffix(name)}`, accessHint('buckets', name));
}

export function tableName(name: string, env: Env = process.env): string {
  return required(env, `ECS_ARCH_TABLE_${envSuffix(name)}`, accessHint('tables', name));
}

export function queueUrl(name: string, env: Env = process.env): string {
  return required(env, `ECS_ARCH_QUEUE_${envSuffix(name)}_URL`, accessHint('queues', name));
}

export function topicArn(name: string, env: Env = process.env): string {
  return required(env, `ECS_ARCH_TOPIC_${envSuffix(name)}_ARN`, accessHint('topics', name));
}

export type TriggerKind = 's3' | 'schedule' | 'sqs';

function requireTrigger(env: Env, expected: TriggerKind): void {
  const actual = required(env, 'ECS_ARCH_TRIGGER', `this worker expects a "${expected}" trigger on its task`);
  if (actual !== expected) {
    throw new ContractError(`ECS_ARCH_TRIGGER is "${actual}" but this worker handles "${expected}" triggers`);
  }
}

export interface S3Trigger {
  bucket: string;
  /** The object key, decoded: EventBridge delivers keys URL-encoded with spaces as `+`. */
  key: string;
  size: number;
  /** Without surrounding quotes, as EventBridge delivers it. */
  etag: string;
  eventId: string;
}

/** Keys in S3 events are form-encoded: `+` is a space and a literal `+` arrives as `%2B`. */
export function decodeEventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    throw new ContractError(`ECS_ARCH_S3_KEY is not a URL-encoded object key: ${JSON.stringify(encoded)}`);
  }
}

export function unquoteEtag(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

export function readS3Trigger(env: Env = process.env): S3Trigger {
  requireTrigger(env, 's3');
  const hint = 'the S3 trigger sets it from the EventBridge "Object Created" event';
  const sizeText = required(env, 'ECS_ARCH_S3_SIZE', hint);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new ContractError(`ECS_ARCH_S3_SIZE is not a byte count: ${JSON.stringify(sizeText)}`);
  }
  return {
    bucket: required(env, 'ECS_ARCH_S3_BUCKET', hint),
    key: decodeEventKey(required(env, 'ECS_ARCH_S3_KEY', hint)),
    size,
    etag: unquoteEtag(required(env, 'ECS_ARCH_S3_ETAG', hint)),
    eventId: required(env, 'ECS_ARCH_EVENT_ID', hint),
  };
}

export function readQueueTrigger(env: Env = process.env): { queueUrl: string } {
  requireTrigger(env, 'sqs');
  return { queueUrl: required(env, 'ECS_ARCH_QUEUE_URL', 'the sqs trigger sets it to the queue this service consumes') };
}

export function readScheduleTrigger(env: Env = process.env): void {
  requireTrigger(env, 'schedule');
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
