// Alerts, a stack-level part (not a trigger): stopped tasks of this file → a readable SNS
// message; optional alarms on non-empty dead-letter queues and on rules and schedules that
// failed to start a task. Runs after every task trigger and watches what they produced.
import { arn, getAtt, ref, subLiteral, type Value } from '../cfn/intrinsics.js';
import { resource, type PolicyStatement } from '../cfn/resources.js';
import type { CompileContext, Contribution, Watchable } from './contribution.js';
import { denyInsecureSqs, ruleMaySendTo } from './storage.js';
import { EVENTBRIDGE_RETRY_POLICY, SQS_MAX_RETENTION_SECONDS } from '../cfn/aws.js';

const RULE_ID = 'TaskStoppedAlertRule';
const DEAD_LETTER_QUEUE_ID = 'AlertDeadLetterQueue';
const ALARM_PERIOD = 300;

/** Placeholders for the message; missing fields (no exit code when a task never started) read as null. */
export const ALERT_INPUT_PATHS = {
  group: '$.detail.group',
  task: '$.detail.taskArn',
  container: '$.detail.containers[0].name',
  exitCode: '$.detail.containers[0].exitCode',
  stopCode: '$.detail.stopCode',
  reason: '$.detail.stoppedReason',
} as const;

// Plain text, one field per line. Not a quoted string: EventBridge passes a string template on with
// its quotes, so the email would show the whole message in quotes. Outside quotes each placeholder
// becomes a JSON value (strings in quotes, escaped; a number bare), so stoppedReason, free text
// from ECS, cannot break the message.
export const ALERT_INPUT_TEMPLATE = [
  'ECS task stopped: <task>',
  'Group: <group>',
  'Container: <container>',
  'Exit code: <exitCode>',
  'Stop code: <stopCode>',
  'Reason: <reason>',
].join('\n');

/**
 * What a task's state machine passes RunTask as startedBy. Each attempt's stop is one step of a run
 * whose outcome the state machine reports itself (triggers/state-machine.ts), so the stopped-task
 * rule leaves these tasks out. Up to 36 letters, digits, hyphens, forward slashes and underscores
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html#ECS-RunTask-request-startedBy).
 */
export const RUN_STARTED_BY = 'ecs-arch/state-machine';

export const RUN_ALERT_INPUT_PATHS = { status: '$.detail.status', execution: '$.detail.executionArn' } as const;

/** Plain text like ALERT_INPUT_TEMPLATE, for a run stopped from outside (StopExecution): no attempt failed. */
export const runStoppedTemplate = (task: string): string => [`ECS task run stopped: ${task}`, 'Status: <status>', 'Execution: <execution>'].join('\n');

/** The alerts topic, when `task`'s failures notify it (alerts.on task-stopped or task-failed, alerts.tasks). */
export function alertTopicFor(ctx: CompileContext, task: string): { arn: Value; declared?: string } | undefined {
  const alerts = ctx.model.alerts;
  if (!alerts || !alerts.tasks.includes(task) || !alerts.on.some((on) => on === 'task-stopped' || on === 'task-failed')) return undefined;
  return 'name' in alerts.topic ? { arn: ctx.names.topicArn(alerts.topic.name), declared: alerts.topic.name } : { arn: alerts.topic.arn };
}

// Amazon SNS allows 30 KB per topic policy
// (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html).
// Kept under this many bytes of alarm ARNs, with room for the policy's other statements.
const ALARM_ARNS_BUDGET = 26_000;
// The longest an alarm's ARN can be: partition, service and Region, account, `alarm:`, then the name
// CloudFormation generates, <stack name, at most 128>-<logical ID>-<13 characters>, in quotes.
const longestAlarmArn = (logicalId: string) => 'arn:aws-us-gov:cloudwatch:ap-southeast-5:123456789012:alarm:'.length + 128 + logicalId.length + 16 + 3;

/**
 * Only this stack's alarms may publish: each by its ARN while their list fits the topic policy,
 * else every alarm named after the stack (CloudFormation names a nested stack, and so its alarms,
 * <root stack>-…), which keeps a project of any size deployable.
 */
function alarmSourceCondition(stackName: string, alarms: readonly string[]): Record<string, Record<string, unknown>> {
  const longest = alarms.reduce((bytes, id) => bytes + longestAlarmArn(id), 0);
  return longest <= ALARM_ARNS_BUDGET
    ? { ArnEquals: { 'aws:SourceArn': alarms.map((a) => getAtt(a, 'Arn')) } }
    : { ArnLike: { 'aws:SourceArn': arn('cloudwatch', `alarm:${subLiteral(stackName)}-*`) } };
}

