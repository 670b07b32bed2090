// ecs-arch logs [TASK…]: the tasks' CloudWatch Logs, interleaved by time; --follow until Ctrl-C.
import { stackName } from '../config/paths.js';
import { readDeployedStage, unknownTaskError } from '../operate/deployed.js';
import { formatLogLine, logLineJson, logReader, parseSince, streamLogs, type LogSource } from '../operate/logs.js';
import { pollOptions, withAws } from './aws.js';
import { loadFromContext } from './shared.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

/** Without --since: the last hour. */
const DEFAULT_SINCE = '1h';

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options, positionals } = context;
  const since = parseSince(typeof options.since === 'string' ? options.since : DEFAULT_SINCE, Date.now());
  if (typeof since === 'string') {
    io.stderr.write(`ecs-arch logs: ${since}.\n`);
    return EXIT_INVALID;
  }
  const poll = pollOptions(context);
  if (typeof poll === 'number') return poll;
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const name = stackName(project.config.name, project.stage);
  const known = Object.keys(project.config.tasks ?? {});
  const unknown = positionals.filter((task) => !known.includes(task));
  if (unknown.length) {
    for (const task of unknown) io.stderr.write(`ecs-arch logs: ${unknownTaskError(task, known)}\n`);
    return EXIT_INVALID;
  }
  if (!known.length) {
    io.stderr.write(`ecs-arch logs: ${project.displayPath} has no tasks, so there are no logs to show.\n`);
    return EXIT_INVALID;
  }
  const tasks = positionals.length ? [...new Set(positionals)] : known;
  return withAws(context, project.region, async ({ aws, target }) => {
    const stage = await readDeployedStage(aws, project, name);
    if (!stage) {
      io.stderr.write(`ecs-arch logs: stack ${name} does not exist in region ${project.region}; deploy it first.\n`);
      return EXIT_FAILED;
    }
    const sources: LogSource[] = [];
    for (const task of tasks) {
      const group = stage.resources.get(stage.names.task(task, 'LogGroup'));
      if (group) sources.push({ task, logGroup: group.physicalId });
      else io.stderr.write(`ecs-arch logs: task ${task} has no log group in stack ${name} (deploy the current configuration).\n`);
    }
    if (!sources.length) return EXIT_FAILED;
    const reader = await logReader(target, sources);
    const withTask = tasks.length > 1 || positionals.length === 0;
    try {
      await streamLogs({
        reader,
        startTime: since,
        ...(typeof options.filter === 'string' ? { filterPattern: options.filter } : {}),
        follow: options.follow === true,
        pollMs: poll.minMs,
        ...(io.signal ? { signal: io.signal } : {}),
        print: (line) => io.stdout.write(`${global.json ? logLineJson(line) : formatLogLine(line, withTask)}\n`),
      });
    } finally {
      reader.destroy();
    }
    return io.signal?.aborted ? EXIT_INTERRUPTED : EXIT_OK;
  });
}
