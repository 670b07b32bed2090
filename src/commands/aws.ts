// What every command that calls AWS shares: the target (region, profile, --verbose request
// log), the clients, the "Account …, region …" header, the environment knobs, and AWS
// errors as one actionable line with exit 1. Later commands (logs, run, status) use it too.
import { linePrinter, livePrinter, type ProgressPrinter } from '../ui/deploy.js';
import { palette } from '../ui/colour.js';
import { callerAccount, connect, explainAwsError, targetHeader, type Aws, type AwsTarget } from '../aws/clients.js';
import { pollOptionsFromEnv, type PollOptions } from '../deploy/poll.js';
import type { Placement } from '../stacks/index.js';
import { isCi, type Io } from '../io.js';
import { EXIT_FAILED, EXIT_INVALID, type CommandContext } from './types.js';

export function awsTarget(context: CommandContext, region: string): AwsTarget {
  const { io, global } = context;
  return {
    region,
    ...(global.profile ? { profile: global.profile } : {}),
    env: io.env,
    ...(global.verbose ? { log: (line: string) => io.stderr.write(`${line}\n`) } : {}),
  };
}

/** Prompts are possible: a terminal, not CI, and someone to ask. */
export function interactive(io: Io): boolean {
  return !isCi(io) && io.confirm !== undefined;
}

/** Stack progress: a live view on a terminal, one plain line per event under CI or --json (on stderr then: stdout is the JSON). */
export function progressPrinter(io: Io, json: boolean): ProgressPrinter {
  if (interactive(io) && !json) return livePrinter(io.stdout, palette(io.stdout, io.env));
  const out = json ? io.stderr : io.stdout;
  return linePrinter(out, palette(out, io.env));
}

/** The polling knobs, or exit 2 after naming every invalid one. */
export function pollOptions(context: CommandContext): PollOptions | number {
  const options = pollOptionsFromEnv(context.io.env);
  if (!('problems' in options)) return options;
  for (const problem of options.problems) context.io.stderr.write(`ecs-arch ${context.command}: ${problem}.\n`);
  return EXIT_INVALID;
}

export interface AwsSession {
  aws: Aws;
  target: AwsTarget;
  account: string;
}

/**
 * Runs a command body with AWS clients after printing the account and region it works in
 * (stderr under --json, whose stdout is one document). Unexpected AWS errors become one line
 * and exit 1, never a stack trace.
 */
export async function withAws(context: CommandContext, region: string, body: (session: AwsSession) => Promise<number>): Promise<number> {
  const { io, global } = context;
  const target = awsTarget(context, region);
  const aws = await connect(target);
  try {
    const account = await callerAccount(target);
    (global.json ? io.stderr : io.stdout).write(`${targetHeader(target, account)}\n`);
    return await body({ aws, target, account });
  } catch (error) {
    io.stderr.write(`ecs-arch ${context.command}: ${explainAwsError(error, target)}\n`);
    return EXIT_FAILED;
  } finally {
    aws.destroy();
  }
}

/**
 * Where the deployed stack keeps its stateful resources, so compile leaves them there (empty
 * when nothing is deployed); AWS errors are one line and exit 1.
 */
export async function readPlacement(context: CommandContext, stackName: string, region: string): Promise<Placement | number> {
  const target = awsTarget(context, region);
  const aws = await connect(target);
  try {
    const { deployedPlacement } = await import('../deploy/stack.js');
    return await deployedPlacement(aws, stackName);
  } catch (error) {
    context.io.stderr.write(`ecs-arch ${context.command}: ${explainAwsError(error, target)}\n`);
    return EXIT_FAILED;
  } finally {
    aws.destroy();
  }
}
