// A task with a timeout or retries (task.timeout, task.retry) is run by a Step Functions state
// machine that its s3, schedule and event triggers start instead of RunTask: the state machine
// runs the task with the ecs:runTask.sync integration, with the same cluster, network, capacity
// and overrides as the direct path, and retries a failed run.
//
// runTask.sync ends when the task stops: it fails (AmazonECS.Unknown) when RunTask reports
// failures[], e.g. no Fargate Spot capacity, and SUCCEEDS when the container exited non-zero,
// with the task description (PascalCase) as its output
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html). So each attempt is a
// Parallel branch that turns anything but exit code 0 of the essential container into an error,
// and the Parallel state retries that error, a start failure and a timeout alike.
import { arn, getAtt, ref, type Intrinsic, type Value } from '../../cfn/intrinsics.js';
import { assumeRolePolicy, policyDocument, resource, type PolicyStatement } from '../../cfn/resources.js';
import type { ModelRun, ModelTask } from '../../model/index.js';
import { awsvpcConfiguration, capacity } from '../cluster.js';
import type { CompileContext, Contribution } from '../contribution.js';
import { runTaskStatements, taskGroup } from './run-task.js';
import { LOG_DELIVERY_ACTIONS } from '../../cfn/aws.js';

/** The error an attempt ends with when the essential container exited non-zero or never ran. */
export const TASK_FAILED_ERROR = 'EcsArch.TaskFailed';

// https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html (the integration's resource)
const RUN_TASK_SYNC = 'arn:aws:states:::ecs:runTask.sync';
// .sync learns that the task stopped from this rule, which Step Functions manages in the account
// (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html).
const SYNC_RULE = 'rule/StepFunctionsGetEventsForECSTaskRule';

export const stateMachineId = (ctx: CompileContext, task: ModelTask) => ctx.names.task(task.name, 'RunStateMachine');

type Definition = Record<string, unknown>;

/**
 * The definition as data, with every CloudFormation value replaced by a ${Name} placeholder that
 * DefinitionSubstitutions fills in: the definition itself is plain JSON an ASL validator (and the
 * test simulator) can read.
 */
export function runDefinition(ctx: CompileContext, task: ModelTask, run: ModelRun): { definition: Definition; substitutions: Record<string, Value> } {
  const substitutions: Record<string, Value> = {};
  const placeholder = (name: string, value: Value): string => {
    if (typeof value === 'string') return value;
    substitutions[name] = value;
    return `\${${name}}`;
  };
  const network = awsvpcConfiguration(ctx);
  const runTask = {
    Type: 'Task',
    Resource: RUN_TASK_SYNC,
    Parameters: {
      Cluster: placeholder('Cluster', ctx.names.clusterArn()),
      TaskDefinition: placeholder('TaskDefinition', ref(ctx.names.task(task.name, 'TaskDefinition'))),
      ...capacity(task.spot),
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: network.Subnets,
          SecurityGroups: network.SecurityGroups.map((group, i) => placeholder(`SecurityGroup${i}`, group as Value)),
          AssignPublicIp: network.AssignPublicIp,
        },
      },
      PlatformVersion: 'LATEST',
      EnableECSManagedTags: true,
      PropagateTags: 'TASK_DEFINITION',
      // The trigger's input is the overrides, ECS_ARCH_* environment included (run-task.ts containerOverrides).
      'Overrides.$': '$',
    },
    ...(run.timeoutSeconds !== undefined ? { TimeoutSeconds: run.timeoutSeconds } : {}),
    Next: 'Exited',
  };
  const definition: Definition = {
    Comment: `Runs ${ctx.model.stackName} task ${task.name}: ${run.attempts} attempt(s)${run.timeoutSeconds !== undefined ? `, ${run.timeoutSeconds}s each at most` : ''}`,
    StartAt: 'Attempt',
    States: {
      Attempt: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'RunTask',
            States: {
              RunTask: runTask,
              // A task that never ran its container (image pull, capacity after start) has no exit code.
              Exited: {
                Type: 'Choice',
                Choices: [
                  {
                    And: [
                      { Variable: '$.Containers[0].ExitCode', IsPresent: true },
                      { Variable: '$.Containers[0].ExitCode', NumericEquals: 0 },
                    ],
                    Next: 'Succeeded',
                  },
                ],
                Default: 'TaskFailed',
              },
              Succeeded: { Type: 'Succeed' },
              TaskFailed: { Type: 'Fail', Error: TASK_FAILED_ERROR, Cause: `The essential container of ${task.name} exited non-zero or did not run` },
            },
          },
        ],
        ...(run.attempts > 1
          ? { Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: run.intervalSeconds, MaxAttempts: run.attempts - 1, BackoffRate: run.backoff }] }
          : {}),
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RunFailed' }],
        End: true,
      },
      RunFailed: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
    },
  };
  return { definition, substitutions };
}

