// Tasks with a timeout or retries (task.timeout, task.retry): their triggers start a Step
// Functions state machine that runs the task with ecs:runTask.sync; other tasks' triggers start
// RunTask directly. Every definition passes a real ASL validator (asl-validator), and the
// simulator in test/support/states-sim.ts runs the compiled definition JSON for a failing, a
// hanging and a succeeding task.
//
// AWS behaviour relied on:
// - runTask.sync fails with AmazonECS.Unknown when RunTask returns failures[] (e.g. no Fargate
//   Spot capacity), and otherwise completes when the task stops, with the task description as
//   output, whatever the exit code: https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html
// - its role needs RunTask on the task definition, StopTask/DescribeTasks and PutTargets/PutRule/
//   DescribeRule on the managed rule StepFunctionsGetEventsForECSTaskRule:
//   https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html
// - EventBridge rule targets and Scheduler's universal targets start a state machine with
//   states:StartExecution: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html,
//   https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html
// - Execution Status Change events (source aws.states, detail.status, detail.stateMachineArn)
//   document the status, times, input and output, not the attempts nor the exit code or stop
//   reason, so a failed run notifies from the state
//   machine (sns:publish): https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html,
//   https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
// - a Fail state's CausePath may be States.Format:
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
// - RunTask's startedBy reaches the ECS Task State Change event (detail.startedBy), which the
//   stopped-task rule excludes with anything-but; anything-but matches only a field that exists:
//   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html#ECS-RunTask-request-startedBy,
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
// - the states role trusts state machines of this account and Region (aws:SourceArn, aws:SourceAccount):
//   https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html
import { afterAll, describe, expect, test } from '@jest/globals';
import { createRequire } from 'node:module';
import type { CfnResource, Template } from '../../src/compile/index.js';
import { BASE, workspace } from '../config/helpers.js';
import { EXAMPLES, FIXTURES, compileConfig, compileExample, fixtureConfig, resourcesOfType } from './helpers.js';
import { EXECUTION_ID, simulate } from '../support/states-sim.js';

const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };

const jobs = () => compileConfig(fixtureConfig('jobs.yml'));
const props = (template: Template, id: string) => template.Resources[id]!.Properties as Record<string, any>;
const definitionOf = (template: Template, id: string) => props(template, id).Definition as Record<string, any>;
const statements = (role: CfnResource) => (role.Properties as any).Policies[0].PolicyDocument.Statement as Record<string, any>[];

