// The rules a schema cannot say: references between
// items, Fargate cpu/memory pairs, duration limits, stack name length; each trigger kind's
// own rules (what it references, schedule syntax, sqs exclusivity) are in its module,
// compile/triggers/<kind>.ts. They run even when the schema found errors, so they
// look at values defensively and skip what the schema already reported.
import type { Diagnostic } from '../diagnostics.js';
import { isRecord } from '../util/records.js';
import { didYouMean } from '../util/suggest.js';
import { TRIGGER_KIND_NAMES, TRIGGER_KINDS } from '../compile/triggers/registry.js';
import { parseDuration } from './duration.js';
import { DEFAULTS } from './defaults.generated.js';
import { allowedMemoryText, FARGATE_CPUS, isValidFargatePair } from './fargate.js';
import type { SourceFile } from './load.js';
import { oneOf } from './schema-errors.js';
import { RESERVED_PREFIX } from '../../workers/runtime/env-contract.js';
import { stackName } from './paths.js';

const MAX_VISIBILITY_TIMEOUT = 12 * 3600;
const MAX_STACK_NAME = 128;
const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

type Record_ = Record<string, unknown>;
const entries = (value: unknown): [string, unknown][] => (isRecord(value) ? Object.entries(value) : []);
const names = (value: unknown): string[] => (isRecord(value) ? Object.keys(value) : []);

export interface RuleContext {
  config: Record_;
  stage: string;
  region: string;
  source: SourceFile;
  /** --stage / --region given on the command line (checked here, with no position of their own). */
  stageFromCli: boolean;
  regionFromCli: boolean;
}

export function ruleDiagnostics(context: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { config, source } = context;
  checkStage(context, out);

  const declared = {
    bucket: names(config.buckets),
    table: names(config.tables),
    queue: names(config.queues),
    topic: names(config.topics),
    task: names(config.tasks),
  };
  const reference = (path: string, kind: keyof typeof declared, name: unknown, atKey = false): void => {
    if (typeof name !== 'string' || declared[kind].includes(name)) return;
    const suggestion = didYouMean(name, declared[kind]);
    const hint = suggestion || (declared[kind].length ? ` Declared: ${declared[kind].join(', ')}.` : ` Declare it under ${kind}s.`);
    const message = `${path}: unknown ${kind} "${name}".${hint}`;
    out.push(atKey ? source.atKey(path, message) : source.atValue(path, message));
  };

  if (declared.task.length && !isRecord(config.network)) {
    out.push(source.atKey('tasks', 'network (vpc and subnets) is required when tasks are declared'));
  }

  const queueScaling = checkQueueScalingMetrics(config, source, out);
  if (isRecord(config.cluster) && config.cluster.existing !== undefined && config.cluster.containerInsights === false && !queueScaling) {
    out.push(source.atKey('cluster.containerInsights', 'cluster.containerInsights applies only to a cluster this stack creates, not to cluster.existing'));
  }
  for (const [name, bucket] of entries(config.buckets)) {
    if (isRecord(bucket) && bucket.existing !== undefined && bucket.versioned !== undefined) {
      out.push(source.atKey(`buckets.${name}.versioned`, `buckets.${name}.versioned applies only to a bucket this stack creates, not to an existing one`));
    }
    if (isRecord(bucket)) checkBucketName(`buckets.${name}.existing`, bucket.existing, source, out);
  }
  if (isRecord(config.deployment)) checkBucketName('deployment.artifactBucket', config.deployment.artifactBucket, source, out);
  for (const [name, table] of entries(config.tables)) {
    if (!isRecord(table)) continue;
    const keyName = (key: unknown): unknown => (isRecord(key) ? key.name : key);
    if (table.sortKey !== undefined && keyName(table.sortKey) === keyName(table.partitionKey)) {
      out.push(source.atValue(`tables.${name}.sortKey`, `tables.${name}.sortKey: the sort key must differ from the partition key`));
    }
  }
  for (const [name, queue] of entries(config.queues)) {
    if (!isRecord(queue) || queue.visibilityTimeout === undefined) continue;
    const seconds = parseDuration(queue.visibilityTimeout);
    if (seconds !== undefined && seconds > MAX_VISIBILITY_TIMEOUT) {
      out.push(source.atValue(`queues.${name}.visibilityTimeout`, `queues.${name}.visibilityTimeout: ${String(queue.visibilityTimeout)} is longer than SQS allows (12h)`));
    }
  }

  for (const [taskName, task] of entries(config.tasks)) {
    if (!isRecord(task)) continue;
    const base = `tasks.${taskName}`;
    checkFargate(base, task, source, out);
    if (task.spot === true && task.architecture === 'arm64') {
      out.push(source.atValue(`${base}.spot`, `${base}.spot: Fargate Spot runs only x86_64 tasks; use architecture x86_64 or spot: false`));
    }
    checkEnvironment(base, task, source, out);
    checkRun(base, task, source, out);
    for (const [kind, grants] of [['table', 'tables'], ['bucket', 'buckets'], ['queue', 'queues'], ['topic', 'topics']] as const) {
      const access = isRecord(task.access) ? task.access[grants] : undefined;
      for (const name of names(access)) reference(`${base}.access.${grants}.${name}`, kind, name, true);
    }
    const triggers = Array.isArray(task.triggers) ? task.triggers : [];
    const runTaskKinds = TRIGGER_KIND_NAMES.filter((kind) => TRIGGER_KINDS[kind].startsTasks);
    // With retries the state machine runs the task again when Spot has no capacity (model/index.ts).
    if (task.spot === true && !retriesRuns(task) && triggers.some((t) => isRecord(t) && runTaskKinds.some((kind) => isRecord(t[kind])))) {
      out.push(
        source.atValue(
          `${base}.spot`,
          `${base}.spot: tasks started by ${oneOf(runTaskKinds)} triggers run on FARGATE: when Fargate Spot has no capacity, RunTask starts no task and neither EventBridge nor Scheduler retries it; set retry (attempts 2 or more) to run on Fargate Spot`,
          'warning',
        ),
      );
    }
    for (const [index, trigger] of triggers.entries()) {
      if (!isRecord(trigger)) continue;
      const rules = { source, out, reference, triggers, index };
      for (const kind of TRIGGER_KIND_NAMES) {
        const config = trigger[kind];
        if (isRecord(config)) TRIGGER_KINDS[kind].check(config, `${base}.triggers.${index}.${kind}`, rules);
      }
    }
  }

  checkAlerts(context, declared.task, reference, out);
  return out;
}

