// What the kinds that start tasks (s3 and event rules, schedules) share: the task's trigger
// dead-letter queue, the target (the cluster with ECS parameters, or the task's state machine
// when it has a timeout or retries: state-machine.ts), and the scoped role that the service
// (EventBridge or Scheduler) assumes.
import { arn, getAtt, ref } from '../../cfn/intrinsics.js';
import { assumeRolePolicy, policyDocument, resource, type PolicyStatement } from '../../cfn/resources.js';
import type { ModelTask } from '../../model/index.js';
import { awsvpcConfiguration, capacity } from '../cluster.js';
import type { CompileContext, Contribution } from '../contribution.js';
import { denyInsecureSqs } from '../storage.js';
import { SQS_MAX_RETENTION_SECONDS } from '../../cfn/aws.js';
import { runStateMachine, startExecutionStatement, stateMachineId } from './state-machine.js';

export const taskGroup = (task: ModelTask) => `task:${task.name}` as const;

export function triggerDeadLetterQueueId(ctx: CompileContext, task: ModelTask): string {
  return ctx.names.task(task.name, 'TriggerDeadLetterQueue');
}

/** One dead-letter queue per task for events its rules and schedules could not deliver. */
export function triggerDeadLetterQueue(ctx: CompileContext, task: ModelTask): Contribution {
  const id = triggerDeadLetterQueueId(ctx, task);
  const source = `${task.path}.triggers`;
  return {
    resources: {
      [id]: resource('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: SQS_MAX_RETENTION_SECONDS }, { source, group: taskGroup(task) }, { retain: true }),
    },
    resourcePolicies: { [id]: { source, group: taskGroup(task), statements: [denyInsecureSqs([getAtt(id, 'Arn')])] } },
    outputs: { [`${id}Url`]: { Value: ref(id), Description: `Dead-letter queue of ${task.name}'s triggers` } },
    watch: [{ kind: 'dead-letter-queue', logicalId: id, source, group: taskGroup(task) }],
  };
}

/** RunTask parameters common to EventBridge rule targets and Scheduler targets (their network key differs in case). */
export function ecsParameters(ctx: CompileContext, task: ModelTask, networkKey: 'AwsVpcConfiguration' | 'AwsvpcConfiguration') {
  return {
    TaskDefinitionArn: ref(ctx.names.task(task.name, 'TaskDefinition')),
    TaskCount: 1,
    ...capacity(task.spot),
    NetworkConfiguration: { [networkKey]: awsvpcConfiguration(ctx) },
    PlatformVersion: 'LATEST',
    EnableECSManagedTags: true,
    PropagateTags: 'TASK_DEFINITION',
  };
}

/**
 * Starting this task: RunTask on this task's family in this cluster only, PassRole on exactly
 * its two roles, and tagging only the tasks it starts (ECS checks ecs:TagResource when tags
 * propagate at launch).
 */
export function runTaskStatements(ctx: CompileContext, task: ModelTask): PolicyStatement[] {
  const { names } = ctx;
  return [
    {
      Sid: 'RunTask',
      Effect: 'Allow',
      Action: ['ecs:RunTask'],
      Resource: names.familyArnPattern(task.name),
      Condition: { ArnLike: { 'ecs:cluster': names.clusterArn() } },
    },
    {
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [getAtt(names.task(task.name, 'ExecutionRole'), 'Arn'), getAtt(names.task(task.name, 'TaskRole'), 'Arn')],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
    {
      Sid: 'TagStartedTasks',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: names.clusterTasksArn(),
      Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    },
  ];
}

/**
 * The role EventBridge or Scheduler assumes to start this task: the RunTask statements, or, for
 * a task run by its state machine, StartExecution on that state machine only.
 */
export function runTaskRole(ctx: CompileContext, task: ModelTask, service: 'events' | 'scheduler', extra: PolicyStatement[] = []) {
  const statements = [...(task.run ? [startExecutionStatement(ctx, task)] : runTaskStatements(ctx, task)), ...extra];
  const starter = service === 'events' ? 'EventBridge rules' : 'EventBridge Scheduler';
  return resource(
    'AWS::IAM::Role',
    {
      Description: `${starter} start ${ctx.model.stackName} task ${task.name}${task.run ? ' through its state machine' : ''}`,
      AssumeRolePolicyDocument: assumeRolePolicy(`${service}.amazonaws.com`, {
        StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
        ...sourceArn(ctx, service),
      }),
      Policies: [{ PolicyName: task.run ? 'start-run' : 'run-task', PolicyDocument: policyDocument(statements) }],
    },
    { source: `${task.path}.triggers`, group: taskGroup(task) },
  );
}

/**
 * Which of the service's resources may assume the role. Scheduler: this stack's schedule group
 * (Scheduler user guide, "Confused deputy prevention": the group, never a schedule). EventBridge:
 * rules of this account and Region, on any bus; not the rules themselves (each names the role: a
 * cycle) nor their name prefix, since CloudFormation shortens generated rule names (64 characters)
 * by cutting the stack name, which for a nested stack is long and unknown at compile time.
 */
function sourceArn(ctx: CompileContext, service: 'events' | 'scheduler'): PolicyStatement['Condition'] {
  return service === 'scheduler'
    ? // From the group's name (Ref), as moto, which the deploy tests use, has no Scheduler resources.
      { ArnEquals: { 'aws:SourceArn': arn('scheduler', `schedule-group/\${${ctx.names.scheduleGroup}}`) } }
    : { ArnLike: { 'aws:SourceArn': arn('events', 'rule/*') } };
}

/**
 * Where a rule or schedule sends its event: the cluster with RunTask parameters, or the task's
 * state machine (whose input is then the overrides, containerOverrides below).
 */
export function runTaskTarget(ctx: CompileContext, task: ModelTask, roleId: string, networkKey: 'AwsVpcConfiguration' | 'AwsvpcConfiguration') {
  if (task.run) return { Arn: ref(stateMachineId(ctx, task)), RoleArn: getAtt(roleId, 'Arn') };
  return { Arn: ctx.names.clusterArn(), RoleArn: getAtt(roleId, 'Arn'), EcsParameters: ecsParameters(ctx, task, networkKey) };
}

/** A trigger's contribution plus, for a task with a timeout or retries, its state machine. */
export function withStateMachine(ctx: CompileContext, task: ModelTask, contribution: Contribution): Contribution {
  if (!task.run) return contribution;
  const machine = runStateMachine(ctx, task, task.run);
  return {
    ...contribution,
    resources: { ...contribution.resources, ...machine.resources },
    outputs: { ...contribution.outputs, ...machine.outputs },
    watch: [...(contribution.watch ?? []), ...machine.watch!],
  };
}

/**
 * Container overrides that set environment variables for one run: as RunTask's target input
 * expects them, or, for the state machine's input, in the PascalCase of Step Functions' parameters.
 */
export function containerOverrides(task: ModelTask, environment: Record<string, string>) {
  const variables = Object.entries(environment);
  if (task.run) return { ContainerOverrides: [{ Name: task.name, Environment: variables.map(([name, value]) => ({ Name: name, Value: value })) }] };
  return { containerOverrides: [{ name: task.name, environment: variables.map(([name, value]) => ({ name, value })) }] };
}
