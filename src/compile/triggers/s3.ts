// S3 → EventBridge → RunTask. The bucket sends its object events to EventBridge (created
// buckets have EventBridge notifications on); a rule matches this trigger's events, bucket
// and key filter, and starts the task with the object's details in its environment.
import { getAtt } from '../../cfn/intrinsics.js';
import { resource } from '../../cfn/resources.js';
import type { S3Trigger } from '../../config/index.js';
import type { ModelTask } from '../../model/index.js';
import { bucketEnv, triggerReadGrants } from '../access.js';
import { ruleMaySendTo } from '../storage.js';
import type { CompileContext, Contribution, TriggerKind, TriggerRules } from '../contribution.js';
import { s3EventVariables, TRIGGER_VARIABLES } from '../../../workers/runtime/env-contract.js';
import { containerOverrides, runTaskRole, runTaskTarget, taskGroup, triggerDeadLetterQueue, triggerDeadLetterQueueId, withStateMachine } from './run-task.js';
import { EVENTBRIDGE_RETRY_POLICY } from '../../cfn/aws.js';
import { DEFAULTS } from '../../config/defaults.generated.js';

export interface S3TriggerModel {
  kind: 's3';
  path: string;
  bucket: string;
  events: ('created' | 'deleted')[];
  prefix?: string;
  suffix?: string;
}

function s3Model(s3: S3Trigger, path: string): S3TriggerModel {
  return {
    kind: 's3',
    path,
    bucket: s3.bucket,
    events: [...new Set<S3TriggerModel['events'][number]>(s3.events ?? DEFAULTS.s3Trigger.events)],
    ...(s3.prefix ? { prefix: s3.prefix } : {}),
    ...(s3.suffix ? { suffix: s3.suffix } : {}),
  };
}

const DETAIL_TYPES = { created: 'Object Created', deleted: 'Object Deleted' } as const;

/**
 * Characters a key filter may use: S3 URL-encodes object keys in its event notifications ("red
 * flower.jpg" arrives as "red+flower.jpg"), and EventBridge's S3 events do not document their
 * encoding, so a filter is kept to characters that read the same encoded or not; "/" arrives
 * as is (prefixes such as "incoming/" match).
 */
const KEY_FILTER = /^[A-Za-z0-9/._-]*$/;

function checkKeyFilter(path: string, value: unknown, rules: TriggerRules): void {
  if (typeof value !== 'string' || KEY_FILTER.test(value)) return;
  // Control characters (a line break) are shown escaped so the message stays on one line.
  const bad = [...new Set([...value].filter((c) => !KEY_FILTER.test(c)))].map((c) => (c === ' ' ? 'a space' : /[\x00-\x1f]/.test(c) ? JSON.stringify(c) : `"${c}"`));
  rules.out.push(
    rules.source.atValue(
      path,
      `${path}: ${bad.join(', ')} may arrive URL-encoded in S3's events, so this filter might never match; use only letters, digits and / . _ - and check the rest of the key in the task`,
    ),
  );
}

/**
 * The key filter. Two matchers in one array would be OR-ed, so prefix AND suffix on the same
 * field is one `wildcard` matcher ("incoming/*.jpg"). validate keeps prefix and suffix to
 * characters that S3 does not URL-encode (checkKeyFilter), so neither holds a wildcard's "*" or "\".
 */
export function keyMatcher(trigger: Pick<S3TriggerModel, 'prefix' | 'suffix'>): Record<string, string> | undefined {
  const { prefix, suffix } = trigger;
  if (prefix && suffix) return { wildcard: `${prefix}*${suffix}` };
  if (prefix) return { prefix };
  if (suffix) return { suffix };
  return undefined;
}

type S3Event = S3TriggerModel['events'][number];

/**
 * The container environment for one event kind, from the contract's table: variables the
 * event carries become InputTransformer placeholders (one per variable, named after it),
 * the rest are constants. A deleted object's event has no size or etag, and an input path
 * missing from the event would put a null into the RunTask overrides, so the table says
 * which variables each event kind gets.
 */
function s3Environment(event: S3Event): { paths: Record<string, string>; environment: Record<string, string> } {
  const paths: Record<string, string> = {};
  const environment: Record<string, string> = { [TRIGGER_VARIABLES.trigger.name]: 's3', [TRIGGER_VARIABLES.s3Event.name]: event };
  for (const variable of s3EventVariables(event)) {
    if (variable.eventPath === undefined) continue;
    paths[variable.name] = variable.eventPath;
    environment[variable.name] = `<${variable.name}>`;
  }
  return { paths, environment };
}

