// ecs-arch run TASK: start a task now, as its trigger would (RunTask, or for a task with timeout
// or retry an execution of its state machine); --wait follows it to the end.
import { errorMessage, makeClient, type AwsTarget } from '../aws/clients.js';
import { stackName } from '../config/paths.js';
import { sleep } from '../deploy/poll.js';
import { readDeployedStage, unknownTaskError, type DeployedStage } from '../operate/deployed.js';
import { formatLogLine, logReader, streamLogs } from '../operate/logs.js';
import { ruleBucket, runStart, triggerResourceId, triggerToRun, type RunStart, type S3Object } from '../operate/run.js';
import { pollOptions, withAws } from './aws.js';
import { loadFromContext } from './shared.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

const ENV = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options, positionals } = context;
  const fail = (message: string, code = EXIT_INVALID) => {
    io.stderr.write(`ecs-arch run: ${message}\n`);
    return code;
  };
  if (positionals.length !== 1) return fail('name one task to run, e.g. "ecs-arch run report"');
  const environment: Record<string, string> = {};
  for (const pair of Array.isArray(options.env) ? options.env : []) {
    const match = ENV.exec(pair);
    if (!match) return fail(`--env "${pair}" must be NAME=VALUE`);
    environment[match[1]!] = match[2]!;
  }
  const s3Url = typeof options.s3 === 'string' ? options.s3 : undefined;
  const s3Match = s3Url === undefined ? undefined : /^s3:\/\/([^/]+)\/(.+)$/.exec(s3Url);
  if (s3Url !== undefined && !s3Match) return fail(`--s3 "${s3Url}" must be s3://BUCKET/KEY`);
  const poll = pollOptions(context);
  if (typeof poll === 'number') return poll;
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const taskName = positionals[0]!;
  const known = Object.keys(project.config.tasks ?? {});
  if (!known.includes(taskName)) return fail(unknownTaskError(taskName, known));
  const name = stackName(project.config.name, project.stage);

  return withAws(context, project.region, async ({ aws, target, account }) => {
    const stage = await readDeployedStage(aws, project, name);
    if (!stage) return fail(`stack ${name} does not exist in region ${project.region}; deploy it first.`, EXIT_FAILED);
    const task = stage.model.tasks.find((t) => t.name === taskName)!;
    const sqs = task.triggers.find((t) => t.kind === 'sqs');
    if (sqs) {
      return fail(
        `${taskName} is a service (it consumes queue ${sqs.queue}): its tasks run continuously and scale on the queue. ` +
          'To make it work now, send a message to the queue; to restart it, run "aws ecs update-service --force-new-deployment".',
      );
    }
    const trigger = triggerToRun(task, s3Match !== undefined);
    if (!trigger) {
      const s3 = task.triggers.find((t) => t.kind === 's3');
      return fail(s3Match ? `${taskName} has no s3 trigger; run it without --s3` : s3 ? `${taskName} is started by objects in bucket ${s3.bucket}: name one with --s3 s3://BUCKET/KEY` : `${taskName} has no trigger that starts it with RunTask`);
    }
    let object: S3Object | undefined;
    if (trigger.kind === 's3') {
      const [, bucket, key] = s3Match!;
      const watched = ruleBucket(stage, triggerResourceId(stage, task, trigger), account);
      if (watched && watched !== bucket) return fail(`the s3 trigger of ${taskName} watches bucket ${watched}, not ${bucket}`);
      object = { bucket: bucket!, key: key! };
      if (trigger.events.includes('created')) {
        const { client, sdk } = await aws.s3();
        try {
          const head = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
          object = { ...object, ...(head.ContentLength !== undefined ? { size: head.ContentLength } : {}), ...(head.ETag ? { etag: head.ETag } : {}), ...(head.VersionId ? { versionId: head.VersionId } : {}) };
        } catch (error) {
          // HeadObject's 404 has no body, so the SDK names no error code.
          const missing = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
          return fail(`cannot read ${s3Url}: ${missing ? 'no such object' : errorMessage(error)}`, EXIT_FAILED);
        }
      }
    }
    const start = runStart({ stage, task, trigger, account, environment, ...(object ? { s3: object } : {}) });
    if (start.kind === 'state-machine') return runExecution({ context, target, stage, taskName, trigger: trigger.kind, start, pollMs: poll.minMs, fail });
    const { input } = start;
    const ecsSdk = await import('@aws-sdk/client-ecs');
    const ecs = makeClient((c) => new ecsSdk.ECSClient(c), target, 'ECS');
    try {
      const started = await ecs.send(new ecsSdk.RunTaskCommand(input as ConstructorParameters<typeof ecsSdk.RunTaskCommand>[0]));
      const taskArn = started.tasks?.[0]?.taskArn;
      if (!taskArn) {
        const failure = started.failures?.[0];
        return fail(`ECS did not start ${taskName}: ${failure?.reason ?? 'no reason given'}${failure?.detail ? ` (${failure.detail})` : ''}`, EXIT_FAILED);
      }
      const taskId = taskArn.split('/').pop()!;
      if (global.json) io.stdout.write(`${JSON.stringify({ task: taskName, trigger: trigger.kind, taskId, taskArn, cluster: input.cluster })}\n`);
      else io.stdout.write(`Started ${taskName} (as its ${trigger.kind} trigger would): task ${taskId}\n`);
      if (options.wait !== true) return EXIT_OK;

      const describe = async () => (await ecs.send(new ecsSdk.DescribeTasksCommand({ cluster: input.cluster, tasks: [taskArn] }))).tasks?.[0];
      let stopped = false;
      const isStopped = async () => (stopped ||= (await describe())?.lastStatus === 'STOPPED');
      // awslogs names the stream <stream prefix>/<container>/<task id>; compile uses the task name for both.
      await followUntil({ context, target, stage, taskName, streamNames: [`${taskName}/${taskName}/${taskId}`], pollMs: poll.minMs, ended: isStopped });
      if (io.signal?.aborted) return fail(`interrupted; task ${taskId} keeps running (stop it with "aws ecs stop-task --cluster ${input.cluster} --task ${taskId}").`, EXIT_INTERRUPTED);
      const final = await describe();
      const container = final?.containers?.find((c) => c.name === taskName) ?? final?.containers?.[0];
      if (container?.exitCode === undefined || container.exitCode === null) {
        return fail(`task ${taskId} stopped without running its container: ${final?.stoppedReason ?? container?.reason ?? 'no reason given'}`, EXIT_FAILED);
      }
      io.stderr.write(`Task ${taskId} exited with code ${container.exitCode}${final?.stoppedReason ? ` (${final.stoppedReason})` : ''}.\n`);
      return container.exitCode;
    } finally {
      ecs.destroy();
    }
  });
}

