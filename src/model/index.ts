// The model: the validated configuration with every default filled in, durations in
// seconds, keys and shorthands normalised. Compile stages read only this.
import type { LoadedProject } from '../config/index.js';
import type { EcsArchConfig, Patch, S3Trigger, ScheduleTrigger, SqsTrigger, Task } from '../config/index.js';
import { parseDuration } from '../config/duration.js';
import { scheduleExpression } from '../config/schedule.js';
import type { ImageBuild } from '../images/context.js';

export type KeyType = 'S' | 'N' | 'B';
export type BucketAccess = 'read' | 'write' | 'readwrite';
export type QueueAccess = 'send' | 'consume';

export interface ModelBucket {
  name: string;
  path: string;
  versioned: boolean;
  /** A bucket this stack does not own. */
  existing?: string;
}

export interface ModelTable {
  name: string;
  path: string;
  partitionKey: { name: string; type: KeyType };
  sortKey?: { name: string; type: KeyType };
  ttlAttribute?: string;
}

export interface ModelQueue {
  name: string;
  path: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  fifo: boolean;
}

export interface ModelTopic {
  name: string;
  path: string;
  email: string[];
}

export interface S3TriggerModel {
  kind: 's3';
  path: string;
  bucket: string;
  events: ('created' | 'deleted')[];
  prefix?: string;
  suffix?: string;
}

export interface ScheduleTriggerModel {
  kind: 'schedule';
  path: string;
  /** A valid rate(), cron() or at() expression; shorthands already mapped. */
  expression: string;
  timezone: string;
  retries: number;
  flexibleWindowMinutes?: number;
  enabled: boolean;
}

export interface SqsTriggerModel {
  kind: 'sqs';
  path: string;
  queue: string;
  scaling: { min: number; max: number; backlogPerTask: number };
}

export type TriggerModel = S3TriggerModel | ScheduleTriggerModel | SqsTriggerModel;

export interface ModelSecret {
  name: string;
  source: 'ssm' | 'secretsmanager';
  /** SSM parameter name (with leading "/") or Secrets Manager secret name or ARN. */
  id: string;
}

export interface ModelTask {
  name: string;
  path: string;
  /** An image to pull, or one that deploy/build makes from source (its tag a hash of the build's inputs). */
  image: { uri: string } | { build: ImageBuild };
  cpu: number;
  memory: number;
  architecture: 'x86_64' | 'arm64';
  command?: string[];
  environment: Record<string, string>;
  secrets: ModelSecret[];
  spot: boolean;
  logRetentionDays: number;
  access: {
    tables: Record<string, BucketAccess>;
    buckets: Record<string, BucketAccess>;
    queues: Record<string, QueueAccess>;
    topics: Record<string, 'publish'>;
  };
  triggers: TriggerModel[];
  /** An sqs trigger makes the task a long-running service. */
  service: boolean;
}

export type AlertEvent = 'task-stopped' | 'task-failed' | 'dead-letter' | 'trigger-failed';

export interface ModelAlerts {
  path: string;
  /** A topic declared in this file, or the ARN of one this stack does not own. */
  topic: { name: string } | { arn: string };
  on: AlertEvent[];
  tasks: string[];
}

export interface Model {
  name: string;
  stage: string;
  region: string;
  stackName: string;
  cluster: { existing?: string; containerInsights: boolean };
  network?: { vpc: string; subnets: string[]; securityGroups?: string[]; assignPublicIp: boolean };
  buckets: ModelBucket[];
  tables: ModelTable[];
  queues: ModelQueue[];
  topics: ModelTopic[];
  tasks: ModelTask[];
  alerts?: ModelAlerts;
  deployment: { tags: Record<string, string>; terminationProtection: boolean; artifactBucket?: string; maxResourcesPerStack?: number };
  cloudformation: {
    resources: NonNullable<NonNullable<EcsArchConfig['cloudformation']>['resources']>;
    outputs: NonNullable<NonNullable<EcsArchConfig['cloudformation']>['outputs']>;
    patches: Patch[];
  };
}

/** The validator has accepted every duration; a failure here is a bug, not user input. */
function durationSeconds(value: string | number): number {
  const seconds = parseDuration(value);
  if (seconds === undefined) throw new Error(`not a duration: ${JSON.stringify(value)}`);
  return seconds;
}

const key = (k: string | { name: string; type?: KeyType }) => (typeof k === 'string' ? { name: k, type: 'S' as const } : { name: k.name, type: k.type ?? 'S' });

function triggerModel(trigger: { s3?: S3Trigger; schedule?: ScheduleTrigger; sqs?: SqsTrigger }, path: string): TriggerModel {
  if (trigger.s3) {
    const s3 = trigger.s3;
    return {
      kind: 's3',
      path: `${path}.s3`,
      bucket: s3.bucket,
      events: [...new Set<S3TriggerModel['events'][number]>(s3.events ?? ['created'])],
      ...(s3.prefix ? { prefix: s3.prefix } : {}),
      ...(s3.suffix ? { suffix: s3.suffix } : {}),
    };
  }
  if (trigger.schedule) {
    const schedule = trigger.schedule;
    return {
      kind: 'schedule',
      path: `${path}.schedule`,
      // EventBridge Scheduler has no @-shorthands: they become the equivalent cron().
      expression: scheduleExpression(schedule.expression.trim()),
      timezone: schedule.timezone ?? 'UTC',
      retries: schedule.retries ?? 3,
      ...(schedule.flexibleWindow !== undefined ? { flexibleWindowMinutes: Math.max(1, Math.round(durationSeconds(schedule.flexibleWindow) / 60)) } : {}),
      enabled: schedule.enabled ?? true,
    };
  }
  if (trigger.sqs) {
    const scaling = trigger.sqs.scaling ?? {};
    const min = scaling.min ?? 1;
    return {
      kind: 'sqs',
      path: `${path}.sqs`,
      queue: trigger.sqs.queue,
      scaling: { min, max: Math.max(scaling.max ?? 10, min, 1), backlogPerTask: scaling.backlogPerTask ?? 10 },
    };
  }
  throw new Error(`${path}: a trigger needs one of s3, schedule or sqs`);
}