describe('state machine definitions', () => {
  test('every generated definition in every example and fixture is valid ASL', async () => {
    const templates = [...(await Promise.all(EXAMPLES.map(compileExample))), ...FIXTURES.map((f) => compileConfig(fixtureConfig(f)))];
    const machines = templates.flatMap((t) => resourcesOfType(t, 'AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBe(4);
    for (const [id, machine] of machines) {
      const result = aslValidator((machine.Properties as any).Definition);
      expect({ id, errors: result.errors }).toEqual({ id, errors: [] });
      expect(result.isValid).toBe(true);
    }
  });

  test('runs the task like the direct path: cluster, task definition, network, capacity, overrides from the input', () => {
    const template = jobs();
    const runTask = definitionOf(template, 'ThumbnailRunStateMachine').States.Attempt.Branches[0].States.RunTask;
    expect(runTask.Resource).toBe('arn:aws:states:::ecs:runTask.sync');
    expect(runTask.TimeoutSeconds).toBe(900);
    expect(runTask.Parameters).toMatchObject({
      Cluster: '${Cluster}',
      TaskDefinition: '${TaskDefinition}',
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0123abcd', 'subnet-4567efab'], SecurityGroups: ['${SecurityGroup0}'], AssignPublicIp: 'DISABLED' } },
      'Overrides.$': '$',
    });
    expect(props(template, 'ThumbnailRunStateMachine').DefinitionSubstitutions).toEqual({
      Cluster: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
      TaskDefinition: { Ref: 'ThumbnailTaskDefinition' },
      SecurityGroup0: { 'Fn::GetAtt': ['TaskSecurityGroup', 'GroupId'] },
      AlertTopic: { Ref: 'OpsTopic' },
    });
    // The same ECS parameters the direct path gives RunTask (the plain task's schedule).
    const direct = props(template, 'PlainSchedule').Target.EcsParameters;
    expect(definitionOf(template, 'NightlyRunStateMachine').States.Attempt.Branches[0].States.RunTask.Parameters).toMatchObject({
      LaunchType: direct.LaunchType,
      PlatformVersion: direct.PlatformVersion,
      EnableECSManagedTags: direct.EnableECSManagedTags,
      PropagateTags: direct.PropagateTags,
    });
  });

  test('each attempt is started by the state machine (startedBy), which the stopped-task rule leaves out', () => {
    const template = jobs();
    expect(definitionOf(template, 'ThumbnailRunStateMachine').States.Attempt.Branches[0].States.RunTask.Parameters.StartedBy).toBe('ecs-arch/state-machine');
    expect(props(template, 'TaskStoppedAlertRule').EventPattern.$or).toEqual([
      { detail: { startedBy: [{ exists: false }] } },
      { detail: { startedBy: [{ 'anything-but': 'ecs-arch/state-machine' }] } },
    ]);
  });

  test('executions are logged to a log group with the task log retention', () => {
    const template = jobs();
    expect(props(template, 'ThumbnailRunStateMachine').LoggingConfiguration).toEqual({
      Level: 'ALL',
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': ['ThumbnailRunLogGroup', 'Arn'] } } }],
    });
    expect(props(template, 'ThumbnailRunLogGroup').RetentionInDays).toBe(30);
  });
});

describe('each trigger kind: direct or through the state machine', () => {
  test('s3, event and schedule triggers of a task with timeout/retry target its state machine with PascalCase overrides', () => {
    const template = jobs();
    const s3 = props(template, 'ThumbnailInboxS3Rule').Targets[0];
    expect(s3.Arn).toEqual({ Ref: 'ThumbnailRunStateMachine' });
    expect(s3.EcsParameters).toBeUndefined();
    expect(JSON.parse(s3.InputTransformer.InputTemplate.replace(/"<(\w+)>"/g, '"$1"').replace(/<(\w+)>/g, '"$1"'))).toMatchObject({ ContainerOverrides: [{ Name: 'thumbnail' }] });
    expect(s3.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['ThumbnailTriggerDeadLetterQueue', 'Arn'] } });

    const event = props(template, 'OnOrderEventRule').Targets[0];
    expect(event.Arn).toEqual({ Ref: 'OnOrderRunStateMachine' });
    expect(event.InputTransformer.InputTemplate).toContain('"Environment":[');

    const schedule = props(template, 'NightlySchedule').Target;
    expect(schedule.Arn).toEqual({ Ref: 'NightlyRunStateMachine' });
    expect(JSON.parse(schedule.Input)).toEqual({ ContainerOverrides: [{ Name: 'nightly', Environment: [{ Name: 'ECS_ARCH_TRIGGER', Value: 'schedule' }] }] });
    expect(schedule.DeadLetterConfig).toBeDefined();
    expect(schedule.RetryPolicy).toBeDefined();
  });

  test('a task without timeout/retry starts RunTask directly, as before', () => {
    const template = jobs();
    const target = props(template, 'PlainSchedule').Target;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': ['Cluster', 'Arn'] });
    expect(target.EcsParameters.TaskDefinitionArn).toEqual({ Ref: 'PlainTaskDefinition' });
    expect(JSON.parse(target.Input)).toEqual({ containerOverrides: [{ name: 'plain', environment: [{ name: 'ECS_ARCH_TRIGGER', value: 'schedule' }] }] });
    expect(template.Resources.PlainRunStateMachine).toBeUndefined();
  });
});

describe('roles', () => {
  test('EventBridge and Scheduler may start exactly the task state machine, nothing else', () => {
    const template = jobs();
    const pairs: [string, string][] = [['ThumbnailEventsRole', 'ThumbnailRunStateMachine'], ['OnOrderEventsRole', 'OnOrderRunStateMachine'], ['NightlySchedulerRole', 'NightlyRunStateMachine']];
    for (const [roleId, machine] of pairs) {
      const granted = statements(template.Resources[roleId]!);
      expect(granted[0]).toEqual({ Sid: 'StartRun', Effect: 'Allow', Action: ['states:StartExecution'], Resource: { Ref: machine } });
      expect(granted.flatMap((s) => s.Action)).not.toContain('ecs:RunTask');
    }
  });

  test('the state machine role: RunTask on the family, PassRole on the two task roles, the .sync rule, tasks in this cluster', () => {
    const template = jobs();
    const role = template.Resources.ThumbnailRunStateMachineRole!;
    expect((role.Properties as any).AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'states.amazonaws.com' });
    const bySid = Object.fromEntries(statements(role).map((s) => [s.Sid, s]));
    expect(bySid.RunTask.Action).toEqual(['ecs:RunTask']);
    expect(bySid.PassTaskRoles.Resource).toEqual([{ 'Fn::GetAtt': ['ThumbnailExecutionRole', 'Arn'] }, { 'Fn::GetAtt': ['ThumbnailTaskRole', 'Arn'] }]);
    expect(bySid.FollowTasks.Action).toEqual(['ecs:StopTask', 'ecs:DescribeTasks']);
    expect(bySid.FollowTasks.Resource).not.toBe('*');
    expect(bySid.SyncRule).toEqual({
      Sid: 'SyncRule',
      Effect: 'Allow',
      Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule' },
    });
  });
});

