// SQS → auto-scaled ECS service. The service has no DesiredCount: CloudFormation then starts
// it at 1 and keeps whatever count Application Auto Scaling set on every later deploy.
// Scaling only ever removes tasks when nothing is left to do (docs/scaling.md):
// - target tracking keeps visible messages ÷ running tasks (Container Insights) near
//   backlogPerTask, scale-out only: its metric reads 0 while every message is in flight, and
//   AWS scales in on real 0 values;
// - with min 0, a step policy starts tasks when messages wait, no task runs and none is in
//   flight; it only adds capacity, so a late RunningTaskCount datapoint costs a spare task, never
//   a busy service's capacity;
// - once the queues have had nothing visible and nothing in flight for IDLE_MINUTES, a step
//   policy sets the service to min.
import { getAtt, ref, sub, type Value } from '../../cfn/intrinsics.js';
import { resource, type Group } from '../../cfn/resources.js';
import type { SqsTrigger } from '../../config/index.js';
import type { SourceFile } from '../../config/load.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { ModelTask } from '../../model/index.js';
import { isRecord } from '../../util/records.js';
import { queueEnv, queueGrants } from '../access.js';
import { awsvpcConfiguration, capacity } from '../cluster.js';
import type { CompileContext, Contribution, TriggerKind, TriggerRules } from '../contribution.js';
import { taskGroup } from './run-task.js';
import { TRIGGER_VARIABLES } from '../../../workers/runtime/env-contract.js';
import { CLUSTER_TASKS_ARN, TASK_TAG } from '../names.js';
import { DEFAULTS } from '../../config/defaults.generated.js';

export interface SqsTriggerModel {
  kind: 'sqs';
  path: string;
  queue: string;
  scaling: { min: number; max: number; backlogPerTask: number };
}

function sqsModel(sqs: SqsTrigger, path: string): SqsTriggerModel {
  const scaling = sqs.scaling ?? {};
  const min = scaling.min ?? DEFAULTS.sqsTrigger.scaling.min;
  return {
    kind: 'sqs',
    path,
    queue: sqs.queue,
    scaling: { min, max: Math.max(scaling.max ?? DEFAULTS.sqsTrigger.scaling.max, min, 1), backlogPerTask: scaling.backlogPerTask ?? DEFAULTS.sqsTrigger.scaling.backlogPerTask },
  };
}

function checkScaling(path: string, scaling: unknown, source: SourceFile, out: Diagnostic[]): void {
  if (!isRecord(scaling)) return;
  const min = typeof scaling.min === 'number' ? scaling.min : 1;
  const max = typeof scaling.max === 'number' ? scaling.max : 10;
  if (min > max) {
    const maxText = scaling.max === undefined ? `${max} (the default max)` : String(max);
    out.push(source.atValue(scaling.min === undefined ? `${path}.max` : `${path}.min`, `${path}: min ${min} is more than max ${maxText}`));
  }
}

/** One queue per task, and a task that consumes one is a service that nothing else starts. */
function checkSqs(sqs: Record<string, unknown>, path: string, rules: TriggerRules): void {
  rules.reference(`${path}.queue`, 'queue', sqs.queue);
  checkScaling(`${path}.scaling`, sqs.scaling, rules.source, rules.out);
  const first = rules.triggers.findIndex((t) => isRecord(t) && isRecord(t.sqs));
  const triggerPath = path.slice(0, -'.sqs'.length);
  if (rules.index !== first) {
    rules.out.push(rules.source.atKey(path, `${triggerPath}: a task can consume only one queue; move this sqs trigger to its own task`));
    return;
  }
  rules.triggers.forEach((other, index) => {
    if (!isRecord(other) || isRecord(other.sqs) || Object.keys(other).length !== 1) return;
    const otherPath = triggerPath.replace(/\d+$/, String(index));
    rules.out.push(rules.source.atKey(otherPath, `${otherPath}: a task with an sqs trigger runs as a service and cannot also have other triggers`));
  });
}

const IDLE_MINUTES = 15;

