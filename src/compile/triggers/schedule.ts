// Schedule → RunTask with EventBridge Scheduler: time zones, flexible windows, retries and
// a dead-letter queue. All of this stack's schedules live in one schedule group, so the
// trigger-failed alarm can watch exactly them.
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { resource } from '../../cfn/resources.js';
import type { ScheduleTrigger } from '../../config/index.js';
import { durationSeconds, parseDuration } from '../../config/duration.js';
import type { SourceFile } from '../../config/load.js';
import { isTimeZone, scheduleExpression, scheduleProblem, timeZones } from '../../config/schedule.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { ModelTask } from '../../model/index.js';
import { didYouMean } from '../../util/suggest.js';
import type { CompileContext, Contribution, TriggerKind } from '../contribution.js';
import { TRIGGER_VARIABLES } from '../../../workers/runtime/env-contract.js';
import { containerOverrides, runTaskRole, runTaskTarget, taskGroup, triggerDeadLetterQueue, triggerDeadLetterQueueId, withStateMachine } from './run-task.js';
import { MAX_EVENT_AGE_SECONDS } from '../../cfn/aws.js';
import { DEFAULTS } from '../../config/defaults.generated.js';

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

function scheduleModel(schedule: ScheduleTrigger, path: string): ScheduleTriggerModel {
  return {
    kind: 'schedule',
    path,
    // EventBridge Scheduler has no @-shorthands: they become the equivalent cron().
    expression: scheduleExpression(schedule.expression),
    timezone: schedule.timezone ?? DEFAULTS.scheduleTrigger.timezone,
    retries: schedule.retries ?? DEFAULTS.scheduleTrigger.retries,
    ...(schedule.flexibleWindow !== undefined ? { flexibleWindowMinutes: Math.max(1, Math.round(durationSeconds(schedule.flexibleWindow) / 60)) } : {}),
    enabled: schedule.enabled ?? DEFAULTS.scheduleTrigger.enabled,
  };
}

function checkSchedule(path: string, schedule: Record<string, unknown>, source: SourceFile, out: Diagnostic[]): void {
  if (typeof schedule.expression === 'string') {
    const problem = scheduleProblem(schedule.expression);
    if (problem) out.push(source.atValue(`${path}.expression`, `${path}.expression: "${schedule.expression}": ${problem}`));
  }
  if (typeof schedule.timezone === 'string' && !isTimeZone(schedule.timezone)) {
    out.push(
      source.atValue(
        `${path}.timezone`,
        `${path}.timezone: "${schedule.timezone}" is not an IANA time zone such as Europe/Berlin or UTC.${didYouMean(schedule.timezone, timeZones())}`,
      ),
    );
  }
  if (schedule.flexibleWindow !== undefined) {
    const seconds = parseDuration(schedule.flexibleWindow);
    if (seconds !== undefined && (seconds < 60 || seconds > 1440 * 60 || seconds % 60 !== 0)) {
      out.push(source.atValue(`${path}.flexibleWindow`, `${path}.flexibleWindow: ${String(schedule.flexibleWindow)} must be whole minutes from 1m to 1440m (24h)`));
    }
  }
}

const triggerEnvironment = { [TRIGGER_VARIABLES.trigger.name]: 'schedule' };

function compileSchedule(ctx: CompileContext, task: ModelTask, trigger: ScheduleTriggerModel): Contribution {
  const { names } = ctx;
  const group = taskGroup(task);
  const scheduleId = names.trigger(task, trigger, 'Schedule');
  const roleId = names.task(task.name, 'SchedulerRole');
  const dlqId = triggerDeadLetterQueueId(ctx, task);
  const dlq = triggerDeadLetterQueue(ctx, task);
  return withStateMachine(ctx, task, {
    ...dlq,
    resources: {
      ...dlq.resources,
      [names.scheduleGroup]: resource('AWS::Scheduler::ScheduleGroup', {}, { source: 'tasks', group: 'shared' }),
      // Scheduler delivers dead letters with this role, not with a queue policy.
      [roleId]: runTaskRole(ctx, task, 'scheduler', [
        { Sid: 'DeadLetters', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: getAtt(dlqId, 'Arn') },
      ]),
      [scheduleId]: resource(
        'AWS::Scheduler::Schedule',
        {
          Description: `Starts ${ctx.model.stackName} task ${task.name} on ${trigger.expression}`,
          GroupName: ref(names.scheduleGroup),
          ScheduleExpression: trigger.expression,
          ScheduleExpressionTimezone: trigger.timezone,
          State: trigger.enabled ? 'ENABLED' : 'DISABLED',
          FlexibleTimeWindow:
            trigger.flexibleWindowMinutes === undefined ? { Mode: 'OFF' } : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: trigger.flexibleWindowMinutes },
          Target: {
            ...runTaskTarget(ctx, task, roleId, 'AwsvpcConfiguration'),
            Input: JSON.stringify(containerOverrides(task, triggerEnvironment)),
            RetryPolicy: { MaximumRetryAttempts: trigger.retries, MaximumEventAgeInSeconds: MAX_EVENT_AGE_SECONDS },
            DeadLetterConfig: { Arn: getAtt(dlqId, 'Arn') },
          },
        },
        { source: trigger.path, group },
      ),
    },
    outputs: { ...dlq.outputs, ScheduleGroupName: { Value: ref(names.scheduleGroup), Description: 'Schedule group of this stack' } },
    watch: [...dlq.watch!, { kind: 'schedule-group', logicalId: names.scheduleGroup, source: 'tasks' }],
    // Also in the task definition: a task started from the console still knows how it was meant to run.
    environment: { [task.name]: triggerEnvironment },
  });
}

const expressionText = (trigger: ScheduleTriggerModel) => (trigger.timezone === 'UTC' ? trigger.expression : `${trigger.expression} ${trigger.timezone}`);

export const schedule: TriggerKind<'schedule'> = {
  kind: 'schedule',
  startsTasks: true,
  startsPer: 'run',
  model: scheduleModel,
  check: (schedule, path, rules) => checkSchedule(path, schedule, rules.source, rules.out),
  // Nothing stable but the position among the task's schedules (names.ts numbers them).
  idKey: () => [],
  compile: compileSchedule,
  graph: (task, trigger, index) => ({
    from: { kind: 'schedule', name: `${task.name}_${index}`, lines: ['schedule', expressionText(trigger)] },
    ...(trigger.enabled ? {} : { label: 'disabled' }),
  }),
  describe: (trigger) => `schedule ${expressionText(trigger)}${trigger.enabled ? '' : ' (disabled)'}`,
};