describe('task-failed alerts', () => {
  test('the state machine publishes to exactly the alerts topic; a run stopped from outside (ABORTED) notifies through EventBridge', () => {
    const template = jobs();
    expect(props(template, 'ThumbnailRunStateMachine').DefinitionSubstitutions.AlertTopic).toEqual({ Ref: 'OpsTopic' });
    const bySid = Object.fromEntries(statements(template.Resources.ThumbnailRunStateMachineRole!).map((s) => [s.Sid, s]));
    expect(bySid.AlertOpsTopicPublish).toEqual({ Sid: 'AlertOpsTopicPublish', Effect: 'Allow', Action: ['sns:Publish'], Resource: { Ref: 'OpsTopic' } });
    expect(bySid.AlertOpsTopicEncrypt).toMatchObject({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': ['TopicKey', 'Arn'] } });
    const rule = props(template, 'ThumbnailRunStateMachineStoppedAlertRule');
    expect(rule.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['ABORTED'], stateMachineArn: [{ Ref: 'ThumbnailRunStateMachine' }] },
    });
    expect(rule.Targets[0].InputTransformer.InputTemplate).toBe('ECS task run stopped: thumbnail\nStatus: <status>\nExecution: <execution>');
    expect(rule.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['AlertDeadLetterQueue', 'Arn'] } });
    // The trigger's dead-letter queue and rule alarms stay.
    expect(template.Resources.ThumbnailTriggerDeadLetterQueueAlarm).toBeDefined();
    expect(template.Resources.ThumbnailInboxS3RuleFailedAlarm).toBeDefined();
  });

  test('task-stopped reports every stop, attempts included: no startedBy clause; the state machine still notifies', () => {
    const config = fixtureConfig('jobs.yml');
    const template = compileConfig({ ...config, alerts: { ...config.alerts!, on: ['task-stopped'] } });
    expect(props(template, 'TaskStoppedAlertRule').EventPattern.$or).toBeUndefined();
    expect(Object.keys(definitionOf(template, 'ThumbnailRunStateMachine').States)).toContain('NotifyFailed');
  });

  test('without alerts for the task the definition has no publish state and the role no sns:Publish', () => {
    const config = fixtureConfig('jobs.yml');
    const template = compileConfig({ ...config, alerts: { ...config.alerts!, tasks: ['nightly'] } });
    const definition = definitionOf(template, 'ThumbnailRunStateMachine');
    expect(Object.keys(definition.States)).toEqual(['Attempt', 'Failed', 'TimedOut', 'RunFailed']);
    expect(statements(template.Resources.ThumbnailRunStateMachineRole!).flatMap((s) => s.Action)).not.toContain('sns:Publish');
    expect(template.Resources.ThumbnailRunStateMachineStoppedAlertRule).toBeUndefined();
    expect(Object.keys(definitionOf(template, 'NightlyRunStateMachine').States)).toEqual(['Attempt', 'Failed', 'NotifyTimedOut', 'TimedOut', 'NotifyFailed', 'RunFailed']);
  });
});

describe('rules', () => {
  const ws = workspace();
  afterAll(() => ws.remove());
  const task = (lines: string) => `${BASE}queues:\n  q: {}\ntasks:\n  t:\n    image: busybox\n${lines}`;

  test('timeout and retry apply only to tasks started per run or event, at the line of the key', async () => {
    expect(await ws.problems(task('    timeout: 1h\n    triggers:\n      - sqs: { queue: q }\n'))).toEqual([
      '10:5: tasks.t.timeout applies to tasks started by s3, schedule or event triggers; a task with an sqs trigger runs as a service',
    ]);
    expect(await ws.problems(task('    retry: { attempts: 2 }\n'))).toEqual(['10:5: tasks.t.retry applies to tasks started by s3, schedule or event triggers; no trigger starts this task']);
    expect(await ws.problems(task("    timeout: 0\n    triggers:\n      - schedule: { expression: 'rate(1 day)' }\n"))).toEqual(['10:14: tasks.t.timeout: 0 must be from 1s to 365d']);
  });
});

