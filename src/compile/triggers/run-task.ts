// What the two kinds that start tasks with RunTask (s3 rules, schedules) share: the task's
// trigger dead-letter queue, the ECS target parameters, and the scoped role that the
// service (EventBridge or Scheduler) assumes.
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { assumeRolePolicy, policyDocument, resource, type PolicyStatement } from '../../cfn/resources.js';
import type { ModelTask } from '../../model/index.js';
import { awsvpcConfiguration, capacity } from '../cluster.js';
import type { CompileContext, Contribution } from '../contribution.js';
import { denyInsecureSqs } from '../storage.js';
import { SQS_MAX_RETENTION_SECONDS } from '../../cfn/aws.js';

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
 * The role EventBridge or Scheduler assumes to start this task: RunTask on this task's
 * family in this cluster only, PassRole on exactly its two roles, and tagging only the
 * tasks it starts (ECS checks ecs:TagResource when tags propagate at launch).
 */
export function runTaskRole(ctx: CompileContext, task: ModelTask, service: 'events' | 'scheduler', extra: PolicyStatement[] = []) {
  const { names } = ctx;
  const statements: PolicyStatement[] = [
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
    ...extra,
  ];
  return resource(
    'AWS::IAM::Role',
    {
      Description: `${service === 'events' ? 'EventBridge rules' : 'EventBridge Scheduler'} start ${ctx.model.stackName} task ${task.name}`,
      AssumeRolePolicyDocument: assumeRolePolicy(`${service}.amazonaws.com`, { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } }),
      Policies: [{ PolicyName: 'run-task', PolicyDocument: policyDocument(statements) }],
    },
    { source: `${task.path}.triggers`, group: taskGroup(task) },
  );
}

/** Container overrides that set environment variables for one run, as RunTask expects them. */
export function containerOverrides(task: ModelTask, environment: Record<string, string>) {
  return { containerOverrides: [{ name: task.name, environment: Object.entries(environment).map(([name, value]) => ({ name, value })) }] };
}
