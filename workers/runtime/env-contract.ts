// The ECS_ARCH_* environment contract: every variable ecs-arch sets in a task's container,
// who sets it, for which events, and what it means. The compiler (src/compile) builds the
// environment and the RunTask overrides from this table, the workers' runtime
// (contract.ts) reads them through it, and docs/environment.md is generated from it.
// It lives in workers/ so a worker's Docker build (context workers/) has it; it imports
// nothing, so both sides load it as is.

/** Every ecs-arch variable starts with this; ecs-arch.yml may not set such a name itself. */
export const RESERVED_PREFIX = 'ECS_ARCH_';

/** The trigger kinds that start a task's container, as ECS_ARCH_TRIGGER names them. */
export type TriggerKind = 's3' | 'schedule' | 'sqs' | 'event';

/** Object events an s3 trigger subscribes to; each has its own EventBridge rule. */
export type S3EventKind = 'created' | 'deleted';

/** A variable the trigger that started the task sets, the same for every task. */
export interface TriggerVariable {
  readonly name: string;
  /** Trigger kinds that set it. */
  readonly triggers: readonly TriggerKind[];
  /** For s3 triggers: the object events whose tasks get it (all when absent). */
  readonly s3Events?: readonly S3EventKind[];
  /** For s3 and event triggers: where EventBridge's event carries the value (absent: a constant). */
  readonly eventPath?: string;
  readonly meaning: string;
}

export const TRIGGER_VARIABLES = {
  trigger: {
    name: 'ECS_ARCH_TRIGGER',
    triggers: ['s3', 'schedule', 'sqs', 'event'],
    meaning:
      'The kind of trigger that starts this task: `s3`, `schedule`, `sqs` or `event`. Set in the task definition for schedule and sqs triggers ' +
      '(so a task started by hand knows how it was meant to run), and in the RunTask overrides of every s3, schedule and event start.',
  },
  s3Event: {
    name: 'ECS_ARCH_S3_EVENT',
    triggers: ['s3'],
    s3Events: ['created', 'deleted'],
    meaning: 'Which object event started the task: `created` or `deleted`.',
  },
  s3Bucket: {
    name: 'ECS_ARCH_S3_BUCKET',
    triggers: ['s3'],
    s3Events: ['created', 'deleted'],
    eventPath: '$.detail.bucket.name',
    meaning: 'The name of the bucket the event is about.',
  },
  s3Key: {
    name: 'ECS_ARCH_S3_KEY',
    triggers: ['s3'],
    s3Events: ['created', 'deleted'],
    eventPath: '$.detail.object.key',
    meaning: 'The object key as the event carries it: URL-encoded, with spaces as `+` (the runtime decodes it).',
  },
  s3Size: {
    name: 'ECS_ARCH_S3_SIZE',
    triggers: ['s3'],
    s3Events: ['created'],
    eventPath: '$.detail.object.size',
    meaning: 'The object size in bytes. Not set for deleted objects: their events carry no size.',
  },
  s3Etag: {
    name: 'ECS_ARCH_S3_ETAG',
    triggers: ['s3'],
    s3Events: ['created'],
    eventPath: '$.detail.object.etag',
    meaning: 'The ETag of the object version the event is about. Not set for deleted objects: their events carry no ETag.',
  },
  eventId: {
    name: 'ECS_ARCH_EVENT_ID',
    triggers: ['s3', 'event'],
    s3Events: ['created', 'deleted'],
    eventPath: '$.id',
    meaning: "EventBridge's ID of the event: the same on every delivery of one event, so it suits idempotency keys.",
  },
  eventSource: {
    name: 'ECS_ARCH_EVENT_SOURCE',
    triggers: ['event'],
    eventPath: '$.source',
    meaning: 'The `source` of the EventBridge event that started the task.',
  },
  eventDetailType: {
    name: 'ECS_ARCH_EVENT_DETAIL_TYPE',
    triggers: ['event'],
    eventPath: '$.detail-type',
    meaning: 'The `detail-type` of the EventBridge event that started the task. The fields of its detail that the trigger names under `environment` arrive as variables of their own.',
  },
  queueUrl: {
    name: 'ECS_ARCH_QUEUE_URL',
    triggers: ['sqs'],
    meaning: 'The URL of the queue the task consumes (its sqs trigger).',
  },
  queueVisibilityTimeout: {
    name: 'ECS_ARCH_QUEUE_VISIBILITY_TIMEOUT',
    triggers: ['sqs'],
    meaning:
      "That queue's visibility timeout in seconds (`queues.<name>.visibilityTimeout`). The runtime extends a held message's timeout every half of it; " +
      'without it the runtime asks SQS for the queue attribute once at start.',
  },
} as const satisfies Record<string, TriggerVariable>;

/** A variable per resource the task may use, named after the resource in ecs-arch.yml. */
export interface ResourceVariable {
  readonly prefix: string;
  readonly suffix: string;
  /** What gives a task this variable, in ecs-arch.yml terms. */
  readonly setBy: string;
  readonly meaning: string;
}

export const RESOURCE_VARIABLES = {
  bucket: {
    prefix: 'ECS_ARCH_BUCKET_',
    suffix: '',
    setBy: '`access.buckets.<name>`, or an s3 trigger on the bucket',
    meaning: 'The bucket name.',
  },
  table: {
    prefix: 'ECS_ARCH_TABLE_',
    suffix: '',
    setBy: '`access.tables.<name>`',
    meaning: 'The table name.',
  },
  queue: {
    prefix: 'ECS_ARCH_QUEUE_',
    suffix: '_URL',
    setBy: '`access.queues.<name>`, or an sqs trigger on the queue',
    meaning: 'The queue URL.',
  },
  topic: {
    prefix: 'ECS_ARCH_TOPIC_',
    suffix: '_ARN',
    setBy: '`access.topics.<name>`',
    meaning: 'The topic ARN.',
  },
} as const satisfies Record<string, ResourceVariable>;

export type ResourceKind = keyof typeof RESOURCE_VARIABLES;

/** `raw-uploads` → `RAW_UPLOADS`: how a resource's name appears in its variable. */
export function envSuffix(resourceName: string): string {
  return resourceName.toUpperCase().replace(/-/g, '_');
}

/** `resourceVariable('bucket', 'raw-uploads')` → `ECS_ARCH_BUCKET_RAW_UPLOADS`. */
export function resourceVariable(kind: ResourceKind, resourceName: string): string {
  const { prefix, suffix } = RESOURCE_VARIABLES[kind];
  return `${prefix}${envSuffix(resourceName)}${suffix}`;
}

/** The trigger variables a task started by an s3 trigger for `event` receives. */
export function s3EventVariables(event: S3EventKind): TriggerVariable[] {
  return Object.values(TRIGGER_VARIABLES).filter(
    (v: TriggerVariable) => v.triggers.includes('s3') && (v.s3Events === undefined || v.s3Events.includes(event)),
  );
}

/** The trigger variables a task started by an event trigger receives (besides the fields it names). */
export function eventTriggerVariables(): TriggerVariable[] {
  return Object.values(TRIGGER_VARIABLES).filter((v: TriggerVariable) => v.triggers.includes('event'));
}