function checkStage(context: RuleContext, out: Diagnostic[]): void {
  const { config, stage, region, source } = context;
  const name = typeof config.name === 'string' ? config.name : undefined;
  if (context.stageFromCli && !(NAME_PATTERN.test(stage) && stage.length <= 32)) {
    out.push(source.diagnostic(0, 'stage', `--stage "${stage}" must start with a lowercase letter, use only lowercase letters, digits and hyphens, and be at most 32 characters`));
  }
  if (context.regionFromCli && !/^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(region)) {
    out.push(source.diagnostic(0, 'region', `region "${region}" (from --region or AWS_REGION) is not an AWS region such as us-east-1`));
  }
  if (name && stackName(name, stage).length > MAX_STACK_NAME) {
    out.push(source.atValue('name', `the stack name "${stackName(name, stage)}" is longer than ${MAX_STACK_NAME} characters`));
  }
}

/**
 * S3's naming rules beyond the schema's length and characters
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): S3 refuses to
 * create such names, so a bucket named so cannot exist.
 */
const BUCKET_NAME_RULES: [RegExp, string][] = [
  [/\.\./, 'must not contain two adjacent periods'],
  [/^\d{1,3}(\.\d{1,3}){3}$/, 'must not be formatted as an IP address'],
  [/^(xn--|sthree-|amzn-s3-demo-)/, 'must not start with xn--, sthree- or amzn-s3-demo- (reserved prefixes)'],
  [/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/, 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (reserved suffixes)'],
];

function checkBucketName(path: string, name: unknown, source: SourceFile, out: Diagnostic[]): void {
  if (typeof name !== 'string') return;
  const broken = BUCKET_NAME_RULES.find(([pattern]) => pattern.test(name));
  if (broken) out.push(source.atValue(path, `${path}: "${name}" is not a valid S3 bucket name: it ${broken[1]}`));
}

function checkFargate(base: string, task: Record_, source: SourceFile, out: Diagnostic[]): void {
  const cpu = task.cpu ?? DEFAULTS.task.cpu;
  const memory = task.memory ?? DEFAULTS.task.memory;
  // Values the schema rejected are reported there already.
  if (typeof cpu !== 'number' || !FARGATE_CPUS.includes(cpu) || typeof memory !== 'number' || !Number.isInteger(memory)) return;
  if (isValidFargatePair(cpu, memory)) return;
  const allowed = `(allowed: ${allowedMemoryText(cpu)})`;
  if (task.memory === undefined) {
    out.push(source.atValue(`${base}.cpu`, `${base}: memory ${DEFAULTS.task.memory} (the default) is not a valid memory for cpu ${cpu} ${allowed}; set memory`));
  } else {
    const cpuText = task.cpu === undefined ? `cpu ${cpu} (the default)` : `cpu ${cpu}`;
    out.push(source.atValue(`${base}.memory`, `${base}.memory: ${memory} is not a valid memory for ${cpuText} ${allowed}`));
  }
}

function checkEnvironment(base: string, task: Record_, source: SourceFile, out: Diagnostic[]): void {
  const secrets = names(task.secrets);
  for (const name of names(task.environment)) {
    if (name.startsWith(RESERVED_PREFIX)) {
      out.push(source.atKey(`${base}.environment.${name}`, `${base}.environment: ${name} uses the ${RESERVED_PREFIX} prefix, which ecs-arch sets itself`));
    }
    if (secrets.includes(name)) {
      out.push(source.atKey(`${base}.secrets.${name}`, `${base}.secrets: ${name} is also set in environment; a variable can come from only one of them`));
    }
  }
  for (const [name, value] of entries(task.secrets)) {
    if (name.startsWith(RESERVED_PREFIX)) {
      out.push(source.atKey(`${base}.secrets.${name}`, `${base}.secrets: ${name} uses the ${RESERVED_PREFIX} prefix, which ecs-arch sets itself`));
    }
    const problem = typeof value === 'string' && value.startsWith('secretsmanager:') ? secretsManagerProblem(value.slice('secretsmanager:'.length)) : undefined;
    if (problem) out.push(source.atValue(`${base}.secrets.${name}`, `${base}.secrets.${name}: ${problem}`));
  }
}

/** A task whose failed runs are run again (task.retry with more than one attempt). */
export const retriesRuns = (task: { retry?: unknown }): boolean => isRecord(task.retry) && (task.retry.attempts ?? DEFAULTS.task.retry.attempts) !== 1;

// https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (an execution runs at most one year)
const MAX_RUN_SECONDS = 31_536_000;

/**
 * A timeout or retries run the task through a state machine that the task's s3, schedule and
 * event triggers start; a service (sqs) or a task nothing starts has no run for them to act on.
 */
function checkRun(base: string, task: Record_, source: SourceFile, out: Diagnostic[]): void {
  const keys = (['timeout', 'retry'] as const).filter((key) => task[key] !== undefined);
  if (!keys.length) return;
  const triggers = Array.isArray(task.triggers) ? task.triggers.filter(isRecord) : [];
  const service = triggers.some((t) => isRecord(t.sqs));
  if (service || !triggers.length) {
    const why = service ? 'a task with an sqs trigger runs as a service' : 'no trigger starts this task';
    for (const key of keys) out.push(source.atKey(`${base}.${key}`, `${base}.${key} applies to tasks started by s3, schedule or event triggers; ${why}`));
  }
  const timeout = parseDuration(task.timeout);
  if (timeout !== undefined && (timeout < 1 || timeout > MAX_RUN_SECONDS)) {
    out.push(source.atValue(`${base}.timeout`, `${base}.timeout: ${String(task.timeout)} must be from 1s to 365d`));
  }
  const interval = isRecord(task.retry) ? parseDuration(task.retry.interval) : undefined;
  if (interval !== undefined && interval < 1) {
    out.push(source.atValue(`${base}.retry.interval`, `${base}.retry.interval: ${String((task.retry as Record_).interval)} must be 1s or more`));
  }
}

/**
 * ECS reads a Secrets Manager secret only by its complete ARN, which ends in the 6-character
 * suffix AWS adds to the name; a name or partial ARN fails at task start
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 * A JSON key, version stage and version id may follow the ARN; {{resolve:ssm:…}} (from ${ssm:…})
 * is a parameter holding the ARN, resolved by CloudFormation.
 */
const SECRET_ARN = /^arn:aws[-a-z]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}(:[^:]*:[^:]*:[^:]*)?$/;

