import type { Io } from '../io.js';

/** Options every command accepts (README "Commands"). */
export interface GlobalOptions {
  config: string;
  stage?: string;
  region?: string;
  /** --profile: the shared config/credentials profile for AWS calls (and its region). */
  profile?: string;
  /** --param key=value, in the order given: overrides `params` for this run. */
  params: Record<string, string>;
  json: boolean;
  verbose: boolean;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Repeatable (string options): every value is kept, in order. */
  multiple?: boolean;
  /** Shown in --help. */
  description: string;
  /** Placeholder shown in --help for string options, e.g. "DIR". */
  value?: string;
}

export interface CommandContext {
  /** The command's name, for messages ("ecs-arch deploy: …"). */
  command: string;
  io: Io;
  global: GlobalOptions;
  /** The command's own options, by long name (repeatable ones as lists). */
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Exit codes: 0 ok, 1 the operation failed, 2 invalid input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;
export const EXIT_INTERRUPTED = 130;

export interface CommandModule {
  run(context: CommandContext): Promise<number>;
}

/** The headings of `ecs-arch --help`, in order. */
export const COMMAND_GROUPS = {
  start: 'Start',
  check: 'Check the configuration',
  review: 'Compile and review',
  deploy: 'Deploy and operate',
} as const;

export interface CommandSpec {
  name: string;
  summary: string;
  /** Where `--help` lists it (default deploy: "Deploy and operate"). */
  group?: keyof typeof COMMAND_GROUPS;
  /** Command lines shown under "Examples" in its --help. */
  examples?: string[];
  options: Record<string, OptionSpec>;
  /** The words it takes after its name ("TASK…"); commands without this take none. */
  positionals?: { value: string; description: string };
  /** Lazy, so `compile` never loads what `deploy` needs (the AWS SDK). */
  load(): Promise<CommandModule>;
}
