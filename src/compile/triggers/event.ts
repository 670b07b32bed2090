// EventBridge event pattern → RunTask. A rule on the default or a named event bus matches the
// trigger's source, detail-type and detail pattern, and starts the task with the event's id,
// source and detail type, and the detail fields the trigger names, in its environment.
// Retries, the task's trigger dead-letter queue and the alerts work as for s3 rules.
import { getAtt } from '../../cfn/intrinsics.js';
import { resource } from '../../cfn/resources.js';
import type { EventTrigger } from '../../config/index.js';
import { DEFAULTS } from '../../config/defaults.generated.js';
import { durationSeconds, parseDuration } from '../../config/duration.js';
import type { ModelTask } from '../../model/index.js';
import { isRecord } from '../../util/records.js';
import { eventTriggerVariables, RESERVED_PREFIX, TRIGGER_VARIABLES } from '../../../workers/runtime/env-contract.js';
import { ruleMaySendTo } from '../storage.js';
import type { CompileContext, Contribution, TriggerKind } from '../contribution.js';
import { containerOverrides, runTaskRole, runTaskTarget, taskGroup, triggerDeadLetterQueue, triggerDeadLetterQueueId, withStateMachine } from './run-task.js';

export interface EventTriggerModel {
  kind: 'event';
  path: string;
  source: string[];
  detailType?: string[];
  detail?: Record<string, unknown>;
  /** Name or ARN; absent: the account's default bus. */
  bus?: string;
  /** Container variable → JSON path of a string field in the event. */
  environment: Record<string, string>;
  retries: number;
  maxEventAgeSeconds: number;
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? [...value] : [value]);

function eventModel(event: EventTrigger, path: string): EventTriggerModel {
  return {
    kind: 'event',
    path,
    source: list(event.source),
    ...(event.detailType !== undefined ? { detailType: list(event.detailType) } : {}),
    ...(event.detail !== undefined ? { detail: event.detail as Record<string, unknown> } : {}),
    ...(event.bus !== undefined ? { bus: event.bus } : {}),
    environment: { ...event.environment },
    // EventBridge's own limits by default: retry for a day, then the dead-letter queue.
    retries: event.retries ?? DEFAULTS.eventTrigger.retries,
    maxEventAgeSeconds: durationSeconds(event.maxEventAge ?? DEFAULTS.eventTrigger.maxEventAge),
  };
}

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html (EventPattern: at most 4096 characters)
const MAX_PATTERN = 4096;
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
const MIN_EVENT_AGE = 60;
const MAX_EVENT_AGE = 86400;

function eventPattern(trigger: Pick<EventTriggerModel, 'source' | 'detailType' | 'detail'>): Record<string, unknown> {
  return {
    source: trigger.source,
    ...(trigger.detailType ? { 'detail-type': trigger.detailType } : {}),
    ...(trigger.detail ? { detail: trigger.detail } : {}),
  };
}

const EVENT_CHECKS: TriggerKind<'event'>['check'] = (event, path, { source, out }) => {
  for (const name of Object.keys(isRecord(event.environment) ? event.environment : {})) {
    if (name.startsWith(RESERVED_PREFIX)) {
      out.push(source.atKey(`${path}.environment.${name}`, `${path}.environment: ${name} uses the ${RESERVED_PREFIX} prefix, which ecs-arch sets itself`));
    }
  }
  if (event.maxEventAge !== undefined) {
    const seconds = parseDuration(event.maxEventAge);
    if (seconds !== undefined && (seconds < MIN_EVENT_AGE || seconds > MAX_EVENT_AGE)) {
      out.push(source.atValue(`${path}.maxEventAge`, `${path}.maxEventAge: ${String(event.maxEventAge)} must be from 60s to 24h`));
    }
  }
  const size = JSON.stringify(eventPattern({ source: [String(event.source)], detailType: event.detailType as string[] | undefined, detail: event.detail as Record<string, unknown> | undefined })).length;
  if (size > MAX_PATTERN) {
    out.push(source.atKey(path, `${path}: the event pattern is ${size} characters; EventBridge allows at most ${MAX_PATTERN}`));
  }
};

/** Placeholder of a field the trigger names (InputPathsMap keys may not start with "AWS"). */
const fieldPlaceholder = (name: string) => `env_${name}`;

