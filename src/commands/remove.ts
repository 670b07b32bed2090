// ecs-arch remove: delete the stack; list the retained resources that remain, or with
// --delete-data delete them too (buckets, tables, queues, log groups) after typing the stage name.
import { stackName } from '../config/paths.js';
import { removeStack, type RemoveResult, type RetainedResource } from '../deploy/remove.js';
import { buildModel } from '../model/index.js';
import { dataName, deletableData, deleteData, type DataOutcome } from '../operate/delete-data.js';
import { followOrCancel, formatReasons } from '../ui/deploy.js';
import { interactive, pollOptions, withAws, type AwsSession, progressPrinter } from './aws.js';
import { loadFromContext } from './shared.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options } = context;
  const yes = options.yes === true;
  const withData = options['delete-data'] === true;
  // The typed stage name needs a line prompt (an Io may offer yes/no only).
  if (!yes && (!interactive(io) || (withData && !io.ask))) {
    io.stderr.write(
      withData
        ? 'ecs-arch remove: --delete-data deletes the stack\'s buckets, tables and queues with everything in them; under CI (CI=true or no terminal) it needs --yes as well. Nothing was deleted.\n'
        : 'ecs-arch remove: refusing to delete without confirmation under CI (CI=true or no terminal). Pass --yes.\n',
    );
    return EXIT_INVALID;
  }
  const poll = pollOptions(context);
  if (typeof poll === 'number') return poll;
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const name = stackName(project.config.name, project.stage);
  // Never deleted, whatever the stack says: what the configuration declares it does not own.
  const existing = new Set(buildModel(project).buckets.flatMap((b) => (b.existing ? [b.existing] : [])));
  return withAws(context, project.region, async (session) => {
    const printer = progressPrinter(io, global.json);
    let planned: RetainedResource[] = [];
    const where = `in account ${session.account}, region ${project.region}`;
    const result = await removeStack({
      aws: session.aws,
      stackName: name,
      poll,
      signal: io.signal,
      confirm: async (_, retained) => {
        planned = retained;
        if (yes) return true;
        if (!withData) return io.confirm!(`Delete stack ${name} ${where}?`);
        io.stderr.write(dataWarning(name, where, deletableData(retained, existing)));
        return (await io.ask!(`Type the stage name (${project.stage}) to confirm: `)) === project.stage;
      },
      event: (event) => printer.event(event),
    });
    printer.stop();
    const data = withData && result.kind === 'removed' ? await deleteData(session.target, planned, existing, io.signal) : undefined;
    const { text, code, toStderr } = data ? describeData(name, data, io.signal) : describe(result, name, session, withData ? project.stage : undefined);
    if (global.json) {
      const document = {
        command: 'remove',
        stackName: name,
        account: session.account,
        region: project.region,
        result: result.kind,
        ...('status' in result ? { status: result.status } : {}),
        ...(result.kind === 'removed' && !data ? { retained: result.retained } : {}),
        ...(data ? { deletedData: data } : {}),
        ...(result.kind === 'failed' ? { reasons: result.reasons } : {}),
        message: text.trimEnd(),
        exitCode: code,
      };
      io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else (toStderr ? io.stderr : io.stdout).write(text);
    return code;
  });
}

/** What the typed confirmation deletes (on stderr, like the prompt after it). */
function dataWarning(name: string, where: string, data: RetainedResource[]): string {
  const list = data.length ? `, and then this data, which cannot be recovered:\n${dataLines(data.map((r) => [r.resourceType, dataName(r)]))}` : ' (it retains no buckets, tables or queues).\n';
  return `This deletes stack ${name} ${where}${list}`;
}

/** Aligned "  TYPE  NAME[  NOTE]" lines. */
function dataLines(rows: [string, string, string?][]): string {
  const width = Math.max(...rows.map(([type]) => type.length));
  return rows.map(([type, name, note]) => `  ${type.padEnd(width)}  ${name}${note ? `  ${note}` : ''}\n`).join('');
}

function describeData(name: string, data: DataOutcome[], signal?: AbortSignal): { text: string; code: number; toStderr?: boolean } {
  const note = (o: DataOutcome): string => {
    switch (o.result) {
      case 'deleted':
        return o.objectsDeleted === undefined ? 'deleted' : `deleted (${o.objectsDeleted} object versions and delete markers)`;
      case 'already-gone':
        return 'already gone';
      case 'failed':
        return `FAILED: ${o.reason}`;
      case 'kept':
        return `kept: ${o.reason}`;
    }
  };
  const failed = data.filter((o) => o.result === 'failed').length;
  const text =
    `Stack ${name} removed.\n` +
    (data.length ? `Retained data (--delete-data):\n${dataLines(data.map((o) => [o.resourceType, o.name, note(o)]))}` : 'It retained no data.\n') +
    (failed ? `${failed} of ${data.length} could not be deleted: delete ${failed === 1 ? 'it' : 'them'} yourself.\n` : '');
  return { text, code: signal?.aborted ? EXIT_INTERRUPTED : failed ? EXIT_FAILED : EXIT_OK };
}

function describe(result: RemoveResult, name: string, session: AwsSession, typedStage?: string): { text: string; code: number; toStderr?: boolean } {
  const { target, account } = session;
  const fail = (text: string, code = EXIT_FAILED) => ({ text, code, toStderr: true });
  switch (result.kind) {
    case 'missing':
      return { text: `Stack ${name} does not exist in account ${account}, region ${target.region}; nothing to remove.\n`, code: EXIT_OK };
    case 'protected':
      return fail(
        `Stack ${name} has termination protection on (deployment.terminationProtection). To remove it, set ` +
          `deployment.terminationProtection: false and deploy, or run "aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${name} --region ${target.region}".\n`,
      );
    case 'busy':
      return fail(`Stack ${name} is busy (${result.status}); try again when the current operation has finished.\n`);
    case 'declined':
      return fail(typedStage ? `That is not the stage name (${typedStage}); nothing was deleted.\n` : 'Remove not confirmed; nothing was deleted.\n');
    case 'interrupted':
      return result.started ? fail(`Interrupted. ${followOrCancel(name, 'delete', target)}`, EXIT_INTERRUPTED) : fail('Interrupted; nothing was deleted.\n', EXIT_INTERRUPTED);
    case 'lost-connection':
      return fail(`Lost the connection to CloudFormation for ${Math.round(result.waitedMs / 1000)}s (${result.error}); the stack may still be deleting. ${followOrCancel(name, 'delete', target)}`);
    case 'failed':
      return fail(`Stack ${name}: ${result.status}\n${formatReasons(result.reasons)}`);
    case 'removed':
      return {
        text:
          `Stack ${name} removed.\n` +
          (result.retained.length
            ? 'Retained resources that remain (delete them yourself when no longer needed):\n' + result.retained.map((r) => `  ${r.logicalId} (${r.resourceType}): ${r.physicalId}\n`).join('')
            : ''),
        code: EXIT_OK,
      };
  }
}