describe('simulating the compiled definition', () => {
  const definition = () => definitionOf(jobs(), 'ThumbnailRunStateMachine');
  const input = { ContainerOverrides: [{ Name: 'thumbnail', Environment: [{ Name: 'ECS_ARCH_TRIGGER', Value: 's3' }] }] };
  const alert = (subject: string, message: string) => ({ TopicArn: '${AlertTopic}', Subject: subject, Message: message });

  test('a succeeding task runs once with the trigger input as its overrides, and nothing is published', () => {
    const sim = simulate(definition(), input, () => ({ exit: 0 }));
    expect(sim).toMatchObject({ outcome: 'SUCCEEDED', waits: [], published: [] });
    expect(sim.runs).toHaveLength(1);
    expect(sim.runs[0]!.parameters.Overrides).toEqual(input);
  });

  test('a task that always exits non-zero runs 3 times, waiting 30s then 60s; one alert names the task, the attempts and the exit code', () => {
    const sim = simulate(definition(), input, () => ({ exit: 1 }));
    expect(sim).toMatchObject({ outcome: 'FAILED', error: 'EcsArch.TaskFailed', cause: 'exit code 1', waits: [30, 60] });
    expect(sim.runs.map((r) => r.at)).toEqual([0, 90, 210]);
    expect(sim.published).toEqual([
      {
        at: 270,
        parameters: alert('ecs-arch: thumbnail of jobs-dev failed', `Task thumbnail of jobs-dev failed (attempt 3 of 3): exit code 1 (EcsArch.TaskFailed). Execution: ${EXECUTION_ID}`),
      },
    ]);
  });

  test('a task whose container never ran: the alert carries the stop reason', () => {
    const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s)';
    const sim = simulate(definition(), input, () => ({ stoppedBeforeRunning: reason }));
    expect(sim).toMatchObject({ outcome: 'FAILED', error: 'EcsArch.TaskFailed', cause: `the container did not run: ${reason}` });
    expect(sim.published.map((p) => p.parameters.Message)).toEqual([`Task thumbnail of jobs-dev failed (attempt 3 of 3): the container did not run: ${reason} (EcsArch.TaskFailed). Execution: ${EXECUTION_ID}`]);
  });

  test('a hanging task times out after 15m per attempt, is retried, and the alert says it timed out after 900s', () => {
    const sim = simulate(definition(), input, () => 'hang');
    expect(sim).toMatchObject({ outcome: 'FAILED', error: 'States.Timeout', cause: 'attempt 3 of 3: it ran longer than its timeout of 900s and was stopped', waits: [30, 60] });
    expect(sim.runs).toHaveLength(3);
    expect(sim.elapsed).toBe(3 * 900 + 30 + 60);
    expect(sim.published).toEqual([
      {
        at: 3 * 900 + 30 + 60,
        parameters: alert(
          'ecs-arch: thumbnail of jobs-dev timed out',
          `Task thumbnail of jobs-dev timed out (attempt 3 of 3): it ran longer than its timeout of 900s and was stopped. Execution: ${EXECUTION_ID}`,
        ),
      },
    ]);
  });

  test('no Spot capacity (RunTask failures[]) and then success: the second attempt succeeds, no alert', () => {
    const sim = simulate(definition(), input, (n) => (n === 0 ? { failures: 'RESOURCE:FARGATE' } : { exit: 0 }));
    expect(sim).toMatchObject({ outcome: 'SUCCEEDED', waits: [30], published: [] });
    expect(sim.runs).toHaveLength(2);
  });

  test('a failure, then a timeout: the alert is about the last attempt', () => {
    const sim = simulate(definition(), input, (n) => (n < 2 ? { exit: 3 } : 'hang'));
    expect(sim).toMatchObject({ outcome: 'FAILED', error: 'States.Timeout' });
    expect(sim.published.map((p) => p.parameters.Subject)).toEqual(['ecs-arch: thumbnail of jobs-dev timed out']);
  });

  test('timeout without retry: one attempt (nightly); retry without timeout: a hanging task is never stopped (on-order)', () => {
    const template = jobs();
    const nightly = simulate(definitionOf(template, 'NightlyRunStateMachine'), input, () => 'hang');
    expect(nightly).toMatchObject({ outcome: 'FAILED', error: 'States.Timeout', waits: [], elapsed: 7200 });
    expect(nightly.published.map((p) => p.parameters.Message)).toEqual([
      `Task nightly of jobs-dev timed out (attempt 1 of 1): it ran longer than its timeout of 7200s and was stopped. Execution: ${EXECUTION_ID}`,
    ]);
    expect(simulate(definitionOf(template, 'OnOrderRunStateMachine'), input, () => 'hang').outcome).toBe('HUNG');
    const onOrder = simulate(definitionOf(template, 'OnOrderRunStateMachine'), input, () => ({ exit: 2 }));
    expect(onOrder).toMatchObject({ outcome: 'FAILED', waits: [60] });
    expect(onOrder.published.map((p) => p.parameters.Message)).toEqual([`Task on-order of jobs-dev failed (attempt 2 of 2): exit code 2 (EcsArch.TaskFailed). Execution: ${EXECUTION_ID}`]);
  });
});