/**
 * The InputTransformer: the event's id, source and detail type, then the named fields. Every
 * placeholder stands unquoted, so EventBridge writes each string value as a JSON string, escaped
 * (inside quotes it would not escape it: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 */
export function eventInputTransformer(task: ModelTask, trigger: EventTriggerModel): { InputPathsMap: Record<string, string>; InputTemplate: string } {
  const paths: Record<string, string> = {};
  const environment: Record<string, string> = { [TRIGGER_VARIABLES.trigger.name]: 'event' };
  for (const variable of eventTriggerVariables()) {
    if (variable.eventPath === undefined) continue;
    paths[variable.name] = variable.eventPath;
    environment[variable.name] = `<${variable.name}>`;
  }
  for (const [name, path] of Object.entries(trigger.environment)) {
    paths[fieldPlaceholder(name)] = path;
    environment[name] = `<${fieldPlaceholder(name)}>`;
  }
  const template = Object.keys(paths).reduce((text, key) => text.replace(`"<${key}>"`, `<${key}>`), JSON.stringify(containerOverrides(task, environment)));
  return { InputPathsMap: paths, InputTemplate: template };
}

function compileEvent(ctx: CompileContext, task: ModelTask, trigger: EventTriggerModel): Contribution {
  const { names } = ctx;
  const group = taskGroup(task);
  const roleId = names.task(task.name, 'EventsRole');
  const ruleId = names.trigger(task, trigger, 'EventRule');
  const dlqId = triggerDeadLetterQueueId(ctx, task);
  const dlq = triggerDeadLetterQueue(ctx, task);
  return withStateMachine(ctx, task, {
    resources: {
      ...dlq.resources,
      [roleId]: runTaskRole(ctx, task, 'events'),
      [ruleId]: resource(
        'AWS::Events::Rule',
        {
          Description: ruleDescription(trigger, task),
          // Absent: the account's default bus (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html).
          ...(trigger.bus ? { EventBusName: trigger.bus } : {}),
          State: 'ENABLED',
          EventPattern: eventPattern(trigger),
          Targets: [
            {
              Id: 'RunTask',
              ...runTaskTarget(ctx, task, roleId, 'AwsVpcConfiguration'),
              InputTransformer: eventInputTransformer(task, trigger),
              RetryPolicy: { MaximumRetryAttempts: trigger.retries, MaximumEventAgeInSeconds: trigger.maxEventAgeSeconds },
              DeadLetterConfig: { Arn: getAtt(dlqId, 'Arn') },
            },
          ],
        },
        { source: trigger.path, group },
      ),
    },
    outputs: dlq.outputs,
    watch: [...dlq.watch!, { kind: 'rule', logicalId: ruleId, source: trigger.path, group }],
    resourcePolicies: {
      [dlqId]: {
        source: dlq.resourcePolicies![dlqId]!.source,
        group,
        statements: [...dlq.resourcePolicies![dlqId]!.statements, ruleMaySendTo(dlqId, ruleId)],
      },
    },
  });
}

const matchText = (trigger: EventTriggerModel) => `${trigger.source.join(', ')}${trigger.detailType ? `: ${trigger.detailType.join(', ')}` : ''}`;

export const event: TriggerKind<'event'> = {
  kind: 'event',
  startsTasks: true,
  startsPer: 'event',
  model: eventModel,
  check: EVENT_CHECKS,
  // Nothing stable but the position among the task's event triggers (names.ts numbers them).
  idKey: () => [],
  compile: compileEvent,
  graph: (task, trigger, index) => ({
    from: { kind: 'event', name: `${task.name}_${index}`, lines: ['EventBridge rule', `bus ${trigger.bus ?? 'default'}`, matchText(trigger)] },
  }),
  describe: (trigger) => `event ${matchText(trigger)}${trigger.bus ? ` on bus ${trigger.bus}` : ''}`,
};

/** EventBridge allows a rule description of at most 512 characters (API_PutRule); long source lists are counted instead. */
const MAX_RULE_DESCRIPTION = 512;

function ruleDescription(trigger: EventTriggerModel, task: ModelTask): string {
  const bus = trigger.bus ? ` on bus ${trigger.bus}` : '';
  const listed = `Events from ${trigger.source.join(', ')}${bus} start task ${task.name}`;
  return listed.length <= MAX_RULE_DESCRIPTION ? listed : `Events from ${trigger.source.length} sources${bus} start task ${task.name}`;
}
