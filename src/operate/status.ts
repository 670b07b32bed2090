// What `status` shows of a deployed stage, read with parallel, read-only calls: services,
// queues, schedules, s3 rules, the recent runs of tasks run by a state machine, the last
// stopped tasks of each task, and alarms in ALARM.
import { makeClient, type AwsTarget } from '../aws/clients.js';
import type { DeployedStage } from './deployed.js';
import { nextRun } from './next-run.js';

export interface ServiceStatus {
  task: string;
  service: string;
  desired: number;
  running: number;
  pending: number;
  /** The primary deployment's rollout state (COMPLETED, IN_PROGRESS, FAILED). */
  deployment: string;
  scaling?: { min: number; max: number };
}
export interface QueueStatus {
  queue: string;
  visible: number;
  inFlight: number;
  deadLetter: number;
}
export interface ScheduleStatus {
  task: string;
  schedule: string;
  expression: string;
  timezone: string;
  state: string;
  /** ISO time, or null when it cannot be told (or the schedule is disabled). */
  nextRun: string | null;
  /** Undeliverable starts waiting in the task's trigger dead-letter queue. */
  deadLetters: number;
}
export interface RuleStatus {
  task: string;
  rule: string;
  bucket: string;
  events: string[];
  state: string;
  deadLetters: number;
}
export interface StoppedTask {
  task: string;
  taskId: string;
  stoppedAt: string | null;
  exitCode: number | null;
  stopReason: string;
}
/** One execution of the state machine that runs a task with a timeout or retries. */
export interface RunExecution {
  name: string;
  status: string;
  startedAt: string | null;
  stoppedAt: string | null;
  /** Seconds from start to stop; null while it runs. */
  durationSeconds: number | null;
  /** What a run that did not succeed ended with (DescribeExecution's error and cause). */
  error?: string;
  cause?: string;
}
export interface RunStatus {
  task: string;
  stateMachine: string;
  /** Newest first. */
  executions: RunExecution[];
}
export interface AlarmStatus {
  alarm: string;
  reason: string;
  since: string | null;
}
export interface StageStatus {
  services: ServiceStatus[];
  queues: QueueStatus[];
  schedules: ScheduleStatus[];
  rules: RuleStatus[];
  runs: RunStatus[];
  stoppedTasks: StoppedTask[];
  alarms: AlarmStatus[];
}

/** How many stopped tasks per task `status` lists (ECS keeps them about an hour). */
const STOPPED_PER_TASK = 3;
/** How many executions per state machine `status` lists. */
const EXECUTIONS_PER_TASK = 5;