export function compileAlerts(ctx: CompileContext, produced: readonly Contribution[]): Contribution {
  const { model, names } = ctx;
  const alerts = model.alerts;
  if (!alerts) return {};
  const topicId = 'name' in alerts.topic ? names.topic(alerts.topic.name) : undefined;
  const topicArn: Value = topicId ? ref(topicId) : (alerts.topic as { arn: string }).arn;
  const resources: NonNullable<Contribution['resources']> = {};
  const outputs: NonNullable<Contribution['outputs']> = {};
  const resourcePolicies: NonNullable<Contribution['resourcePolicies']> = {};
  const watched = produced.flatMap((c) => c.watch ?? []);
  const alarms: string[] = [];
  const rules: string[] = [];

  const stopped = alerts.on.includes('task-stopped');
  const failed = alerts.on.includes('task-failed');
  const tasks = model.tasks.filter((t) => alerts.tasks.includes(t.name));
  if ((stopped || failed) && tasks.length) {
    rules.push(RULE_ID);
    resources[RULE_ID] = resource(
      'AWS::Events::Rule',
      {
        Description: `${stopped ? 'Stopped' : 'Failed'} tasks of ${model.stackName} notify the alerts topic`,
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.ecs'],
          'detail-type': ['ECS Task State Change'],
          detail: {
            lastStatus: ['STOPPED'],
            clusterArn: [names.clusterArn()],
            // The task definition ARN names the family whether RunTask or a service started the
            // task; "group" would differ between the two and can be overridden at RunTask.
            taskDefinitionArn: tasks.map((t) => ({ prefix: arn('ecs', `task-definition/${names.family(t.name)}:`) })),
            // task-failed: a non-zero exit, unless the service scheduler stopped the task on purpose
            // (scale-in, deployments; SIGTERM often ends in 143), or a task that never started.
            ...(stopped
              ? {}
              : {
                  $or: [
                    { containers: { exitCode: [{ 'anything-but': 0 }] }, stopCode: [{ 'anything-but': 'ServiceSchedulerInitiated' }] },
                    { stopCode: ['TaskFailedToStart'] },
                  ],
                }),
          },
          // task-failed: not the attempts of a run by a state machine, which notifies once, after
          // the last (startedBy, RUN_STARTED_BY); task-stopped keeps every stop. A task started
          // without startedBy (the console) has no such field, and anything-but matches only a
          // field that is there: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
          ...(!stopped && tasks.some((t) => t.run)
            ? { $or: [{ detail: { startedBy: [{ exists: false }] } }, { detail: { startedBy: [{ 'anything-but': RUN_STARTED_BY }] } }] }
            : {}),
        },
        Targets: [
          {
            Id: 'Notify',
            Arn: topicArn,
            InputTransformer: { InputPathsMap: ALERT_INPUT_PATHS, InputTemplate: ALERT_INPUT_TEMPLATE },
            // A notification that cannot be published (topic policy, key policy) lands in a queue, not nowhere.
            RetryPolicy: EVENTBRIDGE_RETRY_POLICY,
            DeadLetterConfig: { Arn: getAtt(DEAD_LETTER_QUEUE_ID, 'Arn') },
          },
        ],
      },
      { source: `${alerts.path}.on`, group: 'shared' },
    );
    resources[DEAD_LETTER_QUEUE_ID] = resource(
      'AWS::SQS::Queue',
      { SqsManagedSseEnabled: true, MessageRetentionPeriod: SQS_MAX_RETENTION_SECONDS },
      { source: `${alerts.path}.on`, group: 'shared' },
      { retain: true },
    );
    outputs[`${DEAD_LETTER_QUEUE_ID}Url`] = { Value: ref(DEAD_LETTER_QUEUE_ID), Description: 'Dead-letter queue of alert notifications' };
    resourcePolicies[DEAD_LETTER_QUEUE_ID] = {
      source: `${alerts.path}.on`,
      group: 'shared',
      statements: [
        denyInsecureSqs([getAtt(DEAD_LETTER_QUEUE_ID, 'Arn')]),
        ruleMaySendTo(DEAD_LETTER_QUEUE_ID, RULE_ID),
      ],
    };
    watched.push({ kind: 'dead-letter-queue', logicalId: DEAD_LETTER_QUEUE_ID, source: `${alerts.path}.on`, group: 'shared' });
  }

  // A run through a state machine that was stopped from outside (StopExecution) ends ABORTED
  // without reaching the states that notify: this rule tells. A run that failed after its last
  // attempt or timed out notifies from the state machine itself (triggers/state-machine.ts),
  // since the Execution Status Change event's documented fields name neither the attempts nor the
  // stop reason.
  // https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
  if (stopped || failed) {
    for (const machine of watched.filter((w): w is Extract<Watchable, { kind: 'state-machine' }> => w.kind === 'state-machine' && alerts.tasks.includes(w.task))) {
      const id = `${machine.logicalId}StoppedAlertRule`;
      rules.push(id);
      resources[id] = resource(
        'AWS::Events::Rule',
        {
          Description: `Stopped runs of ${model.stackName} task ${machine.task} notify the alerts topic`,
          State: 'ENABLED',
          EventPattern: {
            source: ['aws.states'],
            'detail-type': ['Step Functions Execution Status Change'],
            detail: { status: ['ABORTED'], stateMachineArn: [ref(machine.logicalId)] },
          },
          Targets: [
            {
              Id: 'Notify',
              Arn: topicArn,
              InputTransformer: { InputPathsMap: RUN_ALERT_INPUT_PATHS, InputTemplate: runStoppedTemplate(machine.task) },
              RetryPolicy: EVENTBRIDGE_RETRY_POLICY,
              DeadLetterConfig: { Arn: getAtt(DEAD_LETTER_QUEUE_ID, 'Arn') },
            },
          ],
        },
        { source: `${alerts.path}.on`, group: machine.group },
      );
      resourcePolicies[DEAD_LETTER_QUEUE_ID]!.statements.push(ruleMaySendTo(DEAD_LETTER_QUEUE_ID, id));
    }
  }

  const unique = [...new Map(watched.map((w) => [w.logicalId + w.kind, w])).values()];
  // An alarm on a task's queue or rule belongs to that task's group, so it moves with it.
  // `metric` is one metric (Namespace, MetricName, Dimensions, Statistic) or metric math (Metrics).
  const alarm = (watchedItem: Watchable, id: string, description: string, metric: Record<string, unknown>) => {
    alarms.push(id);
    resources[id] = resource(
      'AWS::CloudWatch::Alarm',
      {
        AlarmDescription: description,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        ...('Metrics' in metric ? {} : { Period: ALARM_PERIOD }),
        TreatMissingData: 'notBreaching',
        AlarmActions: [topicArn],
        ...metric,
      },
      { source: watchedItem.source, group: 'group' in watchedItem ? watchedItem.group : 'shared' },
    );
  };
  const kinds = (kind: Watchable['kind']) => unique.filter((w) => w.kind === kind);
  if (alerts.on.includes('dead-letter')) {
    for (const dlq of kinds('dead-letter-queue')) {
      alarm(dlq, `${dlq.logicalId}Alarm`, `Dead-letter queue ${dlq.logicalId} has messages (${dlq.source})`, {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(dlq.logicalId, 'QueueName') }],
        Statistic: 'Maximum',
      });
    }
  }
  if (alerts.on.includes('trigger-failed')) {
    for (const rule of kinds('rule')) {
      alarm(rule, `${rule.logicalId}FailedAlarm`, `Rule ${rule.logicalId} failed to start a task (${rule.source})`, {
        Namespace: 'AWS/Events',
        MetricName: 'FailedInvocations',
        Dimensions: [{ Name: 'RuleName', Value: ref(rule.logicalId) }],
        Statistic: 'Sum',
      });
    }
    // Not TargetErrorCount: it also counts attempts that succeeded on a retry. A dropped or
    // dead-lettered invocation is a run whose task was never started.
    for (const group of kinds('schedule-group')) {
      const schedulerMetric = (id: string, metricName: string) => ({
        Id: id,
        MetricStat: {
          Metric: { Namespace: 'AWS/Scheduler', MetricName: metricName, Dimensions: [{ Name: 'ScheduleGroup', Value: ref(group.logicalId) }] },
          Period: ALARM_PERIOD,
          Stat: 'Sum',
        },
        ReturnData: false,
      });
      alarm(group, `${group.logicalId}FailedAlarm`, `A schedule of ${model.stackName} failed to start a task`, {
        Metrics: [
          schedulerMetric('dropped', 'InvocationDroppedCount'),
          schedulerMetric('deadLettered', 'InvocationsSentToDeadLetterCount'),
          { Id: 'notStarted', Expression: 'FILL(dropped, 0) + FILL(deadLettered, 0)', Label: 'Scheduled runs that started no task', ReturnData: true },
        ],
      });
    }
  }

  const statements: PolicyStatement[] = [];
  if (rules.length) {
    // No condition: EventBridge does not support Condition blocks in SNS topic policies (EventBridge
    // user guide, "Amazon SNS permissions"), so any rule in the account may publish here.
    statements.push({ Sid: 'AlertRulesPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topicArn });
  }
  if (alarms.length) {
    statements.push({
      Sid: 'AlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: alarmSourceCondition(model.stackName, alarms),
    });
  }
  if (topicId && statements.length) resourcePolicies[topicId] = { source: alerts.path, group: 'shared', statements };
  return { resources, outputs, resourcePolicies };
}