/** The state machine, its role and its log group: the same for every trigger of the task. */
export function runStateMachine(ctx: CompileContext, task: ModelTask, run: ModelRun): Contribution {
  const { names } = ctx;
  const origin = { source: task.path, group: taskGroup(task) };
  const id = stateMachineId(ctx, task);
  const roleId = names.task(task.name, 'RunStateMachineRole');
  const logGroupId = names.task(task.name, 'RunLogGroup');
  const { definition, substitutions } = runDefinition(ctx, task, run);
  const statements: PolicyStatement[] = [
    ...runTaskStatements(ctx, task),
    {
      // Resource-level task ARNs in this cluster: narrower than the "*" of the AWS example policy.
      Sid: 'FollowTasks',
      Effect: 'Allow',
      Action: ['ecs:StopTask', 'ecs:DescribeTasks'],
      Resource: names.clusterTasksArn(),
    },
    { Sid: 'SyncRule', Effect: 'Allow', Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], Resource: arn('events', SYNC_RULE) },
    { Sid: 'ExecutionLogs', Effect: 'Allow', Action: LOG_DELIVERY_ACTIONS, Resource: '*' },
  ];
  return {
    resources: {
      [logGroupId]: resource('AWS::Logs::LogGroup', { RetentionInDays: task.logRetentionDays }, origin),
      [roleId]: resource(
        'AWS::IAM::Role',
        {
          Description: `Step Functions runs ${ctx.model.stackName} task ${task.name}`,
          AssumeRolePolicyDocument: assumeRolePolicy('states.amazonaws.com', { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } }),
          Policies: [{ PolicyName: 'run-task', PolicyDocument: policyDocument(statements) }],
        },
        origin,
      ),
      [id]: resource(
        'AWS::StepFunctions::StateMachine',
        {
          StateMachineType: 'STANDARD',
          RoleArn: getAtt(roleId, 'Arn'),
          Definition: definition,
          ...(Object.keys(substitutions).length ? { DefinitionSubstitutions: substitutions as Record<string, Intrinsic | string> } : {}),
          LoggingConfiguration: {
            Level: 'ALL',
            IncludeExecutionData: false,
            Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(logGroupId, 'Arn') } }],
          },
        },
        origin,
      ),
    },
    outputs: { [`${id}Arn`]: { Value: ref(id), Description: `State machine that runs ${task.name} with its timeout and retries` } },
    watch: [{ kind: 'state-machine', logicalId: id, source: task.path, group: taskGroup(task), task: task.name, attempts: run.attempts }],
  };
}

/** What the role of EventBridge or Scheduler may do on the state-machine path: start this one state machine. */
export const startExecutionStatement = (ctx: CompileContext, task: ModelTask): PolicyStatement => ({
  Sid: 'StartRun',
  Effect: 'Allow',
  Action: ['states:StartExecution'],
  Resource: ref(stateMachineId(ctx, task)),
});
