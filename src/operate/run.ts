// `run`: start a task now as its trigger would. Everything RunTask receives comes from the
// trigger's deployed resource (the rule's or schedule's target in the deployed template,
// resolved against the stack): network, capacity provider, task definition, tags, and the
// overrides (a schedule's Input; an s3 rule's InputTransformer applied to the event S3 would send).
import { randomUUID } from 'node:crypto';
import type { ModelTask } from '../model/index.js';
import type { TriggerModel } from '../compile/triggers/registry.js';
import { deployedProperties, resolveValue, type DeployedStage } from './deployed.js';

export interface ContainerOverride {
  name: string;
  environment: { name: string; value: string }[];
}

/** RunTask's input, in the API's own casing. */
export interface RunTaskInput {
  cluster: string;
  taskDefinition: string;
  count: number;
  launchType?: string;
  capacityProviderStrategy?: { capacityProvider: string; weight?: number; base?: number }[];
  networkConfiguration: { awsvpcConfiguration: { subnets: string[]; securityGroups?: string[]; assignPublicIp?: string } };
  platformVersion?: string;
  enableECSManagedTags?: boolean;
  propagateTags?: string;
  overrides: { containerOverrides: ContainerOverride[] };
  startedBy: string;
}

/** The object --s3 names, with what HeadObject told (absent for a deleted object). */
export interface S3Object {
  bucket: string;
  key: string;
  size?: number;
  etag?: string;
  versionId?: string;
}

/** The trigger `run` imitates: the s3 one with --s3, else a schedule, else an event rule. */
export function triggerToRun(task: ModelTask, s3: boolean): TriggerModel | undefined {
  if (s3) return task.triggers.find((t) => t.kind === 's3');
  return task.triggers.find((t) => t.kind === 'schedule') ?? task.triggers.find((t) => t.kind === 'event');
}

/** The logical ID of the trigger's resource that holds its ECS target. */
export function triggerResourceId(stage: DeployedStage, task: ModelTask, trigger: TriggerModel): string {
  if (trigger.kind === 's3') return stage.names.trigger(task, trigger, trigger.events.includes('created') ? 'Rule' : 'DeletedRule');
  if (trigger.kind === 'schedule') return stage.names.trigger(task, trigger, 'Schedule');
  return stage.names.trigger(task, trigger, 'EventRule');
}

const lowerFirst = (key: string) => key[0]!.toLowerCase() + key.slice(1);

/** CloudFormation's PascalCase target parameters in RunTask's camelCase (AwsVpcConfiguration and AwsvpcConfiguration alike). */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase() === 'awsvpcconfiguration' ? 'awsvpcConfiguration' : lowerFirst(k), camel(v)]));
}

/** JSON path of the simple form EventBridge input paths use ($.a.b.c). */
function pathValue(event: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), event);
}

/**
 * EventBridge's input transformer: "<name>" inside quotes takes the value's text as is, an
 * unquoted <name> the value as JSON (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 */
export function transformInput(transformer: { InputPathsMap?: Record<string, string>; InputTemplate: string }, event: unknown): unknown {
  const values = Object.fromEntries(Object.entries(transformer.InputPathsMap ?? {}).map(([name, path]) => [name, pathValue(event, path)]));
  const text = transformer.InputTemplate.replace(/"<([\w.-]+)>"|<([\w.-]+)>/g, (whole, quoted: string | undefined, bare: string | undefined) => {
    const name = (quoted ?? bare)!;
    if (!(name in values)) return whole;
    const value = values[name];
    if (quoted) return `"${value === undefined || value === null ? '' : String(value)}"`;
    return value === undefined ? 'null' : JSON.stringify(value);
  });
  return JSON.parse(text);
}