/**
 * A task with timeout or retry: start an execution of its state machine with the trigger's input,
 * so the run gets the same timeout and retries; --wait streams the task's log until the execution
 * ends and exits 0 when it succeeded, else 1 with its error and cause.
 */
async function runExecution(options: {
  context: CommandContext;
  target: AwsTarget;
  stage: DeployedStage;
  taskName: string;
  trigger: string;
  start: Extract<RunStart, { kind: 'state-machine' }>;
  pollMs: number;
  fail(message: string, code?: number): number;
}): Promise<number> {
  const { context, target, stage, taskName, start, fail } = options;
  const { io, global } = context;
  const sfnSdk = await import('@aws-sdk/client-sfn');
  const sfn = makeClient((c) => new sfnSdk.SFNClient(c), target, 'SFN');
  try {
    const { executionArn } = await sfn.send(new sfnSdk.StartExecutionCommand({ stateMachineArn: start.stateMachineArn, input: JSON.stringify(start.input) }));
    const execution = executionArn!.split(':').pop()!;
    const stateMachine = start.stateMachineArn.split(':').pop()!;
    if (global.json) io.stdout.write(`${JSON.stringify({ task: taskName, trigger: options.trigger, stateMachine, execution, executionArn })}\n`);
    else io.stdout.write(`Started ${taskName} (as its ${options.trigger} trigger would, through state machine ${stateMachine} with its timeout and retries): execution ${execution}\n`);
    if (context.options.wait !== true) return EXIT_OK;

    const describe = () => sfn.send(new sfnSdk.DescribeExecutionCommand({ executionArn }));
    let ended = false;
    const isEnded = async () => (ended ||= (await describe()).status !== 'RUNNING');
    // Each attempt is a task of its own: every stream of the task's log group, from now on.
    await followUntil({ context, target, stage, taskName, pollMs: options.pollMs, ended: isEnded });
    if (io.signal?.aborted) return fail(`interrupted; execution ${execution} keeps running (stop it with "aws stepfunctions stop-execution --execution-arn ${executionArn}").`, EXIT_INTERRUPTED);
    const final = await describe();
    if (final.status === 'SUCCEEDED') {
      io.stderr.write(`Execution ${execution} succeeded.\n`);
      return EXIT_OK;
    }
    return fail(`execution ${execution} ended ${final.status}${final.error ? `: ${final.error}` : ''}${final.cause ? `: ${final.cause}` : ''}`, EXIT_FAILED);
  } finally {
    sfn.destroy();
  }
}

/**
 * --wait: the task's log lines on stderr (only `streamNames`, when given) until `ended` says the
 * run is over or Ctrl-C; without a log group, polling `ended` alone.
 */
async function followUntil(options: {
  context: CommandContext;
  target: AwsTarget;
  stage: DeployedStage;
  taskName: string;
  streamNames?: string[];
  pollMs: number;
  ended: () => Promise<boolean>;
}): Promise<void> {
  const { io } = options.context;
  const { taskName, streamNames, pollMs, ended } = options;
  const logGroup = options.stage.resources.get(options.stage.names.task(taskName, 'LogGroup'))?.physicalId;
  if (!logGroup) {
    while (!io.signal?.aborted && !(await ended())) await sleep(pollMs, io.signal);
    return;
  }
  const reader = await logReader(options.target, [{ task: taskName, logGroup, ...(streamNames ? { streamNames } : {}) }]);
  try {
    await streamLogs({ reader, startTime: Date.now() - 60_000, follow: true, pollMs, ...(io.signal ? { signal: io.signal } : {}), print: (line) => io.stderr.write(`${formatLogLine(line, false)}\n`), stop: ended });
  } finally {
    reader.destroy();
  }
}
