// Schedule → RunTask with EventBridge Scheduler: time zones, flexible windows, retries and
// a dead-letter queue. All of this stack's schedules live in one schedule group, so the
// trigger-failed alarm can watch exactly them.
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { resource } from '../../cfn/resources.js';
import type { ModelTask, ScheduleTriggerModel } from '../../model/index.js';
import type { CompileContext, Contribution, TriggerModule } from '../contribution.js';
import { TRIGGER_VARIABLES } from '../../../workers/runtime/env-contract.js';
import { containerOverrides, ecsParameters, runTaskRole, taskGroup, triggerDeadLetterQueue, triggerDeadLetterQueueId } from './run-task.js';

const triggerEnvironment = { [TRIGGER_VARIABLES.trigger.name]: 'schedule' };

function compileSchedule(ctx: CompileContext, task: ModelTask, trigger: ScheduleTriggerModel): Contribution {
  const { names } = ctx;
  const group = taskGroup(task);
  const scheduleId = names.trigger(task, trigger, 'Schedule');
  const roleId = names.task(task.name, 'SchedulerRole');
  const dlqId = triggerDeadLetterQueueId(ctx, task);
  const dlq = triggerDeadLetterQueue(ctx, task);
  return {
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
            Arn: names.clusterArn(),
            RoleArn: getAtt(roleId, 'Arn'),
            EcsParameters: ecsParameters(ctx, task, 'AwsvpcConfiguration'),
            Input: JSON.stringify(containerOverrides(task, triggerEnvironment)),
            RetryPolicy: { MaximumRetryAttempts: trigger.retries, MaximumEventAgeInSeconds: 86400 },
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
  };
}

export const schedule: TriggerModule = {
  kind: 'schedule',
  forTrigger: (ctx, task, trigger) => compileSchedule(ctx, task, trigger as ScheduleTriggerModel),
};