export async function readStatus(target: AwsTarget, stage: DeployedStage, now: number): Promise<StageStatus> {
  const [ecsSdk, sqsSdk, schedulerSdk, eventsSdk, cwSdk, scalingSdk, sfnSdk] = await Promise.all([
    import('@aws-sdk/client-ecs'),
    import('@aws-sdk/client-sqs'),
    import('@aws-sdk/client-scheduler'),
    import('@aws-sdk/client-eventbridge'),
    import('@aws-sdk/client-cloudwatch'),
    import('@aws-sdk/client-application-auto-scaling'),
    import('@aws-sdk/client-sfn'),
  ]);
  const ecs = makeClient((c) => new ecsSdk.ECSClient(c), target, 'ECS');
  const sqs = makeClient((c) => new sqsSdk.SQSClient(c), target, 'SQS');
  const scheduler = makeClient((c) => new schedulerSdk.SchedulerClient(c), target, 'SCHEDULER');
  const events = makeClient((c) => new eventsSdk.EventBridgeClient(c), target, 'EVENTBRIDGE');
  const cloudwatch = makeClient((c) => new cwSdk.CloudWatchClient(c), target, 'CLOUDWATCH');
  const scaling = makeClient((c) => new scalingSdk.ApplicationAutoScalingClient(c), target, 'APPLICATION_AUTO_SCALING');
  const sfn = makeClient((c) => new sfnSdk.SFNClient(c), target, 'SFN');
  const { model, names, resources } = stage;
  const physical = (logicalId: string) => resources.get(logicalId)?.physicalId;
  const cluster = physical(names.cluster) ?? model.cluster.existing;

  const queueCounts = async (logicalId: string) => {
    const url = physical(logicalId);
    if (!url) return undefined;
    const attributes = (await sqs.send(new sqsSdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
    return { visible: Number(attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
  };
  const deadLetters = async (task: string) => (await queueCounts(names.task(task, 'TriggerDeadLetterQueue')))?.visible ?? 0;

  const services = async (): Promise<ServiceStatus[]> => {
    const wanted = model.tasks.filter((t) => t.triggers.some((x) => x.kind === 'sqs')).flatMap((t) => {
      const arn = physical(names.task(t.name, 'Service'));
      return arn ? [{ task: t.name, arn }] : [];
    });
    if (!wanted.length || !cluster) return [];
    const described = (await ecs.send(new ecsSdk.DescribeServicesCommand({ cluster, services: wanted.map((w) => w.arn) }))).services ?? [];
    return Promise.all(
      wanted.map(async ({ task, arn }) => {
        const service = described.find((s) => s.serviceArn === arn || s.serviceName === arn.split('/').pop());
        const serviceName = service?.serviceName ?? arn.split('/').pop()!;
        const clusterName = cluster.split('/').pop()!;
        const target = (await scaling.send(new scalingSdk.DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [`service/${clusterName}/${serviceName}`] }))).ScalableTargets?.[0];
        const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
        return {
          task,
          service: serviceName,
          desired: service?.desiredCount ?? 0,
          running: service?.runningCount ?? 0,
          pending: service?.pendingCount ?? 0,
          deployment: primary?.rolloutState ?? service?.status ?? 'MISSING',
          ...(target ? { scaling: { min: target.MinCapacity ?? 0, max: target.MaxCapacity ?? 0 } } : {}),
        };
      }),
    );
  };

  const queues = async (): Promise<QueueStatus[]> =>
    (
      await Promise.all(
        model.queues.map(async (queue) => {
          const [counts, dlq] = await Promise.all([queueCounts(names.queue(queue.name)), queueCounts(names.queue(queue.name, 'DeadLetterQueue'))]);
          return counts ? [{ queue: queue.name, ...counts, deadLetter: dlq?.visible ?? 0 }] : [];
        }),
      )
    ).flat();

  const schedules = async (): Promise<ScheduleStatus[]> => {
    const group = physical(names.scheduleGroup);
    const found = model.tasks.flatMap((task) =>
      task.triggers.flatMap((trigger) => {
        const name = trigger.kind === 'schedule' ? physical(names.trigger(task, trigger, 'Schedule')) : undefined;
        return name ? [{ task: task.name, name }] : [];
      }),
    );
    return Promise.all(
      found.map(async ({ task, name }) => {
        const [schedule, dead] = await Promise.all([scheduler.send(new schedulerSdk.GetScheduleCommand({ Name: name, ...(group ? { GroupName: group } : {}) })), deadLetters(task)]);
        const timezone = schedule.ScheduleExpressionTimezone ?? 'UTC';
        const next = schedule.State === 'ENABLED' ? nextRun(schedule.ScheduleExpression ?? '', timezone, now, schedule.CreationDate?.getTime()) : undefined;
        return { task, schedule: name, expression: schedule.ScheduleExpression ?? '', timezone, state: schedule.State ?? 'UNKNOWN', nextRun: next === undefined ? null : new Date(next).toISOString(), deadLetters: dead };
      }),
    );
  };

  const rules = async (): Promise<RuleStatus[]> => {
    const found = model.tasks.flatMap((task) =>
      task.triggers.flatMap((trigger) =>
        trigger.kind !== 's3'
          ? []
          : trigger.events.flatMap((event) => {
              const name = physical(names.trigger(task, trigger, event === 'created' ? 'Rule' : 'DeletedRule'));
              return name ? [{ task: task.name, name, bucket: trigger.bucket, events: [event] }] : [];
            }),
      ),
    );
    return Promise.all(
      found.map(async ({ task, name, bucket, events: kinds }) => {
        const [rule, dead] = await Promise.all([events.send(new eventsSdk.DescribeRuleCommand({ Name: name })), deadLetters(task)]);
        return { task, rule: name, bucket, events: kinds, state: rule.State ?? 'UNKNOWN', deadLetters: dead };
      }),
    );
  };

  // ListExecutions answers newest first; only a run that did not succeed is described, for its error.
  const runs = async (): Promise<RunStatus[]> =>
    Promise.all(
      model.tasks.flatMap((task) => {
        const arn = task.run ? physical(names.task(task.name, 'RunStateMachine')) : undefined;
        if (!arn) return [];
        return [
          (async () => {
            const listed = (await sfn.send(new sfnSdk.ListExecutionsCommand({ stateMachineArn: arn, maxResults: EXECUTIONS_PER_TASK }))).executions ?? [];
            const executions = await Promise.all(
              listed.slice(0, EXECUTIONS_PER_TASK).map(async (e): Promise<RunExecution> => {
                const start = e.startDate?.getTime();
                const stop = e.stopDate?.getTime();
                const failed = e.status !== 'RUNNING' && e.status !== 'SUCCEEDED' && e.executionArn;
                const described = failed ? await sfn.send(new sfnSdk.DescribeExecutionCommand({ executionArn: e.executionArn })) : undefined;
                return {
                  name: e.name ?? '',
                  status: e.status ?? 'UNKNOWN',
                  startedAt: start === undefined ? null : new Date(start).toISOString(),
                  stoppedAt: stop === undefined ? null : new Date(stop).toISOString(),
                  durationSeconds: start === undefined || stop === undefined ? null : Math.round((stop - start) / 1000),
                  ...(described?.error ? { error: described.error } : {}),
                  ...(described?.cause ? { cause: described.cause } : {}),
                };
              }),
            );
            return { task: task.name, stateMachine: arn.split(':').pop()!, executions };
          })(),
        ];
      }),
    );

  const stoppedTasks = async (): Promise<StoppedTask[]> => {
    if (!cluster) return [];
    const perTask = await Promise.all(
      model.tasks.map(async (task) => {
        const arns = (await ecs.send(new ecsSdk.ListTasksCommand({ cluster, family: names.family(task.name), desiredStatus: 'STOPPED' }))).taskArns ?? [];
        if (!arns.length) return [];
        const described = (await ecs.send(new ecsSdk.DescribeTasksCommand({ cluster, tasks: arns.slice(0, 100) }))).tasks ?? [];
        return described
          .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
          .slice(0, STOPPED_PER_TASK)
          .map((t) => {
            const container = t.containers?.find((c) => c.name === task.name) ?? t.containers?.[0];
            return {
              task: task.name,
              taskId: t.taskArn?.split('/').pop() ?? '',
              stoppedAt: t.stoppedAt?.toISOString() ?? null,
              exitCode: container?.exitCode ?? null,
              stopReason: t.stoppedReason ?? container?.reason ?? '',
            };
          });
      }),
    );
    return perTask.flat();
  };

  const alarms = async (): Promise<AlarmStatus[]> => {
    const alarmNames = [...resources.values()].filter((r) => r.type === 'AWS::CloudWatch::Alarm').map((r) => r.physicalId);
    const found: AlarmStatus[] = [];
    // DescribeAlarms takes at most 100 names a call.
    for (let i = 0; i < alarmNames.length; i += 100) {
      const page = await cloudwatch.send(new cwSdk.DescribeAlarmsCommand({ AlarmNames: alarmNames.slice(i, i + 100), StateValue: 'ALARM' }));
      for (const alarm of page.MetricAlarms ?? []) found.push({ alarm: alarm.AlarmName ?? '', reason: alarm.StateReason ?? '', since: alarm.StateUpdatedTimestamp?.toISOString() ?? null });
    }
    return found.sort((a, b) => (a.alarm < b.alarm ? -1 : 1));
  };

  try {
    const [s, q, sc, r, ru, st, a] = await Promise.all([services(), queues(), schedules(), rules(), runs(), stoppedTasks(), alarms()]);
    return { services: s, queues: q, schedules: sc, rules: r, runs: ru, stoppedTasks: st, alarms: a };
  } finally {
    for (const client of [ecs, sqs, scheduler, events, cloudwatch, scaling, sfn]) client.destroy();
  }
}