function secretModel(name: string, value: string): ModelSecret {
  const match = /^(ssm|secretsmanager):(.+)$/.exec(value);
  if (!match) throw new Error(`secret ${name}: expected ssm:/name or secretsmanager:name, got ${JSON.stringify(value)}`);
  const source = match[1] as ModelSecret['source'];
  const id = match[2]!;
  return { name, source, id: source === 'ssm' && !id.startsWith('/') && !id.startsWith('arn:') ? `/${id}` : id };
}

function taskModel(name: string, task: Task, builds: readonly ImageBuild[]): ModelTask {
  const path = `tasks.${name}`;
  const build = builds.find((b) => b.task === name);
  if (typeof task.image !== 'string' && !build) throw new Error(`internal error: task ${name} builds its image but was loaded without its build`);
  const triggers = (task.triggers ?? []).map((t, i) => triggerModel(t, `${path}.triggers.${i}`));
  return {
    name,
    path,
    image: typeof task.image === 'string' ? { uri: task.image } : { build: build! },
    cpu: task.cpu ?? 256,
    memory: task.memory ?? 512,
    architecture: task.architecture ?? 'x86_64',
    ...(task.command ? { command: task.command } : {}),
    environment: Object.fromEntries(Object.entries(task.environment ?? {}).map(([k, v]) => [k, String(v)])),
    secrets: Object.entries(task.secrets ?? {}).map(([k, v]) => secretModel(k, v)),
    // Fargate Spot only where a start without capacity is retried: a service's scheduler keeps
    // trying, but RunTask from a rule or a schedule answers with failures and no task, and neither
    // EventBridge nor Scheduler retries that (validate warns; docs/configuration.md).
    spot: (task.spot ?? false) && !triggers.some((t) => t.kind === 's3' || t.kind === 'schedule'),
    logRetentionDays: task.logRetentionDays ?? 30,
    access: {
      tables: { ...task.access?.tables },
      buckets: { ...task.access?.buckets },
      queues: { ...task.access?.queues },
      topics: { ...task.access?.topics },
    },
    triggers,
    service: triggers.some((t) => t.kind === 'sqs'),
  };
}

export function buildModel(project: Pick<LoadedProject, 'config' | 'stage' | 'region' | 'images'>): Model {
  const { config, stage, region } = project;
  const tasks = Object.entries(config.tasks ?? {}).map(([name, task]) => taskModel(name, task, project.images ?? []));
  const topicNames = new Set(Object.keys(config.topics ?? {}));
  return {
    name: config.name,
    stage,
    region,
    stackName: `${config.name}-${stage}`,
    cluster: {
      ...(config.cluster?.existing ? { existing: config.cluster.existing } : {}),
      containerInsights: config.cluster?.containerInsights ?? true,
    },
    ...(config.network
      ? {
          network: {
            vpc: config.network.vpc,
            subnets: config.network.subnets,
            ...(config.network.securityGroups?.length ? { securityGroups: config.network.securityGroups } : {}),
            assignPublicIp: config.network.assignPublicIp ?? false,
          },
        }
      : {}),
    buckets: Object.entries(config.buckets ?? {}).map(([name, b]) => ({
      name,
      path: `buckets.${name}`,
      versioned: b.versioned ?? false,
      ...(b.existing ? { existing: b.existing } : {}),
    })),
    tables: Object.entries(config.tables ?? {}).map(([name, t]) => ({
      name,
      path: `tables.${name}`,
      partitionKey: key(t.partitionKey),
      ...(t.sortKey ? { sortKey: key(t.sortKey) } : {}),
      ...(t.ttlAttribute ? { ttlAttribute: t.ttlAttribute } : {}),
    })),
    queues: Object.entries(config.queues ?? {}).map(([name, q]) => ({
      name,
      path: `queues.${name}`,
      visibilityTimeoutSeconds: durationSeconds(q.visibilityTimeout ?? 30),
      maxReceiveCount: q.maxReceiveCount ?? 5,
      fifo: q.fifo ?? false,
    })),
    topics: Object.entries(config.topics ?? {}).map(([name, t]) => ({ name, path: `topics.${name}`, email: t.email ?? [] })),
    tasks,
    ...(config.alerts
      ? {
          alerts: {
            path: 'alerts',
            topic: topicNames.has(config.alerts.topic) ? { name: config.alerts.topic } : { arn: config.alerts.topic },
            on: [...new Set<AlertEvent>(config.alerts.on ?? ['task-failed'])],
            tasks: config.alerts.tasks ?? tasks.map((t) => t.name),
          },
        }
      : {}),
    deployment: {
      tags: { ...config.deployment?.tags },
      terminationProtection: config.deployment?.terminationProtection ?? stage === 'prod',
      ...(config.deployment?.artifactBucket ? { artifactBucket: config.deployment.artifactBucket } : {}),
      ...(config.deployment?.maxResourcesPerStack ? { maxResourcesPerStack: config.deployment.maxResourcesPerStack } : {}),
    },
    cloudformation: {
      resources: { ...config.cloudformation?.resources },
      outputs: { ...config.cloudformation?.outputs },
      patches: config.cloudformation?.patches ?? [],
    },
  };
}
