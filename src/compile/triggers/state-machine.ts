// A task with a timeout or retries (task.timeout, task.retry) is run by a Step Functions state
// machine that its s3, schedule and event triggers start instead of RunTask: the state machine
// runs the task with the ecs:runTask.sync integration, with the same cluster, network, capacity
// and overrides as the direct path, and retries a failed run.
//
// runTask.sync ends when the task stops: it fails (AmazonECS.Unknown) when RunTask reports
// failures[], e.g. no Fargate Spot capacity, and SUCCEEDS when the container exited non-zero,
// with the task description (PascalCase) as its output
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html). So each attempt is a
// Parallel branch that turns anything but exit code 0 of the essential container into an error
// whose cause is the exit code or the stop reason, and the Parallel state retries that error, a
// start failure and a timeout alike.
//
// A run that failed after its last attempt or timed out notifies the alerts topic from the state
// machine itself (arn:aws:states:::sns:publish): the documented detail of the Execution Status
// Change event that EventBridge gets (executionArn, stateMachineArn, name, status, startDate,
// stopDate, input, output: https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html,
// the aws.states@StepFunctionsExecutionStatusChange schema) names neither the attempts nor the
// last exit code or stop reason, so no input transformer can put them in a message. The attempts are not
// counted at run time: the retrier matches every error the branch can end with, so the Catch
// that leads to the notification runs only after the last of `attempts`.
import { arn, getAtt, ref, type Intrinsic, type Value } from '../../cfn/intrinsics.js';
import { assumeRolePolicy, policyDocument, resource, type PolicyStatement } from '../../cfn/resources.js';
import type { ModelRun, ModelTask } from '../../model/index.js';
import { awsvpcConfiguration, capacity } from '../cluster.js';
import type { CompileContext, Contribution } from '../contribution.js';
import { runTaskStatements, taskGroup } from './run-task.js';
import { LOG_DELIVERY_ACTIONS } from '../../cfn/aws.js';
import { alertTopicFor, RUN_STARTED_BY } from '../alerts.js';
import { grantStatement, topicGrants } from '../access.js';

/** The error an attempt ends with when the essential container exited non-zero or never ran. */
export const TASK_FAILED_ERROR = 'EcsArch.TaskFailed';

// https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html (the integration's resource)
const RUN_TASK_SYNC = 'arn:aws:states:::ecs:runTask.sync';
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
const SNS_PUBLISH = 'arn:aws:states:::sns:publish';
// .sync learns that the task stopped from this rule, which Step Functions manages in the account
// (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html).
const SYNC_RULE = 'rule/StepFunctionsGetEventsForECSTaskRule';
// SNS subjects: at most 100 characters (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
const SUBJECT_MAX = 100;

export const stateMachineId = (ctx: CompileContext, task: ModelTask) => ctx.names.task(task.name, 'RunStateMachine');

type Definition = Record<string, unknown>;

