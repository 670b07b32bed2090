// ecs-arch remove: delete the stack; list the retained resources that remain.
import { stackName } from '../config/paths.js';
import { removeStack, type RemoveResult } from '../deploy/remove.js';
import { followOrCancel, formatReasons } from '../ui/deploy.js';
import { interactive, pollOptions, withAws, type AwsSession, progressPrinter } from './aws.js';
import { loadFromContext } from './shared.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options } = context;
  const yes = options.yes === true;
  if (!yes && !interactive(io)) {
    io.stderr.write('ecs-arch remove: refusing to delete without confirmation under CI (CI=true or no terminal). Pass --yes.\n');
    return EXIT_INVALID;
  }
  const poll = pollOptions(context);
  if (typeof poll === 'number') return poll;
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const name = stackName(project.config.name, project.stage);
  return withAws(context, project.region, async (session) => {
    const out = global.json ? io.stderr : io.stdout;
    const printer = progressPrinter(io, global.json);
    const result = await removeStack({
      aws: session.aws,
      stackName: name,
      poll,
      signal: io.signal,
      confirm: async () => yes || (await io.confirm!(`Delete stack ${name} in account ${session.account}, region ${project.region}?`)),
      event: (event) => printer.event(event),
    });
    printer.stop();
    const { text, code, toStderr } = describe(result, name, session);
    if (global.json) {
      const document = {
        command: 'remove',
        stackName: name,
        account: session.account,
        region: project.region,
        result: result.kind,
        ...('status' in result ? { status: result.status } : {}),
        ...(result.kind === 'removed' ? { retained: result.retained } : {}),
        ...(result.kind === 'failed' ? { reasons: result.reasons } : {}),
        message: text.trimEnd(),
        exitCode: code,
      };
      io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else (toStderr ? io.stderr : io.stdout).write(text);
    return code;
  });
}

function describe(result: RemoveResult, name: string, session: AwsSession): { text: string; code: number; toStderr?: boolean } {
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
      return fail('Remove not confirmed; nothing was deleted.\n');
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
