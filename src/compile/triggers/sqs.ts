// SQS → auto-scaled ECS service. The service has no DesiredCount: CloudFormation then starts
// it at 1 and keeps whatever count Application Auto Scaling set on every later deploy.
// Target tracking keeps visible messages ÷ running tasks (Container Insights) near
// backlogPerTask; with min 0, two step policies take the service from 0 to 1 when messages
// wait and back to 0 once the queue has been empty for 15 minutes (target tracking cannot
// scale from zero: with no tasks its per-task metric has no value).
import { getAtt, ref, sub, type Value } from '../../cfn/intrinsics.js';
import { resource, type Group } from '../../cfn/resources.js';
import type { ModelTask, SqsTriggerModel } from '../../model/index.js';
import { queueEnv, queueStatements } from '../access.js';
import { awsvpcConfiguration, capacity } from '../cluster.js';
import type { CompileContext, Contribution, TriggerModule } from '../contribution.js';
import { taskGroup } from './run-task.js';
import { TRIGGER_VARIABLES } from '../../../workers/runtime/env-contract.js';

const EMPTY_MINUTES = 15;

const metric = (id: string, namespace: string, name: string, dimensions: Record<string, Value>, stat: string) => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: namespace, MetricName: name, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) },
    Stat: stat,
  },
  ReturnData: false,
});

/** Alarms need a period on every metric; target tracking takes none. */
const withPeriod = (query: ReturnType<typeof metric>, period: number) => ({ ...query, MetricStat: { ...query.MetricStat, Period: period } });

function runningTasks(ctx: CompileContext, serviceId: string) {
  return metric('running', 'ECS/ContainerInsights', 'RunningTaskCount', { ClusterName: ctx.names.clusterName(), ServiceName: getAtt(serviceId, 'Name') }, 'Average');
}

const queueMetric = (ctx: CompileContext, id: string, queue: string, name: string) =>
  metric(id, 'AWS/SQS', name, { QueueName: ctx.names.queueName(queue) }, 'Maximum');

/** The service, its scalable target and the scale-to-zero pair: once per task, for all its queues. */
function compileService(ctx: CompileContext, task: ModelTask, queues: string[], scaling: SqsTriggerModel['scaling'], source: string, group: Group): Contribution {
  const { names } = ctx;
  const serviceId = names.task(task.name, 'Service');
  const targetId = names.task(task.name, 'ScalableTarget');
  const origin = { source, group };
  const resources: NonNullable<Contribution['resources']> = {
    [serviceId]: resource(
      'AWS::ECS::Service',
      {
        Cluster: ctx.model.cluster.existing ?? ref(names.cluster),
        TaskDefinition: ref(names.task(task.name, 'TaskDefinition')),
        ...capacity(task.spot),
        PlatformVersion: 'LATEST',
        NetworkConfiguration: { AwsvpcConfiguration: awsvpcConfiguration(ctx) },
        DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, MaximumPercent: 200 },
        EnableECSManagedTags: true,
        PropagateTags: 'TASK_DEFINITION',
      },
      origin,
    ),
    [targetId]: resource(
      'AWS::ApplicationAutoScaling::ScalableTarget',
      {
        ServiceNamespace: 'ecs',
        ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: sub('service/${ClusterName}/${' + serviceId + '.Name}', { ClusterName: names.clusterName() }),
        MinCapacity: scaling.min,
        MaxCapacity: scaling.max,
        // No RoleARN: Application Auto Scaling uses its service-linked role for ECS.
      },
      origin,
    ),
  };
  if (scaling.min === 0) {
    const fromZeroPolicy = names.task(task.name, 'ScaleOutFromZeroPolicy');
    const toZeroPolicy = names.task(task.name, 'ScaleInToZeroPolicy');
    const visible = queues.map((q, i) => withPeriod(queueMetric(ctx, `visible${i}`, q, 'ApproximateNumberOfMessagesVisible'), 60));
    const inFlight = queues.map((q, i) => withPeriod(queueMetric(ctx, `inflight${i}`, q, 'ApproximateNumberOfMessagesNotVisible'), 60));
    const sum = (ms: { Id: string }[]) => ms.map((m) => m.Id).join(' + ');
    const stepPolicy = (id: string, name: string, bound: 'MetricIntervalLowerBound' | 'MetricIntervalUpperBound', capacityValue: number) =>
      resource(
        'AWS::ApplicationAutoScaling::ScalingPolicy',
        {
          PolicyName: name,
          PolicyType: 'StepScaling',
          ScalingTargetId: ref(targetId),
          StepScalingPolicyConfiguration: {
            AdjustmentType: 'ExactCapacity',
            Cooldown: 60,
            MetricAggregationType: 'Maximum',
            StepAdjustments: [{ [bound]: 0, ScalingAdjustment: capacityValue }],
          },
        },
        origin,
      );
    resources[fromZeroPolicy] = stepPolicy(fromZeroPolicy, 'scale-out-from-zero', 'MetricIntervalLowerBound', 1);
    resources[toZeroPolicy] = stepPolicy(toZeroPolicy, 'scale-in-to-zero', 'MetricIntervalUpperBound', 0);
    resources[names.task(task.name, 'ScaleOutFromZeroAlarm')] = resource(
      'AWS::CloudWatch::Alarm',
      {
        AlarmDescription: `Messages wait for ${task.name} while it runs no tasks: start one`,
        Metrics: [
          ...visible,
          withPeriod(runningTasks(ctx, serviceId), 60),
          // No running-task data point at all also means no tasks.
          { Id: 'waitingWithoutTasks', Expression: `IF((${sum(visible)}) > 0 AND FILL(running, 0) == 0, 1, 0)`, Label: 'Messages wait, no task runs', ReturnData: true },
        ],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [ref(fromZeroPolicy)],
      },
      origin,
    );
    resources[names.task(task.name, 'ScaleInToZeroAlarm')] = resource(
      'AWS::CloudWatch::Alarm',
      {
        AlarmDescription: `The queues of ${task.name} have been empty for ${EMPTY_MINUTES} minutes: stop all its tasks`,
        Metrics: [...visible, ...inFlight, { Id: 'messages', Expression: sum([...visible, ...inFlight]), Label: 'Visible and in-flight messages', ReturnData: true }],
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        EvaluationPeriods: EMPTY_MINUTES,
        DatapointsToAlarm: EMPTY_MINUTES,
        // SQS stops publishing metrics for a queue that has long been idle: that is empty too.
        TreatMissingData: 'breaching',
        AlarmActions: [ref(toZeroPolicy)],
      },
      origin,
    );
  }
  return {
    resources,
    outputs: { [`${serviceId}Name`]: { Value: getAtt(serviceId, 'Name'), Description: `Service of ${task.name}` } },
  };
}

