// Per trigger kind: the exact resources and properties produced.
import { describe, expect, test } from '@jest/globals';
import { compileProject, type CfnResource, type Template } from '../../src/compile/index.js';
import { transform } from '../support/input-transform.js';
import { compileConfig, compileExample, fixtureConfig, loadExample } from './helpers.js';

const props = (template: Template, id: string) => {
  const resource: CfnResource | undefined = template.Resources[id];
  if (!resource) throw new Error(`no resource ${id}; have ${Object.keys(template.Resources).join(', ')}`);
  return resource.Properties as Record<string, any>;
};
const arnSub = (resource: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${resource}` });

describe('s3 trigger', () => {
  test('rule: event pattern, RunTask target, input transformer, retries and dead-letter queue', async () => {
    const template = await compileExample('full');
    const rule = props(template, 'ThumbnailUploadsS3Rule');
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: 'UploadsBucket' }] }, object: { key: [{ wildcard: 'incoming/*.jpg' }] } },
    });
    const [target] = rule.Targets;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': ['Cluster', 'Arn'] });
    expect(target.EcsParameters).toEqual({
      TaskDefinitionArn: { Ref: 'ThumbnailTaskDefinition' },
      TaskCount: 1,
      LaunchType: 'FARGATE',
      NetworkConfiguration: {
        AwsVpcConfiguration: {
          Subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
          SecurityGroups: [{ 'Fn::GetAtt': ['TaskSecurityGroup', 'GroupId'] }],
          AssignPublicIp: 'DISABLED',
        },
      },
      PlatformVersion: 'LATEST',
      EnableECSManagedTags: true,
      PropagateTags: 'TASK_DEFINITION',
    });
    expect(target.InputTransformer.InputPathsMap).toEqual({
      ECS_ARCH_S3_BUCKET: '$.detail.bucket.name',
      ECS_ARCH_S3_KEY: '$.detail.object.key',
      ECS_ARCH_S3_SIZE: '$.detail.object.size',
      ECS_ARCH_S3_ETAG: '$.detail.object.etag',
      ECS_ARCH_EVENT_ID: '$.id',
    });
    // String fields are unquoted placeholders (EventBridge inserts them as JSON strings); size is a number, so quoted.
    expect(target.InputTransformer.InputTemplate).toBe(
      '{"containerOverrides":[{"name":"thumbnail","environment":[{"name":"ECS_ARCH_TRIGGER","value":"s3"},{"name":"ECS_ARCH_S3_EVENT","value":"created"},' +
        '{"name":"ECS_ARCH_S3_BUCKET","value":<ECS_ARCH_S3_BUCKET>},{"name":"ECS_ARCH_S3_KEY","value":<ECS_ARCH_S3_KEY>},' +
        '{"name":"ECS_ARCH_S3_SIZE","value":"<ECS_ARCH_S3_SIZE>"},{"name":"ECS_ARCH_S3_ETAG","value":<ECS_ARCH_S3_ETAG>},' +
        '{"name":"ECS_ARCH_EVENT_ID","value":<ECS_ARCH_EVENT_ID>}]}]}',
    );
    // Substituted as EventBridge does (a value for an unquoted placeholder as JSON, for a quoted one
    // as-is), a key with a quote and a backslash still gives the RunTask overrides JSON.
    const key = 'incoming/"odd"\\name.jpg';
    const sample = target.InputTransformer.InputTemplate.replace('<ECS_ARCH_S3_BUCKET>', JSON.stringify('b'))
      .replace('<ECS_ARCH_S3_KEY>', JSON.stringify(key))
      .replace('<ECS_ARCH_S3_SIZE>', '42')
      .replace('<ECS_ARCH_S3_ETAG>', JSON.stringify('e1'))
      .replace('<ECS_ARCH_EVENT_ID>', JSON.stringify('ev-1'));
    expect(JSON.parse(sample)).toEqual({
      containerOverrides: [
        {
          name: 'thumbnail',
          environment: [
            { name: 'ECS_ARCH_TRIGGER', value: 's3' },
            { name: 'ECS_ARCH_S3_EVENT', value: 'created' },
            { name: 'ECS_ARCH_S3_BUCKET', value: 'b' },
            { name: 'ECS_ARCH_S3_KEY', value: key },
            { name: 'ECS_ARCH_S3_SIZE', value: '42' },
            { name: 'ECS_ARCH_S3_ETAG', value: 'e1' },
            { name: 'ECS_ARCH_EVENT_ID', value: 'ev-1' },
          ],
        },
      ],
    });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['ThumbnailTriggerDeadLetterQueue', 'Arn'] } });
    expect(template.Resources.ThumbnailTriggerDeadLetterQueue).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(props(template, 'ThumbnailTriggerDeadLetterQueuePolicy').PolicyDocument.Statement).toContainEqual({
      Sid: 'ThumbnailUploadsS3Rule',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: { 'Fn::GetAtt': ['ThumbnailTriggerDeadLetterQueue', 'Arn'] },
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['ThumbnailUploadsS3Rule', 'Arn'] } } },
    });
  });

  test('the EventBridge role may run only this family in this cluster and pass only its two roles', async () => {
    const template = await compileExample('full');
    const role = props(template, 'ThumbnailEventsRole');
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([
      {
        Sid: 'RunTask',
        Effect: 'Allow',
        Action: ['ecs:RunTask'],
        Resource: arnSub('ecs:${AWS::Region}:${AWS::AccountId}:task-definition/media-pipeline-dev-thumbnail:*'),
        Condition: { ArnLike: { 'ecs:cluster': { 'Fn::GetAtt': ['Cluster', 'Arn'] } } },
      },
      {
        Sid: 'PassTaskRoles',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: [{ 'Fn::GetAtt': ['ThumbnailExecutionRole', 'Arn'] }, { 'Fn::GetAtt': ['ThumbnailTaskRole', 'Arn'] }],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
      {
        Sid: 'TagStartedTasks',
        Effect: 'Allow',
        Action: ['ecs:TagResource'],
        Resource: { 'Fn::Sub': ['arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${ClusterName}/*', { ClusterName: { Ref: 'Cluster' } }] },
        Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
      },
    ]);
  });

  test('key filters: prefix, suffix, both (one wildcard), none; deleted events; existing buckets by name', () => {
    const template = compileConfig(fixtureConfig('edge-cases.yml'));
    expect(props(template, 'ImporterRawS3Rule').EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['acme-raw-data'] }, object: { key: [{ prefix: 'in/raw-2024_v1.0/' }] } },
    });
    expect(props(template, 'ImporterRawS3Rule2').EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['acme-raw-data'] }, object: { key: [{ suffix: '.csv' }] } },
    });
    // Deleted objects have no size or etag: their own rule maps only what the event carries.
    const deleted = props(template, 'ImporterRawS3DeletedRule2');
    expect(deleted.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Deleted'],
      detail: { bucket: { name: ['acme-raw-data'] }, object: { key: [{ suffix: '.csv' }] } },
    });
    expect(deleted.Targets[0].InputTransformer.InputPathsMap).toEqual({
      ECS_ARCH_S3_BUCKET: '$.detail.bucket.name',
      ECS_ARCH_S3_KEY: '$.detail.object.key',
      ECS_ARCH_EVENT_ID: '$.id',
    });
    expect(JSON.parse(deleted.Targets[0].InputTransformer.InputTemplate.replace(/<(\w+)>/g, '"$1"')).containerOverrides[0].environment).toEqual([
      { name: 'ECS_ARCH_TRIGGER', value: 's3' },
      { name: 'ECS_ARCH_S3_EVENT', value: 'deleted' },
      { name: 'ECS_ARCH_S3_BUCKET', value: 'ECS_ARCH_S3_BUCKET' },
      { name: 'ECS_ARCH_S3_KEY', value: 'ECS_ARCH_S3_KEY' },
      { name: 'ECS_ARCH_EVENT_ID', value: 'ECS_ARCH_EVENT_ID' },
    ]);
    expect(deleted.Targets[0].DeadLetterConfig).toEqual(props(template, 'ImporterRawS3Rule2').Targets[0].DeadLetterConfig);
    const dlqPolicy = Object.values(template.Resources).find((r) => r.Type === 'AWS::SQS::QueuePolicy' && JSON.stringify(r).includes('ImporterRawS3DeletedRule2'));
    expect(dlqPolicy).toBeDefined();
    expect(props(template, 'ImporterArchiveS3Rule').EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: 'ArchiveBucket' }] } },
    });
    const both = compileConfig({
      name: 'w',
      network: { vpc: 'vpc-1', subnets: ['subnet-1'] },
      buckets: { b: {} },
      tasks: { t: { image: 'i', triggers: [{ s3: { bucket: 'b', prefix: 'in/2024_v1.0-', suffix: '.x' } }] } },
    });
    expect(props(both, 'TBS3Rule').EventPattern.detail.object).toEqual({ key: [{ wildcard: 'in/2024_v1.0-*.x' }] });
  });
});

describe('schedule trigger', () => {
  test('spot: true on a task started by a schedule or an s3 rule runs it on FARGATE; services keep FARGATE_SPOT', () => {
    // A RunTask without Spot capacity starts no task and is not retried by EventBridge or Scheduler
    // (https://repost.aws/knowledge-center/ecs-fargate-runtask-capacity); a service's scheduler keeps trying.
    const template = compileConfig({
      name: 'w',
      network: { vpc: 'vpc-1', subnets: ['subnet-1'] },
      buckets: { b: {} },
      queues: { q: {} },
      tasks: {
        batch: { image: 'i', spot: true, triggers: [{ schedule: { expression: '@hourly' } }, { s3: { bucket: 'b' } }] },
        worker: { image: 'i', spot: true, triggers: [{ sqs: { queue: 'q' } }] },
      },
    });
    const schedule = Object.values(template.Resources).find((r) => r.Type === 'AWS::Scheduler::Schedule')!.Properties as any;
    const rule = Object.values(template.Resources).find((r) => r.Type === 'AWS::Events::Rule')!.Properties as any;
    expect(schedule.Target.EcsParameters.LaunchType).toBe('FARGATE');
    expect(schedule.Target.EcsParameters.CapacityProviderStrategy).toBeUndefined();
    expect(rule.Targets[0].EcsParameters.LaunchType).toBe('FARGATE');
    expect(props(template, 'WorkerService').CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
  });

  test('schedule: expression, time zone, window, retries, dead-letter queue, ECS parameters', async () => {
    const template = await compileExample('scheduled-batch');
    expect(props(template, 'NightlyReportSchedule')).toEqual({
      Description: 'Starts scheduled-batch-dev task nightly-report on cron(0 2 * * ? *)',
      GroupName: { Ref: 'ScheduleGroup' },
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      Target: {
        Arn: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
        RoleArn: { 'Fn::GetAtt': ['NightlyReportSchedulerRole', 'Arn'] },
        EcsParameters: {
          TaskDefinitionArn: { Ref: 'NightlyReportTaskDefinition' },
          TaskCount: 1,
          LaunchType: 'FARGATE',
          NetworkConfiguration: {
            AwsvpcConfiguration: { Subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'], SecurityGroups: ['sg-0123456789abcdef0'], AssignPublicIp: 'DISABLED' },
          },
          PlatformVersion: 'LATEST',
          EnableECSManagedTags: true,
          PropagateTags: 'TASK_DEFINITION',
        },
        Input: '{"containerOverrides":[{"name":"nightly-report","environment":[{"name":"ECS_ARCH_TRIGGER","value":"schedule"}]}]}',
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['NightlyReportTriggerDeadLetterQueue', 'Arn'] } },
      },
    });
    const statements = props(template, 'NightlyReportSchedulerRole').Policies[0].PolicyDocument.Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(['RunTask', 'PassTaskRoles', 'TagStartedTasks', 'DeadLetters']);
    expect(statements[3]).toEqual({ Sid: 'DeadLetters', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': ['NightlyReportTriggerDeadLetterQueue', 'Arn'] } });
  });

  test('shorthands, defaults, disabled schedules, Spot and an existing cluster', async () => {
    const alerts = await compileExample('task-alerts');
    expect(props(alerts, 'HousekeepingSchedule').ScheduleExpression).toBe('cron(0 0 * * ? *)');
    expect(props(alerts, 'CleanupSchedule')).toMatchObject({ ScheduleExpression: 'rate(1 hour)', ScheduleExpressionTimezone: 'UTC', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(props(alerts, 'CleanupSchedule').Target.RetryPolicy.MaximumRetryAttempts).toBe(3);
    const edge = compileConfig(fixtureConfig('edge-cases.yml'));
    expect(props(edge, 'ImporterSchedule')).toMatchObject({ ScheduleExpression: 'cron(0 * * * ? *)', State: 'ENABLED' });
    expect(props(edge, 'ImporterSchedule2')).toMatchObject({
      ScheduleExpression: 'cron(0 0 ? * SUN *)',
      ScheduleExpressionTimezone: 'America/New_York',
      State: 'DISABLED',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 60 },
    });
    expect(props(edge, 'ImporterSchedule2').Target.Arn).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/platform');
    expect(props(edge, 'ImporterSchedule2').Target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('ENABLED');
    expect(edge.Resources.Cluster).toBeUndefined();
  });
});

describe('sqs trigger', () => {
  test('queue with dead-letter queue and a service that keeps its count across deploys', async () => {
    const template = await compileExample('sqs-autoscaling');
    expect(props(template, 'JobsQueue')).toEqual({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 300,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['JobsDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
    });
    const service = props(template, 'WorkerService');
    expect(service).not.toHaveProperty('DesiredCount');
    expect(service.DeploymentConfiguration).toEqual({ DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, MaximumPercent: 200 });
    expect(service.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
    expect(service).not.toHaveProperty('LaunchType');
    expect(props(template, 'Cluster').CapacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(props(template, 'Cluster').ClusterSettings).toEqual([{ Name: 'containerInsights', Value: 'enabled' }]);
  });

  test('target tracking on visible messages ÷ running tasks, scale-out only', async () => {
    const template = await compileExample('sqs-autoscaling');
    expect(props(template, 'WorkerScalableTarget')).toEqual({
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: { 'Fn::Sub': ['service/${ClusterName}/${WorkerService.Name}', { ClusterName: { Ref: 'Cluster' } }] },
      MinCapacity: 0,
      MaxCapacity: 4,
    });
    const policy = props(template, 'WorkerJobsBacklogScaling');
    expect(policy.PolicyType).toBe('TargetTrackingScaling');
    expect(policy.ScalingTargetId).toEqual({ Ref: 'WorkerScalableTarget' });
    expect(policy.TargetTrackingScalingPolicyConfiguration).toEqual({
      TargetValue: 20,
      ScaleOutCooldown: 60,
      DisableScaleIn: true,
      CustomizedMetricSpecification: {
        Metrics: [
          {
            Id: 'visible',
            MetricStat: {
              Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['JobsQueue', 'QueueName'] } }] },
              Stat: 'Maximum',
            },
            ReturnData: false,
          },
          {
            Id: 'running',
            MetricStat: {
              Metric: {
                Namespace: 'ECS/ContainerInsights',
                MetricName: 'RunningTaskCount',
                Dimensions: [
                  { Name: 'ClusterName', Value: { Ref: 'Cluster' } },
                  { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['WorkerService', 'Name'] } },
                ],
              },
              Stat: 'Average',
            },
            ReturnData: false,
          },
          { Id: 'backlogPerTask', Expression: 'visible / running', Label: 'Visible messages per running task', ReturnData: true },
        ],
      },
    });
  });

  test('min 0: from zero, add a task per backlogPerTask waiting messages; back to min after 15 idle minutes', async () => {
    const template = await compileExample('sqs-autoscaling');
    expect(props(template, 'WorkerScaleOutFromZeroPolicy').StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: 'ChangeInCapacity',
      Cooldown: 300,
      MetricAggregationType: 'Maximum',
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 20, MetricIntervalUpperBound: 40, ScalingAdjustment: 2 },
        { MetricIntervalLowerBound: 40, MetricIntervalUpperBound: 60, ScalingAdjustment: 3 },
        { MetricIntervalLowerBound: 60, ScalingAdjustment: 4 },
      ],
    });
    const out = props(template, 'WorkerScaleOutFromZeroAlarm');
    expect(out.Metrics.at(-1)).toEqual({
      Id: 'waitingWithoutTasks',
      Expression: 'IF(FILL(running, 0) == 0 AND (FILL(inflight0, 0)) == 0, FILL(visible0, 0), 0)',
      Label: 'Visible messages while no task runs',
      ReturnData: true,
    });
    expect(out).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, EvaluationPeriods: 1, TreatMissingData: 'notBreaching', AlarmActions: [{ Ref: 'WorkerScaleOutFromZeroPolicy' }] });
    expect(props(template, 'WorkerScaleInWhenIdlePolicy').StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: 'ExactCapacity',
      Cooldown: 60,
      MetricAggregationType: 'Maximum',
      StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: 0 }],
    });
    const idle = props(template, 'WorkerScaleInWhenIdleAlarm');
    expect(idle.Metrics.map((m: { Id: string; Expression?: string }) => m.Expression ?? m.Id)).toEqual(['visible0', 'inflight0', 'FILL(visible0, 0) + FILL(inflight0, 0)']);
    expect(idle).toMatchObject({ ComparisonOperator: 'LessThanThreshold', Threshold: 1, EvaluationPeriods: 15, DatapointsToAlarm: 15, TreatMissingData: 'breaching', AlarmActions: [{ Ref: 'WorkerScaleInWhenIdlePolicy' }] });
  });

  test('min 1 has no from-zero policy and returns to 1 when idle; FIFO queues and their dead-letter queues are FIFO', () => {
    const template = compileConfig(fixtureConfig('edge-cases.yml'));
    expect(Object.keys(template.Resources).filter((id) => id.includes('Zero'))).toEqual([]);
    expect(props(template, 'OrdersScaleInWhenIdlePolicy').StepScalingPolicyConfiguration.StepAdjustments).toEqual([{ MetricIntervalUpperBound: 0, ScalingAdjustment: 1 }]);
    expect(props(template, 'OrdersScalableTarget')).toMatchObject({ MinCapacity: 1, MaxCapacity: 10 });
    expect(props(template, 'OrdersQueue')).toMatchObject({ FifoQueue: true, VisibilityTimeout: 120, RedrivePolicy: { maxReceiveCount: 3 } });
    expect(props(template, 'OrdersDeadLetterQueue')).toMatchObject({ FifoQueue: true });
    expect(props(template, 'OrdersService').Cluster).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/platform');
    expect(props(template, 'OrdersScalableTarget').ResourceId).toEqual({ 'Fn::Sub': ['service/${ClusterName}/${OrdersService.Name}', { ClusterName: 'platform' }] });
  });
});

describe('alerts', () => {
  test('task-failed rule limited to this cluster and these families, with a readable message', async () => {
    const template = await compileExample('task-alerts');
    const rule = props(template, 'TaskStoppedAlertRule');
    expect(rule.EventPattern).toEqual({
      source: ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      detail: {
        lastStatus: ['STOPPED'],
        clusterArn: [{ 'Fn::GetAtt': ['Cluster', 'Arn'] }],
        taskDefinitionArn: [
          { prefix: arnSub('ecs:${AWS::Region}:${AWS::AccountId}:task-definition/task-alerts-dev-cleanup:') },
          { prefix: arnSub('ecs:${AWS::Region}:${AWS::AccountId}:task-definition/task-alerts-dev-housekeeping:') },
        ],
        $or: [
          { containers: { exitCode: [{ 'anything-but': 0 }] }, stopCode: [{ 'anything-but': 'ServiceSchedulerInitiated' }] },
          { stopCode: ['TaskFailedToStart'] },
        ],
      },
      // housekeeping runs through its state machine (timeout, retry): not each attempt's stop,
      // the state machine notifies after the last (test/compile/jobs.test.ts).
      $or: [{ detail: { startedBy: [{ exists: false }] } }, { detail: { startedBy: [{ 'anything-but': 'ecs-arch/state-machine' }] } }],
    });
    expect(rule.Targets).toEqual([
      {
        Id: 'Notify',
        Arn: { Ref: 'OpsAlertsTopic' },
        InputTransformer: {
          InputPathsMap: {
            group: '$.detail.group',
            task: '$.detail.taskArn',
            container: '$.detail.containers[0].name',
            exitCode: '$.detail.containers[0].exitCode',
            stopCode: '$.detail.stopCode',
            reason: '$.detail.stoppedReason',
          },
          InputTemplate: 'ECS task stopped: <task>\nGroup: <group>\nContainer: <container>\nExit code: <exitCode>\nStop code: <stopCode>\nReason: <reason>',
        },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['AlertDeadLetterQueue', 'Arn'] } },
      },
    ]);
    // The email body for an ECS Task State Change event
    // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html): no quotes around
    // the message, and the free-text reason escaped as a JSON string, so its own quotes cannot break it.
    const { InputPathsMap, InputTemplate } = rule.Targets[0].InputTransformer;
    const event = {
      'detail-type': 'ECS Task State Change',
      detail: {
        group: 'family:task-alerts-dev-cleanup',
        taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/0123',
        containers: [{ name: 'cleanup', exitCode: 1 }],
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited: "cleanup" failed',
      },
    };
    expect(transform(event, InputPathsMap, InputTemplate).split('\n')).toEqual([
      'ECS task stopped: "arn:aws:ecs:us-east-1:123456789012:task/c/0123"',
      'Group: "family:task-alerts-dev-cleanup"',
      'Container: "cleanup"',
      'Exit code: 1',
      'Stop code: "EssentialContainerExited"',
      'Reason: "Essential container in task exited: \\"cleanup\\" failed"',
    ]);
  });

  test('undeliverable notifications go to a retained, encrypted dead-letter queue only the alert rule may send to', async () => {
    const template = await compileExample('task-alerts');
    expect(template.Resources.AlertDeadLetterQueue).toEqual({
      Type: 'AWS::SQS::Queue',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
      Metadata: { EcsArch: { Source: 'alerts.on', Group: 'shared' } },
    });
    expect(props(template, 'AlertDeadLetterQueuePolicy')).toEqual({
      Queues: [{ Ref: 'AlertDeadLetterQueue' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sqs:*',
            Resource: [{ 'Fn::GetAtt': ['AlertDeadLetterQueue', 'Arn'] }],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'TaskStoppedAlertRule',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': ['AlertDeadLetterQueue', 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['TaskStoppedAlertRule', 'Arn'] } } },
          },
          {
            Sid: 'HousekeepingRunStateMachineStoppedAlertRule',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': ['AlertDeadLetterQueue', 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['HousekeepingRunStateMachineStoppedAlertRule', 'Arn'] } } },
          },
        ],
      },
    });
    expect(props(template, 'AlertDeadLetterQueueAlarm')).toEqual({
      AlarmDescription: 'Dead-letter queue AlertDeadLetterQueue has messages (alerts.on)',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      Period: 300,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'OpsAlertsTopic' }],
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['AlertDeadLetterQueue', 'QueueName'] } }],
      Statistic: 'Maximum',
    });
    expect(template.Outputs!.AlertDeadLetterQueueUrl).toEqual({ Value: { Ref: 'AlertDeadLetterQueue' }, Description: 'Dead-letter queue of alert notifications' });
    const { manifest } = compileProject(await loadExample('task-alerts'));
    expect(manifest.statefulLogicalIds).toContainEqual({ logicalId: 'AlertDeadLetterQueue' });
  });

  test('topic: customer managed key EventBridge and CloudWatch can use, policy for EventBridge and exactly these alarms, email', async () => {
    const template = await compileExample('task-alerts');
    expect(props(template, 'OpsAlertsTopic')).toEqual({ KmsMasterKeyId: { Ref: 'TopicKey' } });
    // No condition for EventBridge in the key policy or the topic policy: SNS and EventBridge do not support one there.
    expect(props(template, 'TopicKey').KeyPolicy.Statement).toEqual([
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
      { Sid: 'EventBridgePublishes', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*' },
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(props(template, 'OpsAlertsTopicPolicy').PolicyDocument.Statement).toEqual([
      { Sid: 'AlertRulesPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'OpsAlertsTopic' } },
      {
        Sid: 'AlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: 'OpsAlertsTopic' },
        Condition: {
          ArnEquals: {
            'aws:SourceArn': ['CleanupTriggerDeadLetterQueueAlarm', 'HousekeepingTriggerDeadLetterQueueAlarm', 'AlertDeadLetterQueueAlarm', 'ScheduleGroupFailedAlarm'].map(
              (id) => ({ 'Fn::GetAtt': [id, 'Arn'] }),
            ),
          },
        },
      },
    ]);
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::SNS::Subscription').map((r) => r.Properties!.Endpoint)).toEqual(['ops@example.com', 'oncall@example.com']);
  });

  test('dead-letter and trigger-failed alarms notify the topic', async () => {
    const template = await compileExample('full');
    const alarms = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && !JSON.stringify(r.Properties!.AlarmActions).includes('Policy'));
    expect(alarms.map(([id, r]) => [id, r.Properties!.MetricName, r.Properties!.AlarmActions])).toEqual([
      ['JobsDeadLetterQueueAlarm', 'ApproximateNumberOfMessagesVisible', [{ Ref: 'OpsAlertsTopic' }]],
      ['ThumbnailTriggerDeadLetterQueueAlarm', 'ApproximateNumberOfMessagesVisible', [{ Ref: 'OpsAlertsTopic' }]],
      ['NightlyReportTriggerDeadLetterQueueAlarm', 'ApproximateNumberOfMessagesVisible', [{ Ref: 'OpsAlertsTopic' }]],
      ['AlertDeadLetterQueueAlarm', 'ApproximateNumberOfMessagesVisible', [{ Ref: 'OpsAlertsTopic' }]],
      ['ThumbnailUploadsS3RuleFailedAlarm', 'FailedInvocations', [{ Ref: 'OpsAlertsTopic' }]],
      ['ScheduleGroupFailedAlarm', undefined, [{ Ref: 'OpsAlertsTopic' }]],
    ]);
    expect(props(template, 'ThumbnailUploadsS3RuleFailedAlarm')).toEqual({
      AlarmDescription: 'Rule ThumbnailUploadsS3Rule failed to start a task (tasks.thumbnail.triggers.0.s3)',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      Period: 300,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'OpsAlertsTopic' }],
      Namespace: 'AWS/Events',
      MetricName: 'FailedInvocations',
      Dimensions: [{ Name: 'RuleName', Value: { Ref: 'ThumbnailUploadsS3Rule' } }],
      Statistic: 'Sum',
    });
    // Scheduled runs that never started a task: dropped after the retries, or sent to the dead-letter queue.
    const schedulerMetric = (id: string, metricName: string) => ({
      Id: id,
      MetricStat: { Metric: { Namespace: 'AWS/Scheduler', MetricName: metricName, Dimensions: [{ Name: 'ScheduleGroup', Value: { Ref: 'ScheduleGroup' } }] }, Period: 300, Stat: 'Sum' },
      ReturnData: false,
    });
    expect(props(template, 'ScheduleGroupFailedAlarm')).toEqual({
      AlarmDescription: 'A schedule of media-pipeline-dev failed to start a task',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'OpsAlertsTopic' }],
      Metrics: [
        schedulerMetric('dropped', 'InvocationDroppedCount'),
        schedulerMetric('deadLettered', 'InvocationsSentToDeadLetterCount'),
        { Id: 'notStarted', Expression: 'FILL(dropped, 0) + FILL(deadLettered, 0)', Label: 'Scheduled runs that started no task', ReturnData: true },
      ],
    });
  });

  test('task-stopped to a topic this stack does not own: every stop, no topic policy', () => {
    const template = compileConfig(fixtureConfig('edge-cases.yml'));
    const rule = props(template, 'TaskStoppedAlertRule');
    expect(rule.EventPattern.detail).not.toHaveProperty('$or');
    expect(rule.EventPattern.detail.clusterArn).toEqual(['arn:aws:ecs:eu-west-1:123456789012:cluster/platform']);
    expect(rule.Targets[0].Arn).toBe('arn:aws:sns:eu-west-1:123456789012:platform-alerts');
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::SNS::TopicPolicy')).toEqual([]);
  });
});

describe('shared parts', () => {
  test('task definition: size, platform, logs, environment contract, secrets', async () => {
    const template = await compileExample('full');
    const definition = props(template, 'ThumbnailTaskDefinition');
    expect(definition).toMatchObject({
      Family: 'media-pipeline-dev-thumbnail',
      Cpu: '512',
      Memory: '1024',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
    const [container] = definition.ContainerDefinitions;
    expect(container.Environment).toEqual([
      { Name: 'AWS_REGION_HINT', Value: 'us-east-1' },
      { Name: 'ECS_ARCH_BUCKET_UPLOADS', Value: { Ref: 'UploadsBucket' } },
      { Name: 'ECS_ARCH_QUEUE_JOBS_URL', Value: { Ref: 'JobsQueue' } },
      { Name: 'ECS_ARCH_TABLE_RESULTS', Value: { Ref: 'ResultsTable' } },
      { Name: 'LOG_LEVEL', Value: 'debug' },
      { Name: 'OUTPUT_PREFIX', Value: 'thumbnails/dev/' },
      { Name: 'STAGE', Value: 'dev' },
    ]);
    expect(container.Secrets).toEqual([
      { Name: 'API_KEY', ValueFrom: arnSub('ssm:${AWS::Region}:${AWS::AccountId}:parameter/media/dev/api-key') },
      { Name: 'DB_URL', ValueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/media/db-url-AbCdEf' },
    ]);
    expect(props(template, 'ThumbnailLogGroup')).toEqual({ RetentionInDays: 14 });
    const ingest = props(template, 'IngestTaskDefinition').ContainerDefinitions[0].Environment;
    expect(ingest).toContainEqual({ Name: 'ECS_ARCH_TRIGGER', Value: 'sqs' });
    expect(ingest).toContainEqual({ Name: 'ECS_ARCH_QUEUE_URL', Value: { Ref: 'JobsQueue' } });
    expect(ingest).toContainEqual({ Name: 'ECS_ARCH_TOPIC_OPS_ALERTS_ARN', Value: { Ref: 'OpsAlertsTopic' } });
    expect(props(template, 'NightlyReportTaskDefinition').ContainerDefinitions[0].Environment).toContainEqual({ Name: 'ECS_ARCH_TRIGGER', Value: 'schedule' });
  });

  test('buckets block public access, require TLS, are encrypted and notify EventBridge; tables are on demand with PITR', async () => {
    const template = await compileExample('full');
    expect(props(template, 'UploadsBucket')).toEqual({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(props(template, 'UploadsBucketPolicy').PolicyDocument.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(props(template, 'ResultsTable')).toEqual({
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  test('outputs name every created resource', async () => {
    const template = await compileExample('full');
    expect(Object.keys(template.Outputs!)).toEqual([
      'ClusterName', 'ClusterArn', 'TaskSecurityGroupId', 'UploadsBucketName', 'ReportsBucketName', 'ResultsTableName', 'ResultsTableArn',
      'JobsQueueUrl', 'JobsQueueArn', 'JobsDeadLetterQueueUrl', 'OpsAlertsTopicArn', 'ThumbnailTaskDefinitionArn', 'NightlyReportTaskDefinitionArn',
      'IngestTaskDefinitionArn', 'ThumbnailTriggerDeadLetterQueueUrl', 'NightlyReportTriggerDeadLetterQueueUrl', 'ScheduleGroupName', 'IngestServiceName',
      'AlertDeadLetterQueueUrl',
    ]);
  });

  test('every resource says where it came from and which group it belongs to', async () => {
    const template = await compileExample('full');
    expect(template.Resources.ThumbnailUploadsS3Rule!.Metadata).toEqual({ EcsArch: { Source: 'tasks.thumbnail.triggers.0.s3', Group: 'task:thumbnail' } });
    expect(template.Resources.UploadsBucket!.Metadata).toEqual({ EcsArch: { Source: 'buckets.uploads', Group: 'shared' } });
    for (const [id, r] of Object.entries(template.Resources)) expect([id, typeof (r.Metadata?.EcsArch as { Source?: string })?.Source]).toEqual([id, 'string']);
  });
});