interface StepAdjustment {
  MetricIntervalLowerBound?: number;
  MetricIntervalUpperBound?: number;
  ScalingAdjustment: number;
}
/** Step adjustments of the scale-out-from-zero policy: at most this many, the last one open-ended. */
const FROM_ZERO_STEPS = 10;
const FROM_ZERO_COOLDOWN = 300;

/**
 * From zero, start one task per backlogPerTask visible messages (up to FROM_ZERO_STEPS or max);
 * target tracking takes over once the tasks report. Bounds are relative to the alarm's threshold of 1.
 */
export function fromZeroSteps(scaling: SqsTriggerModel['scaling']): StepAdjustment[] {
  const count = Math.min(scaling.max, FROM_ZERO_STEPS);
  return Array.from({ length: count }, (_, i) => ({
    MetricIntervalLowerBound: i * scaling.backlogPerTask,
    ...(i < count - 1 ? { MetricIntervalUpperBound: (i + 1) * scaling.backlogPerTask } : {}),
    ScalingAdjustment: i + 1,
  }));
}

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

/** The service, its scalable target and the step policies (a task consumes one queue). */
function compileService(ctx: CompileContext, task: ModelTask, queue: string, scaling: SqsTriggerModel['scaling'], source: string, group: Group): Contribution {
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
  // Metric IDs as deployed alarms already have them.
  const visible = withPeriod(queueMetric(ctx, 'visible0', queue, 'ApproximateNumberOfMessagesVisible'), 60);
  const inFlight = withPeriod(queueMetric(ctx, 'inflight0', queue, 'ApproximateNumberOfMessagesNotVisible'), 60);
  // SQS stops publishing metrics for a queue that has long been idle: no datapoint means none.
  const filled = (m: { Id: string }) => `FILL(${m.Id}, 0)`;
  const stepPolicy = (name: string, adjustmentType: 'ExactCapacity' | 'ChangeInCapacity', cooldown: number, steps: StepAdjustment[]) =>
    resource(
      'AWS::ApplicationAutoScaling::ScalingPolicy',
      {
        PolicyName: name,
        PolicyType: 'StepScaling',
        ScalingTargetId: ref(targetId),
        StepScalingPolicyConfiguration: { AdjustmentType: adjustmentType, Cooldown: cooldown, MetricAggregationType: 'Maximum', StepAdjustments: steps },
      },
      origin,
    );
  if (scaling.min === 0) {
    const fromZeroPolicy = names.task(task.name, 'ScaleOutFromZeroPolicy');
    resources[fromZeroPolicy] = stepPolicy(
      'scale-out-from-zero',
      'ChangeInCapacity',
      // Until the new tasks start and report, the alarm stays in ALARM and re-invokes the policy
      // every minute; within the cooldown a repeated step adds nothing.
      FROM_ZERO_COOLDOWN,
      fromZeroSteps(scaling),
    );
    resources[names.task(task.name, 'ScaleOutFromZeroAlarm')] = resource(
      'AWS::CloudWatch::Alarm',
      {
        AlarmDescription: `Messages wait for ${task.name}, no task runs and none holds a message: start tasks`,
        Metrics: [
          visible,
          inFlight,
          withPeriod(runningTasks(ctx, serviceId), 60),
          // In-flight messages mean a task is at work even when RunningTaskCount is late or missing.
          {
            Id: 'waitingWithoutTasks',
            Expression: `IF(FILL(running, 0) == 0 AND (${filled(inFlight)}) == 0, ${filled(visible)}, 0)`,
            Label: 'Visible messages while no task runs',
            ReturnData: true,
          },
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
  }
  const idlePolicy = names.task(task.name, 'ScaleInWhenIdlePolicy');
  resources[idlePolicy] = stepPolicy('scale-in-when-idle', 'ExactCapacity', 60, [{ MetricIntervalUpperBound: 0, ScalingAdjustment: scaling.min }]);
  resources[names.task(task.name, 'ScaleInWhenIdleAlarm')] = resource(
    'AWS::CloudWatch::Alarm',
    {
      AlarmDescription: `The queues of ${task.name} have had nothing visible and nothing in flight for ${IDLE_MINUTES} minutes: scale in to ${scaling.min}`,
      Metrics: [visible, inFlight, { Id: 'messages', Expression: `${filled(visible)} + ${filled(inFlight)}`, Label: 'Visible and in-flight messages', ReturnData: true }],
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: IDLE_MINUTES,
      DatapointsToAlarm: IDLE_MINUTES,
      TreatMissingData: 'breaching',
      AlarmActions: [ref(idlePolicy)],
    },
    origin,
  );
  return {
    resources,
    outputs: { [`${serviceId}Name`]: { Value: getAtt(serviceId, 'Name'), Description: `Service of ${task.name}` } },
  };
}

/** The consumed queue's visibility timeout, so the runtime need not ask SQS for it at every start. */
function queueVisibilityTimeout(ctx: CompileContext, queueName: string): number {
  const queue = ctx.model.queues.find((q) => q.name === queueName);
  if (!queue) throw new Error(`sqs trigger on an unknown queue ${queueName}: validation should have rejected it`);
  return queue.visibilityTimeoutSeconds;
}

function compileSqs(ctx: CompileContext, task: ModelTask, trigger: SqsTriggerModel): Contribution {
  const { names } = ctx;
  const group = taskGroup(task);
  const serviceId = names.task(task.name, 'Service');
  const service = compileService(ctx, task, trigger.queue, trigger.scaling, trigger.path, group);
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
            // Scale-in belongs to the idle policy: this metric is 0 while every message is in flight.
            DisableScaleIn: true,
            CustomizedMetricSpecification: {
              Metrics: [
                queueMetric(ctx, 'visible', trigger.queue, 'ApproximateNumberOfMessagesVisible'),
                runningTasks(ctx, serviceId),
                // No datapoint while RunningTaskCount has none: the policy then holds instead of guessing.
                { Id: 'backlogPerTask', Expression: 'visible / running', Label: 'Visible messages per running task', ReturnData: true },
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
        ...queueGrants(names, trigger.queue, 'consume'),
        {
          // The workers runtime protects a task from scale-in while it holds messages. Only this
          // service's tasks: they carry their task definition's TASK_TAG (PropagateTags). Not the
          // managed aws:ecs:serviceName tag: its value is the service's generated name, and the role
          // naming the service would make a cycle (role → service → task definition → role).
          Sid: 'TaskScaleInProtection',
          actions: [
            ['ecs:GetTaskProtection', 'protect its own tasks from scale-in'],
            ['ecs:UpdateTaskProtection', 'protect its own tasks from scale-in'],
          ],
          resource: names.clusterTasksArn(),
          on: `on \`${CLUSTER_TASKS_ARN}\` tagged \`${TASK_TAG}: ${names.family(task.name)}\``,
          condition: { StringEquals: { [`aws:ResourceTag/${TASK_TAG}`]: names.family(task.name) } },
        },
      ],
    },
    environment: {
      [task.name]: {
        ...queueEnv(names, trigger.queue),
        [TRIGGER_VARIABLES.trigger.name]: 'sqs',
        [TRIGGER_VARIABLES.queueUrl.name]: names.queueUrl(trigger.queue),
        [TRIGGER_VARIABLES.queueVisibilityTimeout.name]: String(queueVisibilityTimeout(ctx, trigger.queue)),
      },
    },
  };
}

export const sqs: TriggerKind<'sqs'> = {
  kind: 'sqs',
  startsTasks: false,
  startsPer: 'event',
  service: ({ scaling }) => ({
    capacity: `${scaling.min}-${scaling.max} tasks`,
    scaling: `${scaling.min}–${scaling.max} tasks, ${scaling.backlogPerTask} messages per task`,
  }),
  model: sqsModel,
  check: checkSqs,
  idKey: (names, trigger) => [names.queueBase(trigger.queue)],
  compile: compileSqs,
  graph: (_task, trigger) => ({ from: { kind: 'queue', name: trigger.queue }, label: `${trigger.scaling.backlogPerTask} messages per task` }),
  describe: (trigger) => `SQS ${trigger.queue}`,
};