function compileSqs(ctx: CompileContext, task: ModelTask, trigger: SqsTriggerModel): Contribution {
  const { names } = ctx;
  const group = taskGroup(task);
  const sqsTriggers = task.triggers.filter((t): t is SqsTriggerModel => t.kind === 'sqs');
  const first = sqsTriggers[0] === trigger;
  const serviceId = names.task(task.name, 'Service');
  const service = first ? compileService(ctx, task, sqsTriggers.map((t) => t.queue), trigger.scaling, trigger.path, group) : {};
  const policyId = names.trigger(task, trigger, 'BacklogScaling');
  return {
    resources: {
      ...service.resources,
      [policyId]: resource(
        'AWS::ApplicationAutoScaling::ScalingPolicy',
        {
          PolicyName: `backlog-per-task-${trigger.queue}`,
          PolicyType: 'TargetTrackingScaling',
          ScalingTargetId: ref(names.task(task.name, 'ScalableTarget')),
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: trigger.scaling.backlogPerTask,
            ScaleOutCooldown: 60,
            ScaleInCooldown: 120,
            CustomizedMetricSpecification: {
              Metrics: [
                queueMetric(ctx, 'visible', trigger.queue, 'ApproximateNumberOfMessagesVisible'),
                runningTasks(ctx, serviceId),
                { Id: 'backlogPerTask', Expression: 'IF(running > 0, visible / running, visible)', Label: 'Visible messages per running task', ReturnData: true },
              ],
            },
          },
        },
        { source: `${trigger.path}.scaling`, group },
      ),
    },
    outputs: service.outputs,
    taskRole: {
      [task.name]: [
        ...queueStatements(names, trigger.queue, 'consume'),
        {
          // The workers runtime protects a task from scale-in while it holds messages.
          Sid: 'TaskScaleInProtection',
          Effect: 'Allow',
          Action: ['ecs:GetTaskProtection', 'ecs:UpdateTaskProtection'],
          Resource: sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${ClusterName}/*', { ClusterName: names.clusterName() }),
        },
      ],
    },
    environment: {
      [task.name]: {
        ...queueEnv(names, trigger.queue),
        ...(first ? { [TRIGGER_VARIABLES.trigger.name]: 'sqs', [TRIGGER_VARIABLES.queueUrl.name]: names.queueUrl(trigger.queue) } : {}),
      },
    },
  };
}

export const sqs: TriggerModule = {
  kind: 'sqs',
  forTrigger: (ctx, task, trigger) => compileSqs(ctx, task, trigger as SqsTriggerModel),
};