/** The event S3 sends EventBridge for an object (the fields a rule's input paths read). */
export function s3Event(object: S3Object, kind: 'created' | 'deleted', region: string, account: string): unknown {
  // S3 event keys are URL-encoded with spaces as "+" (the runtime decodes them).
  const key = encodeURIComponent(object.key).replace(/%20/g, '+').replace(/%2F/g, '/');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': kind === 'created' ? 'Object Created' : 'Object Deleted',
    source: 'aws.s3',
    account,
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: {
      version: '0',
      bucket: { name: object.bucket },
      object: { key, ...(object.size !== undefined ? { size: object.size } : {}), ...(object.etag ? { etag: object.etag.replace(/"/g, '') } : {}), ...(object.versionId ? { 'version-id': object.versionId } : {}) },
      'request-id': 'ecs-arch-run',
      requester: account,
      reason: kind === 'created' ? 'PutObject' : 'DeleteObject',
    },
  };
}

/** The bucket an s3 rule watches, from its deployed event pattern. */
export function ruleBucket(stage: DeployedStage, ruleId: string, account: string): string | undefined {
  const resource = stage.resources.get(ruleId);
  const properties = deployedProperties(stage, ruleId);
  if (!resource || !properties) return undefined;
  const pattern = resolveValue(stage, resource.stackId, properties.EventPattern, account) as { detail?: { bucket?: { name?: string[] } } };
  return pattern.detail?.bucket?.name?.[0];
}

/** Where `run` starts the task, as the trigger's deployed target says. */
export type RunStart =
  | { kind: 'task'; input: RunTaskInput }
  /** A task with timeout or retry: an execution of its state machine, its input the overrides in Step Functions' PascalCase. */
  | { kind: 'state-machine'; stateMachineArn: string; input: unknown };

/** RunTask's camelCase overrides in Step Functions' PascalCase (Overrides.$ of the compiled definition). */
function pascal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascal);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k[0]!.toUpperCase() + k.slice(1), pascal(v)]));
}

/** The start the trigger's deployed target makes (RunTask, or its state machine), with --env applied last. */
export function runStart(options: {
  stage: DeployedStage;
  task: ModelTask;
  trigger: TriggerModel;
  account: string;
  s3?: S3Object;
  environment: Record<string, string>;
}): RunStart {
  const { stage, task, trigger, account } = options;
  const id = triggerResourceId(stage, task, trigger);
  const resource = stage.resources.get(id);
  const properties = deployedProperties(stage, id);
  if (!resource || !properties) throw new Error(`the stack has no ${id} (${trigger.kind} trigger of ${task.name}): deploy the current configuration`);
  const target = (trigger.kind === 'schedule' ? properties.Target : (properties.Targets as unknown[])[0]) as Record<string, unknown>;
  const resolved = resolveValue(stage, resource.stackId, target, account) as Record<string, unknown>;
  let input: unknown = {};
  if (typeof resolved.Input === 'string') input = JSON.parse(resolved.Input);
  else if (resolved.InputTransformer) {
    const event =
      trigger.kind === 's3'
        ? s3Event(options.s3!, trigger.events.includes('created') ? 'created' : 'deleted', stage.model.region, account)
        : { version: '0', id: randomUUID(), 'detail-type': 'ecs-arch run', source: 'ecs-arch', account, time: new Date().toISOString(), region: stage.model.region, resources: [], detail: {} };
    input = transformInput(resolved.InputTransformer as { InputPathsMap?: Record<string, string>; InputTemplate: string }, event);
  }
  // A state machine's input is the same overrides in PascalCase (compile/triggers/run-task.ts containerOverrides).
  const overrides = (resolved.EcsParameters ? input : camel(input)) as { containerOverrides?: ContainerOverride[] };
  const containers = overrides.containerOverrides ?? [];
  let container = containers.find((c) => c.name === task.name);
  if (!container && Object.keys(options.environment).length) containers.push((container = { name: task.name, environment: [] }));
  if (container) {
    for (const [name, value] of Object.entries(options.environment)) {
      container.environment = [...(container.environment ?? []).filter((e) => e.name !== name), { name, value }];
    }
  }
  if (!resolved.EcsParameters) return { kind: 'state-machine', stateMachineArn: resolved.Arn as string, input: pascal({ containerOverrides: containers }) };
  const ecs = camel(resolved.EcsParameters) as Record<string, unknown> & { taskDefinitionArn: string; taskCount?: number };
  const { taskDefinitionArn, taskCount: _count, ...rest } = ecs;
  return {
    kind: 'task',
    input: {
      ...(rest as Omit<RunTaskInput, 'cluster' | 'taskDefinition' | 'count' | 'overrides' | 'startedBy'>),
      cluster: resolved.Arn as string,
      taskDefinition: taskDefinitionArn,
      count: 1,
      overrides: { containerOverrides: containers },
      // Up to 36 letters, digits, -, / and _ (RunTask's startedBy): no space.
      startedBy: 'ecs-arch/run',
    },
  };
}
