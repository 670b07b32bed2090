// ecs-arch bootstrap: create or upgrade the account's bootstrap stack explicitly, for
// organisations that provision it before any app deploys. Its region: from the
// configuration when there is one (README "Regions and credentials"), else --region and the
// environment and profile in the same order.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fallbackRegion, NO_REGION } from '../aws/region.js';
import { BOOTSTRAP_STACK_NAME } from '../bootstrap/names.js';
import { ensureBootstrap, type Bootstrap } from '../bootstrap/ensure.js';
import type { PollOptions } from '../deploy/poll.js';
import { formatReasons, type ProgressPrinter } from '../ui/deploy.js';
import { pollOptions, withAws, type AwsSession, progressPrinter } from './aws.js';
import { loadFromContext } from './shared.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

/** The bootstrap stack, created or upgraded when needed with a line saying so, or the exit code after saying why not. */
export async function readyBootstrap(context: CommandContext, session: AwsSession, poll: PollOptions, printer: ProgressPrinter, unchanged: string): Promise<Bootstrap | number> {
  const { io, global } = context;
  const out = global.json ? io.stderr : io.stdout;
  const ensured = await ensureBootstrap({
    aws: session.aws,
    poll,
    signal: io.signal,
    message: (text) => out.write(`${text}\n`),
    event: (event) => printer.event(event),
  });
  printer.stop();
  if (ensured.kind === 'interrupted') {
    io.stderr.write(`Interrupted while preparing the bootstrap stack ${BOOTSTRAP_STACK_NAME}. ${unchanged}\n`);
    return EXIT_INTERRUPTED;
  }
  if (ensured.kind === 'failed') {
    io.stderr.write(`The bootstrap stack ${BOOTSTRAP_STACK_NAME} could not be made ready: ${ensured.status}\n${formatReasons(ensured.reasons)}${unchanged}\n`);
    return EXIT_FAILED;
  }
  if (ensured.action !== 'none') out.write(`Bootstrap stack ${BOOTSTRAP_STACK_NAME} ${ensured.action} (version ${ensured.bootstrap.version}).\n`);
  return ensured.bootstrap;
}

export async function run(context: CommandContext): Promise<number> {
  const { io, global } = context;
  const poll = pollOptions(context);
  if (typeof poll === 'number') return poll;
  let region = global.region;
  if (!region && existsSync(resolve(io.cwd, global.config))) {
    const project = await loadFromContext(context);
    if (typeof project === 'number') return project;
    region = project.region;
  }
  region ??= (await fallbackRegion(global.profile, io.env))?.region;
  if (!region) {
    io.stderr.write(`ecs-arch bootstrap: ${NO_REGION}.\n`);
    return EXIT_INVALID;
  }
  const where = region;
  return withAws(context, where, async (session) => {
    const printer = progressPrinter(io, global.json);
    const ready = await readyBootstrap(context, session, poll, printer, '');
    if (typeof ready === 'number') return ready;
    if (global.json) io.stdout.write(`${JSON.stringify({ stackName: BOOTSTRAP_STACK_NAME, account: session.account, region: where, ...ready })}\n`);
    else io.stdout.write(`Bootstrap stack ${BOOTSTRAP_STACK_NAME} in ${where} is ready (version ${ready.version}):\n  artifact bucket   ${ready.artifactBucket}\n  image repository  ${ready.repositoryUri}\n`);
    return EXIT_OK;
  });
}