export function s3InputTemplate(task: ModelTask, event: S3Event): string {
  // EventBridge does not escape a value put inside a quoted placeholder ("<key>"), so a key with
  // a quote or backslash would break the JSON; an unquoted placeholder (<key>) is replaced by the
  // value as a JSON string. Keys probably arrive URL-encoded as in classic S3 notifications
  // (aws-lambda-powertools unquote_plus-es them too); the worker runtime decodes them. Size is a
  // number, and ECS environment values must be strings, so it stays quoted.
  const { paths, environment } = s3Environment(event);
  const template = JSON.stringify(containerOverrides(task, environment));
  const unquoted = Object.keys(paths).filter((name) => name !== TRIGGER_VARIABLES.s3Size.name);
  return unquoted.reduce((text, name) => text.replace(`"<${name}>"`, `<${name}>`), template);
}

/** One rule per event kind, since created and deleted events carry different fields. */
const RULE_KIND: Record<S3Event, string> = { created: 'Rule', deleted: 'DeletedRule' };

function compileS3(ctx: CompileContext, task: ModelTask, trigger: S3TriggerModel): Contribution {
  const { names } = ctx;
  const group = taskGroup(task);
  const roleId = names.task(task.name, 'EventsRole');
  const dlqId = triggerDeadLetterQueueId(ctx, task);
  const dlq = triggerDeadLetterQueue(ctx, task);
  const key = keyMatcher(trigger);
  const rules = trigger.events.map((event) => ({ event, id: names.trigger(task, trigger, RULE_KIND[event]) }));
  return withStateMachine(ctx, task, {
    resources: {
      ...dlq.resources,
      [roleId]: runTaskRole(ctx, task, 'events'),
      ...Object.fromEntries(
        rules.map(({ event, id }) => [
          id,
          resource(
            'AWS::Events::Rule',
            {
              Description: `${DETAIL_TYPES[event]} in bucket ${trigger.bucket} starts task ${task.name}`,
              State: 'ENABLED',
              EventPattern: {
                source: ['aws.s3'],
                'detail-type': [DETAIL_TYPES[event]],
                detail: { bucket: { name: [names.bucketName(trigger.bucket)] }, ...(key ? { object: { key: [key] } } : {}) },
              },
              Targets: [
                {
                  Id: 'RunTask',
                  ...runTaskTarget(ctx, task, roleId, 'AwsVpcConfiguration'),
                  InputTransformer: { InputPathsMap: s3Environment(event).paths, InputTemplate: s3InputTemplate(task, event) },
                  // EventBridge's own limits, made explicit: retry for a day, then the dead-letter queue.
                  RetryPolicy: EVENTBRIDGE_RETRY_POLICY,
                  DeadLetterConfig: { Arn: getAtt(dlqId, 'Arn') },
                },
              ],
            },
            { source: trigger.path, group },
          ),
        ]),
      ),
    },
    outputs: dlq.outputs,
    watch: [...dlq.watch!, ...rules.map(({ id }) => ({ kind: 'rule' as const, logicalId: id, source: trigger.path, group }))],
    resourcePolicies: {
      [dlqId]: {
        source: dlq.resourcePolicies![dlqId]!.source,
        group,
        statements: [...dlq.resourcePolicies![dlqId]!.statements, ...rules.map(({ id }) => ruleMaySendTo(dlqId, id))],
      },
    },
    taskRole: { [task.name]: triggerReadGrants(names, trigger.bucket, trigger.prefix, trigger.suffix) },
    environment: { [task.name]: bucketEnv(names, trigger.bucket) },
  });
}

/** "created, deleted incoming/*.jpg": the events and the key pattern, for the graph and review.md. */
function eventsText(trigger: S3TriggerModel): string {
  const pattern = trigger.prefix || trigger.suffix ? ` ${trigger.prefix ?? ''}*${trigger.suffix ?? ''}` : '';
  return `${trigger.events.join(', ')}${pattern}`;
}

export const s3: TriggerKind<'s3'> = {
  kind: 's3',
  startsTasks: true,
  startsPer: 'event',
  model: s3Model,
  check: (s3, path, rules) => {
    rules.reference(`${path}.bucket`, 'bucket', s3.bucket);
    for (const field of ['prefix', 'suffix'] as const) checkKeyFilter(`${path}.${field}`, s3[field], rules);
  },
  idKey: (names, trigger) => [names.bucketBase(trigger.bucket), 'S3'],
  compile: compileS3,
  graph: (_task, trigger) => ({ from: { kind: 'bucket', name: trigger.bucket }, label: eventsText(trigger) }),
  describe: (trigger) => `S3 ${trigger.bucket}: ${eventsText(trigger)}`,
};
