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
// - Execution Status Change events (source aws.states, detail.status, detail.stateMachineArn):
//   https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
import { afterAll, describe, expect, test } from '@jest/globals';
import { createRequire } from 'node:module';
import type { CfnResource, Template } from '../../src/compile/index.js';
import { BASE, workspace } from '../config/helpers.js';
import { EXAMPLES, FIXTURES, compileConfig, compileExample, fixtureConfig, resourcesOfType } from './helpers.js';
import { simulate } from '../support/states-sim.js';

const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };

const jobs = () => compileConfig(fixtureConfig('jobs.yml'));
const props = (template: Template, id: string) => template.Resources[id]!.Properties as Record<string, any>;
const definitionOf = (template: Template, id: string) => props(template, id).Definition as Record<string, any>;
const statements = (role: CfnResource) => (role.Properties as any).Policies[0].PolicyDocument.Statement as Record<string, any>[];

describe('state machine definitions', () => {
  test('every generated definition in every example and fixture is valid ASL', async () => {
    const templates = [...(await Promise.all(EXAMPLES.map(compileExample))), ...FIXTURES.map((f) => compileConfig(fixtureConfig(f)))];
    const machines = templates.flatMap((t) => resourcesOfType(t, 'AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBe(3);
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
  test('a run that failed after its last attempt, timed out or was stopped notifies the topic with the task name', () => {
    const template = jobs();
    const rule = props(template, 'ThumbnailRunStateMachineFailedAlertRule');
    expect(rule.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: 'ThumbnailRunStateMachine' }] },
    });
    expect(rule.Targets[0].InputTransformer.InputTemplate).toBe(
      'ECS task run failed: thumbnail\nStatus: <status>\nAttempts: up to 3 (failed after the last, timed out or stopped)\nExecution: <execution>',
    );
    expect(rule.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['AlertDeadLetterQueue', 'Arn'] } });
    // The trigger's dead-letter queue and rule alarms stay.
    expect(template.Resources.ThumbnailTriggerDeadLetterQueueAlarm).toBeDefined();
    expect(template.Resources.ThumbnailInboxS3RuleFailedAlarm).toBeDefined();
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

  test('a succeeding task runs once with the trigger input as its overrides', () => {
    const sim = simulate(definition(), input, () => ({ exit: 0 }));
    expect(sim).toMatchObject({ outcome: 'SUCCEEDED', waits: [] });
    expect(sim.runs).toHaveLength(1);
    expect(sim.runs[0]!.parameters.Overrides).toEqual(input);
  });

  test('a task that always exits non-zero runs 3 times, waiting 30s then 60s, and the execution fails', () => {
    const sim = simulate(definition(), input, () => ({ exit: 1 }));
    expect(sim).toMatchObject({ outcome: 'FAILED', error: 'EcsArch.TaskFailed', waits: [30, 60] });
    expect(sim.runs.map((r) => r.at)).toEqual([0, 90, 210]);
  });

  test('a hanging task times out after 15m per attempt, is retried, and the execution fails with States.Timeout', () => {
    const sim = simulate(definition(), input, () => 'hang');
    expect(sim).toMatchObject({ outcome: 'FAILED', error: 'States.Timeout', waits: [30, 60] });
    expect(sim.runs).toHaveLength(3);
    expect(sim.elapsed).toBe(3 * 900 + 30 + 60);
  });

  test('no Spot capacity (RunTask failures[]) and then success: the second attempt succeeds', () => {
    const sim = simulate(definition(), input, (n) => (n === 0 ? { failures: 'RESOURCE:FARGATE' } : { exit: 0 }));
    expect(sim).toMatchObject({ outcome: 'SUCCEEDED', waits: [30] });
    expect(sim.runs).toHaveLength(2);
  });

  test('timeout without retry: one attempt (nightly); retry without timeout: a hanging task is never stopped (on-order)', () => {
    const template = jobs();
    expect(simulate(definitionOf(template, 'NightlyRunStateMachine'), input, () => 'hang')).toMatchObject({ outcome: 'FAILED', error: 'States.Timeout', waits: [], elapsed: 7200 });
    expect(simulate(definitionOf(template, 'OnOrderRunStateMachine'), input, () => 'hang').outcome).toBe('HUNG');
    expect(simulate(definitionOf(template, 'OnOrderRunStateMachine'), input, () => ({ exit: 2 }))).toMatchObject({ outcome: 'FAILED', waits: [60] });
  });
});