function secretsManagerProblem(id: string): string | undefined {
  if (SECRET_ARN.test(id) || /^\{\{resolve:ssm:[^}]+\}\}$/.test(id)) return undefined;
  const name = id.startsWith('arn:') ? (id.split(':')[6] ?? id) : id;
  const what = id.startsWith('arn:') ? `"${id}" is not a complete secret ARN` : `"${id}" is a secret name`;
  return `${what}; ECS needs the secret's complete ARN, ending in the 6-character suffix AWS adds (arn:aws:secretsmanager:<region>:<account>:secret:${name}-AbCdEf). Print it with: aws secretsmanager describe-secret --secret-id ${name} --query ARN`;
}

/**
 * Queue scaling divides by Container Insights' RunningTaskCount (docs/scaling.md). Without it the
 * service could only ever leave zero by one step and never follow its backlog, so a created
 * cluster must keep Container Insights on, and an existing one must be confirmed to have it.
 * Returns whether any task scales on a queue.
 */
function checkQueueScalingMetrics(config: Record<string, unknown>, source: SourceFile, out: Diagnostic[]): boolean {
  const scaled = entries(config.tasks).find(
    ([, task]) => isRecord(task) && Array.isArray(task.triggers) && task.triggers.some((t) => isRecord(t) && isRecord(t.sqs)),
  );
  if (!scaled) return false;
  const cluster = isRecord(config.cluster) ? config.cluster : {};
  const why = `task ${scaled[0]} scales on its queue with Container Insights' RunningTaskCount`;
  if (cluster.containerInsights === false) {
    out.push(source.atValue('cluster.containerInsights', `cluster.containerInsights: ${why}; leave Container Insights on (true, the default)`));
  } else if (cluster.existing !== undefined && cluster.containerInsights !== true) {
    out.push(
      source.atKey(
        'cluster.existing',
        `cluster.existing: ${why}, which this stack cannot turn on for a cluster it does not own; turn it on for that cluster and confirm with cluster.containerInsights: true`,
      ),
    );
  }
  return true;
}

