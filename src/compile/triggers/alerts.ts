// Alerts: stopped tasks of this file → a readable SNS message; optional alarms on non-empty
// dead-letter queues and on rules and schedules that failed to start a task. Runs after the
// task triggers and watches what they produced.
import { arn, getAtt, ref, type Value } from '../../cfn/intrinsics.js';
import { resource, type PolicyStatement } from '../../cfn/resources.js';
import type { CompileContext, Contribution, TriggerModule, Watchable } from '../contribution.js';

const RULE_ID = 'TaskStoppedAlertRule';

/** Placeholders for the message; missing fields (no exit code when a task never started) read as null. */
export const ALERT_INPUT_PATHS = {
  group: '$.detail.group',
  task: '$.detail.taskArn',
  container: '$.detail.containers[0].name',
  exitCode: '$.detail.containers[0].exitCode',
  stopCode: '$.detail.stopCode',
  reason: '$.detail.stoppedReason',
} as const;

export const ALERT_INPUT_TEMPLATE = JSON.stringify(
  'ECS task stopped (<group>). Task: <task>. Container: <container>, exit code <exitCode>. Stop code: <stopCode>. Reason: <reason>',
);

function compileAlerts(ctx: CompileContext, produced: readonly Contribution[]): Contribution {
  const { model, names } = ctx;
  const alerts = model.alerts;
  if (!alerts) return {};
  const topicId = 'name' in alerts.topic ? names.topic(alerts.topic.name) : undefined;
  const topicArn: Value = topicId ? ref(topicId) : (alerts.topic as { arn: string }).arn;
  const resources: NonNullable<Contribution['resources']> = {};
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
            ...(stopped
              ? {}
              : { $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }] }),
          },
        },
        Targets: [{ Id: 'Notify', Arn: topicArn, InputTransformer: { InputPathsMap: ALERT_INPUT_PATHS, InputTemplate: ALERT_INPUT_TEMPLATE } }],
      },
      { source: `${alerts.path}.on`, group: 'shared' },
    );
  }

  const watched = produced.flatMap((c) => c.watch ?? []);
  const unique = [...new Map(watched.map((w) => [w.logicalId + w.kind, w])).values()];
  // An alarm on a task's queue or rule belongs to that task's group, so it moves with it.
  const alarm = (watchedItem: Watchable, id: string, description: string, properties: Record<string, unknown>) => {
    alarms.push(id);
    resources[id] = resource(
      'AWS::CloudWatch::Alarm',
      {
        AlarmDescription: description,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        Period: 300,
        TreatMissingData: 'notBreaching',
        AlarmActions: [topicArn],
        ...properties,
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
    for (const group of kinds('schedule-group')) {
      alarm(group, `${group.logicalId}FailedAlarm`, `A schedule of ${model.stackName} failed to start a task`, {
        Namespace: 'AWS/Scheduler',
        MetricName: 'TargetErrorCount',
        Dimensions: [{ Name: 'ScheduleGroup', Value: ref(group.logicalId) }],
        Statistic: 'Sum',
      });
    }
  }

  const statements: PolicyStatement[] = [];
  if (rules.length) {
    statements.push({
      Sid: 'AlertRulesPublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { ArnEquals: { 'aws:SourceArn': rules.map((r) => getAtt(r, 'Arn')) } },
    });
  }
  if (alarms.length) {
    statements.push({
      Sid: 'AlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { ArnEquals: { 'aws:SourceArn': alarms.map((a) => getAtt(a, 'Arn')) } },
    });
  }
  return {
    resources,
    ...(topicId && statements.length ? { resourcePolicies: { [topicId]: { source: alerts.path, group: 'shared', statements } } } : {}),
  };
}

export const alerts: TriggerModule = { kind: 'alerts', forStack: compileAlerts };
