// The model: the validated configuration with every default filled in, durations in
// seconds, keys and shorthands normalised. Compile stages read only this.
import type { LoadedProject } from '../config/index.js';
import type { EcsArchConfig, Patch, Task, Trigger } from '../config/index.js';
import { durationSeconds } from '../config/duration.js';
import type { TriggerKind } from '../compile/contribution.js';
import { serviceOf, TRIGGER_KIND_NAMES, TRIGGER_KINDS, type TriggerKindName, type TriggerModel } from '../compile/triggers/registry.js';
import { stackName } from '../config/paths.js';
import type { ImageBuild } from '../images/context.js';
import { DEFAULTS } from '../config/defaults.generated.js';
import { retriesRuns } from '../config/rules.js';

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

export type { S3TriggerModel } from '../compile/triggers/s3.js';
export type { ScheduleTriggerModel } from '../compile/triggers/schedule.js';
export type { SqsTriggerModel } from '../compile/triggers/sqs.js';
export type { EventTriggerModel } from '../compile/triggers/event.js';
export type { TriggerModel } from '../compile/triggers/registry.js';

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
  /** The customer-managed KMS key of the secrets, granted kms:Decrypt to the execution role. */
  secretsKmsKey?: string;
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
  /** A timeout or retries: its triggers start a Step Functions state machine that runs it (triggers/state-machine.ts). */
  run?: ModelRun;
}

export interface ModelRun {
  /** Per attempt. */
  timeoutSeconds?: number;
  /** Runs in total, the first included. */
  attempts: number;
  intervalSeconds: number;
  backoff: number;
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

const key = (k: string | { name: string; type?: KeyType }) => (typeof k === 'string' ? { name: k, type: DEFAULTS.keyAttribute.type } : { name: k.name, type: k.type ?? DEFAULTS.keyAttribute.type });

/** Each trigger's model comes from its kind's module (compile/triggers/<kind>.ts). */
function triggerModel(trigger: Trigger, path: string): TriggerModel {
  const kind = TRIGGER_KIND_NAMES.find((k) => trigger[k]);
  if (!kind) throw new Error(`${path}: a trigger needs one of ${TRIGGER_KIND_NAMES.join(', ')}`);
  return (TRIGGER_KINDS[kind] as TriggerKind<TriggerKindName>).model(trigger[kind] as never, `${path}.${kind}`);
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
    cpu: task.cpu ?? DEFAULTS.task.cpu,
    memory: task.memory ?? DEFAULTS.task.memory,
    architecture: task.architecture ?? DEFAULTS.task.architecture,
    ...(task.command ? { command: task.command } : {}),
    environment: Object.fromEntries(Object.entries(task.environment ?? {}).map(([k, v]) => [k, String(v)])),
    secrets: Object.entries(task.secrets ?? {}).map(([k, v]) => secretModel(k, v)),
    ...(task.secretsKmsKey ? { secretsKmsKey: task.secretsKmsKey } : {}),
    // Fargate Spot only where a start without capacity is retried: a service's scheduler keeps
    // trying, but RunTask from a rule or a schedule (startsTasks kinds) answers with failures and no task, and neither
    // EventBridge nor Scheduler retries that (validate warns; docs/configuration.md). A task with
    // retries is run by its state machine, which retries that failure (triggers/state-machine.ts).
    spot: (task.spot ?? DEFAULTS.task.spot) && (retriesRuns(task) || !triggers.some((t) => TRIGGER_KINDS[t.kind].startsTasks)),
    logRetentionDays: task.logRetentionDays ?? DEFAULTS.task.logRetentionDays,
    access: {
      tables: { ...task.access?.tables },
      buckets: { ...task.access?.buckets },
      queues: { ...task.access?.queues },
      topics: { ...task.access?.topics },
    },
    triggers,
    service: serviceOf({ triggers }) !== undefined,
    ...(task.timeout !== undefined || task.retry !== undefined ? { run: runModel(task) } : {}),
  };
}

function runModel(task: Task): ModelRun {
  const retry = task.retry ?? { attempts: 1 };
  return {
    ...(task.timeout !== undefined ? { timeoutSeconds: durationSeconds(task.timeout) } : {}),
    attempts: retry.attempts ?? DEFAULTS.task.retry.attempts,
    intervalSeconds: durationSeconds(retry.interval ?? DEFAULTS.task.retry.interval),
    backoff: retry.backoff ?? DEFAULTS.task.retry.backoff,
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
    stackName: stackName(config.name, stage),
    cluster: {
      ...(config.cluster?.existing ? { existing: config.cluster.existing } : {}),
      containerInsights: config.cluster?.containerInsights ?? DEFAULTS.cluster.containerInsights,
    },
    ...(config.network
      ? {
          network: {
            vpc: config.network.vpc,
            subnets: config.network.subnets,
            ...(config.network.securityGroups?.length ? { securityGroups: config.network.securityGroups } : {}),
            assignPublicIp: config.network.assignPublicIp ?? DEFAULTS.network.assignPublicIp,
          },
        }
      : {}),
    buckets: Object.entries(config.buckets ?? {}).map(([name, b]) => ({
      name,
      path: `buckets.${name}`,
      versioned: b.versioned ?? DEFAULTS.bucket.versioned,
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
      visibilityTimeoutSeconds: durationSeconds(q.visibilityTimeout ?? DEFAULTS.queue.visibilityTimeout),
      maxReceiveCount: q.maxReceiveCount ?? DEFAULTS.queue.maxReceiveCount,
      fifo: q.fifo ?? DEFAULTS.queue.fifo,
    })),
    topics: Object.entries(config.topics ?? {}).map(([name, t]) => ({ name, path: `topics.${name}`, email: t.email ?? [] })),
    tasks,
    ...(config.alerts
      ? {
          alerts: {
            path: 'alerts',
            topic: topicNames.has(config.alerts.topic) ? { name: config.alerts.topic } : { arn: config.alerts.topic },
            on: [...new Set<AlertEvent>(config.alerts.on ?? DEFAULTS.alerts.on)],
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