function checkAlerts(
  context: RuleContext,
  tasks: string[],
  reference: (path: string, kind: 'topic' | 'task', name: unknown) => void,
  out: Diagnostic[],
): void {
  const { config, source } = context;
  const alerts = config.alerts;
  if (!isRecord(alerts)) return;
  const topic = alerts.topic;
  if (typeof topic === 'string') {
    if (topic.startsWith('arn:')) {
      if (!SNS_ARN.test(topic)) out.push(source.atValue('alerts.topic', `alerts.topic: "${topic}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`));
    } else {
      reference('alerts.topic', 'topic', topic);
    }
  }
  if (Array.isArray(alerts.tasks)) alerts.tasks.forEach((name, index) => reference(`alerts.tasks.${index}`, 'task', name));
  const on: readonly unknown[] = Array.isArray(alerts.on) ? alerts.on : DEFAULTS.alerts.on;
  const triggers = entries(config.tasks).flatMap(([, task]) => (isRecord(task) && Array.isArray(task.triggers) ? task.triggers : []));
  const starting = TRIGGER_KIND_NAMES.filter((kind) => TRIGGER_KINDS[kind].startsTasks);
  const startsByEvent = triggers.some((t) => isRecord(t) && starting.some((kind) => isRecord(t[kind])));
  const startingKinds = oneOf(starting);
  const hasQueues = names(config.queues).length > 0;
  const index = (name: string): number => on.indexOf(name);
  if (index('dead-letter') >= 0 && !hasQueues && !startsByEvent) {
    out.push(source.atValue(`alerts.on.${index('dead-letter')}`, `alerts.on: dead-letter has nothing to watch: there are no queues and no ${startingKinds} triggers (their dead-letter queues)`, 'warning'));
  }
  if (index('trigger-failed') >= 0 && !startsByEvent) {
    out.push(source.atValue(`alerts.on.${index('trigger-failed')}`, `alerts.on: trigger-failed has nothing to watch: no task has an ${startingKinds} trigger`, 'warning'));
  }
  if (tasks.length === 0 && (on.includes('task-failed') || on.includes('task-stopped'))) {
    out.push(source.atKey('alerts', 'alerts: there are no tasks to watch for task-failed or task-stopped', 'warning'));
  }
}