/** Text inside an intrinsic function's quoted string: ', {, } and \ are escaped with a backslash (intrinsic-functions.html). */
const literal = (text: string) => text.replace(/[\\'{}]/g, (c) => `\\${c}`);
const format = (template: string, ...paths: string[]) => `States.Format('${template}', ${paths.join(', ')})`;

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
      StartedBy: RUN_STARTED_BY,
      // The trigger's input is the overrides, ECS_ARCH_* environment included (run-task.ts containerOverrides).
      'Overrides.$': '$',
    },
    ...(run.timeoutSeconds !== undefined ? { TimeoutSeconds: run.timeoutSeconds } : {}),
    Next: 'Exited',
  };
  const topic = alertTopicFor(ctx, task.name);
  const timeout = run.timeoutSeconds;
  const exitCode = '$.Containers[0].ExitCode';
  const attempt = {
    Type: 'Parallel',
    Branches: [
      {
        StartAt: 'RunTask',
        States: {
          RunTask: runTask,
          Exited: {
            Type: 'Choice',
            Choices: [
              { And: [{ Variable: exitCode, IsPresent: true }, { Variable: exitCode, NumericEquals: 0 }], Next: 'Succeeded' },
              { Variable: exitCode, IsPresent: true, Next: 'ExitedNonZero' },
              // A task that never ran its container (image pull, capacity after start) has no exit code.
              { Variable: '$.StoppedReason', IsPresent: true, Next: 'DidNotRun' },
            ],
            Default: 'TaskFailed',
          },
          Succeeded: { Type: 'Succeed' },
          ExitedNonZero: { Type: 'Fail', Error: TASK_FAILED_ERROR, CausePath: format('exit code {}', exitCode) },
          DidNotRun: { Type: 'Fail', Error: TASK_FAILED_ERROR, CausePath: format('the container did not run: {}', '$.StoppedReason') },
          TaskFailed: { Type: 'Fail', Error: TASK_FAILED_ERROR, Cause: 'the container did not run' },
        },
      },
    ],
    ...(run.attempts > 1
      ? { Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: run.intervalSeconds, MaxAttempts: run.attempts - 1, BackoffRate: run.backoff }] }
      : {}),
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: timeout !== undefined ? 'Failed' : topic ? 'NotifyFailed' : 'RunFailed' }],
    End: true,
  };

  const attempts = `attempt ${run.attempts} of ${run.attempts}`;
  const who = `Task ${task.name} of ${ctx.model.stackName}`;
  // Plain sentences, one line: the message reads the same in an email, a chat hook or an SMS.
  const notify = (next: string, outcome: string, message: string) => ({
    Type: 'Task',
    Resource: SNS_PUBLISH,
    Parameters: {
      TopicArn: placeholder('AlertTopic', topic!.arn),
      Subject: `ecs-arch: ${task.name} of ${ctx.model.stackName} ${outcome}`.slice(0, SUBJECT_MAX),
      'Message.$': message,
    },
    ResultPath: null,
    Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 }],
    // An alert that cannot be sent (topic or key policy) leaves the run's own outcome as it is.
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.alertError', Next: next }],
    Next: next,
  });
  const ends: Record<string, unknown> = {};
  if (timeout !== undefined) {
    const timedOut = `it ran longer than its timeout of ${timeout}s and was stopped`;
    ends.Failed = {
      Type: 'Choice',
      Choices: [{ Variable: '$.error.Error', StringEquals: 'States.Timeout', Next: topic ? 'NotifyTimedOut' : 'TimedOut' }],
      Default: topic ? 'NotifyFailed' : 'RunFailed',
    };
    if (topic) ends.NotifyTimedOut = notify('TimedOut', 'timed out', format(`${literal(`${who} timed out (${attempts}): ${timedOut}. Execution: `)}{}`, '$$.Execution.Id'));
    // States.Timeout carries no cause of its own to pass on.
    ends.TimedOut = { Type: 'Fail', Error: 'States.Timeout', Cause: `${attempts}: ${timedOut}` };
  }
  if (topic) {
    ends.NotifyFailed = notify('RunFailed', 'failed', format(`${literal(`${who} failed (${attempts}): `)}{} ({}). Execution: {}`, '$.error.Cause', '$.error.Error', '$$.Execution.Id'));
  }
  ends.RunFailed = { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' };
  const definition: Definition = {
    Comment: `Runs ${ctx.model.stackName} task ${task.name}: ${run.attempts} attempt(s)${timeout !== undefined ? `, ${timeout}s each at most` : ''}`,
    StartAt: 'Attempt',
    States: { Attempt: attempt, ...ends },
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
    // The alert after the last attempt: publish on exactly the alerts topic, and for a topic of
    // this file the key it is encrypted with, through SNS only (access.ts topicGrants).
    ...alertStatements(ctx, task),
  ];
  return {
    resources: {
      [logGroupId]: resource('AWS::Logs::LogGroup', { RetentionInDays: task.logRetentionDays }, origin),
      [roleId]: resource(
        'AWS::IAM::Role',
        {
          Description: `Step Functions runs ${ctx.model.stackName} task ${task.name}`,
          // State machines of this account and Region only (Step Functions developer guide,
          // "Prevent cross-service confused deputy issue": procedure-create-iam-role.html). Not this
          // one by name: it names the role (a cycle), and CloudFormation generates the name.
          AssumeRolePolicyDocument: assumeRolePolicy('states.amazonaws.com', {
            StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
            ArnLike: { 'aws:SourceArn': arn('states', 'stateMachine:*') },
          }),
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
    watch: [{ kind: 'state-machine', logicalId: id, source: task.path, group: taskGroup(task), task: task.name }],
  };
}

function alertStatements(ctx: CompileContext, task: ModelTask): PolicyStatement[] {
  const topic = alertTopicFor(ctx, task.name);
  if (!topic) return [];
  if (topic.declared) return topicGrants(ctx.names, topic.declared).map((grant) => ({ ...grantStatement(grant), Sid: `Alert${grant.Sid}` }));
  return [{ Sid: 'AlertPublish', Effect: 'Allow', Action: ['sns:Publish'], Resource: topic.arn }];
}

/** What the role of EventBridge or Scheduler may do on the state-machine path: start this one state machine. */
export const startExecutionStatement = (ctx: CompileContext, task: ModelTask): PolicyStatement => ({
  Sid: 'StartRun',
  Effect: 'Allow',
  Action: ['states:StartExecution'],
  Resource: ref(stateMachineId(ctx, task)),
});
