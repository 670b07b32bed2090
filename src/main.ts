// Parses the command line, dispatches to a command, returns the exit code. Tests call this.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMANDS } from './commands/registry.js';
import { COMMAND_GROUPS, EXIT_INVALID, EXIT_OK, type CommandSpec, type GlobalOptions, type OptionSpec } from './commands/types.js';
import type { Io } from './io.js';
import { didYouMean } from './util/suggest.js';
import { fileURLToPath } from 'node:url';
import { packageFile, version } from './util/package-file.js';

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  config: { type: 'string', short: 'c', value: 'FILE', description: 'configuration file (default ecs-arch.yml)' },
  stage: { type: 'string', short: 's', value: 'STAGE', description: 'stage (default: the file\'s stage, else dev)' },
  region: { type: 'string', short: 'r', value: 'REGION', description: 'AWS region (else the file\'s region, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s)' },
  profile: { type: 'string', value: 'NAME', description: 'AWS profile from ~/.aws/config (default AWS_PROFILE)' },
  param: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'override a params value for this run (repeatable)' },
  json: { type: 'boolean', description: 'machine-readable output' },
  verbose: { type: 'boolean', description: 'AWS requests, full change sets and timings on stderr' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

export { version };

/** One line per option, descriptions aligned in one column over every list printed together. */
function optionLines(options: Record<string, OptionSpec>, width: number): string[] {
  return Object.entries(options).map(([name, spec]) => `  ${flagText(name, spec).padEnd(width)}  ${spec.description}`);
}

function flagText(name: string, spec: OptionSpec): string {
  return `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
}

function flagWidth(...lists: Record<string, OptionSpec>[]): number {
  return Math.max(...lists.flatMap((options) => Object.entries(options).map(([name, spec]) => flagText(name, spec).length)));
}

const VERSION_OPTION: Record<string, OptionSpec> = { version: { type: 'boolean', short: 'v', description: 'print the version' } };

const EXAMPLES = [
  ['ecs-arch init', 'write ecs-arch.yml (asks which architecture)'],
  ['ecs-arch validate', 'check it, every error with its line'],
  ['ecs-arch compile -s prod', 'templates and review.md in .ecs-arch/prod/'],
  ['ecs-arch diff -s prod', 'what would change in the deployed stack'],
  ['ecs-arch deploy -s prod --yes', 'deploy without asking (CI)'],
];

/** Where the documentation is: the README and docs/ shipped in this package. */
function docsLine(): string {
  return `Documentation: ${fileURLToPath(packageFile('README.md'))} and ${fileURLToPath(packageFile('docs/'))}`;
}

export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const groups = Object.entries(COMMAND_GROUPS).flatMap(([key, heading]) => {
    const members = COMMANDS.filter((c) => (c.group ?? 'deploy') === key);
    return members.length ? ['', `${heading}:`, ...members.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)] : [];
  });
  const options = { ...GLOBAL_OPTIONS, ...VERSION_OPTION };
  const exampleWidth = Math.max(...EXAMPLES.map(([line]) => line!.length));
  return [
    'ecs-arch: one ecs-arch.yml to CloudFormation for ECS Fargate tasks and their triggers, deployed as a change set.',
    '',
    'Usage: ecs-arch <command> [options]',
    ...groups,
    '',
    'Options for every command:',
    ...optionLines(options, flagWidth(options)),
    '',
    'Examples:',
    ...EXAMPLES.map(([line, what]) => `  ${line!.padEnd(exampleWidth)}  # ${what}`),
    '',
    'Run "ecs-arch <command> --help" for a command\'s own options.',
    docsLine(),
    '',
  ].join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const width = flagWidth(command.options, GLOBAL_OPTIONS);
  const own = Object.keys(command.options).length ? ['', 'Options:', ...optionLines(command.options, width)] : [];
  const examples = command.examples?.length ? ['', 'Examples:', ...command.examples.map((line) => `  ${line}`)] : [];
  return [
    `Usage: ecs-arch ${command.name}${command.positionals ? ` [${command.positionals.value}]` : ''} [options]`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.positionals ? ['', `${command.positionals.value}: ${command.positionals.description}`] : []),
    ...own,
    '',
    'Options for every command:',
    ...optionLines(GLOBAL_OPTIONS, width),
    ...examples,
    '',
    docsLine(),
    '',
  ].join('\n');
}

function toParseConfig(options: Record<string, OptionSpec>): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]),
  );
}

/** Turns node's parseArgs errors into one plain sentence with a suggestion. */
function argumentError(error: unknown, known: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (unknown) {
    const [, dashes, name] = unknown;
    const suggestion = dashes === '--' ? didYouMean(name!, known).replace(/"([^"]+)"/, '"--$1"') : '';
    return `unknown option "${dashes}${name}".${suggestion}`;
  }
  return message.replace(/\. To specify a positional argument.*$/s, '.');
}

const PARAM = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** --param key=value pairs, or the first malformed one. */
function parseParams(values: readonly string[]): Record<string, string> | string {
  const params: Record<string, string> = {};
  for (const value of values) {
    const match = PARAM.exec(value);
    if (!match) return `--param "${value}" must be KEY=VALUE, with KEY a params name (letters, digits, _)`;
    params[match[1]!] = match[2]!;
  }
  return params;
}

/**
 * No command takes positional arguments: a word left over was meant as something else.
 * The hint guesses what: a configuration file, or a stage.
 */
function positionalError(command: string, word: string): string {
  const hint = /\.ya?ml$/i.test(word) || word.includes('/') ? `-c ${word}` : /^[a-z][a-z0-9-]*$/.test(word) ? `-s ${word}` : undefined;
  return `unexpected argument "${word}": ${command} takes no positional arguments.${hint ? ` Did you mean "${hint}"?` : ''}`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(generalHelp());
    return first === undefined ? EXIT_INVALID : EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const what = first.startsWith('-') ? 'option' : 'command';
    io.stderr.write(
      `ecs-arch: unknown ${what} "${first}".${didYouMean(first.replace(/^-+/, ''), COMMANDS.map((c) => c.name))}\n` +
        'Run "ecs-arch --help" for the list of commands.\n',
    );
    return EXIT_INVALID;
  }

  const specs = { ...GLOBAL_OPTIONS, ...command.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: toParseConfig(specs), allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`ecs-arch ${command.name}: ${argumentError(error, Object.keys(specs))}\n`);
    return EXIT_INVALID;
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  if (parsed.positionals.length && !command.positionals) {
    io.stderr.write(`ecs-arch ${command.name}: ${positionalError(command.name, parsed.positionals[0]!)}\n`);
    return EXIT_INVALID;
  }
  const params = parseParams(Array.isArray(values.param) ? values.param : []);
  if (typeof params === 'string') {
    io.stderr.write(`ecs-arch ${command.name}: ${params}.\n`);
    return EXIT_INVALID;
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const global: GlobalOptions = {
    config: text('config') ?? 'ecs-arch.yml',
    stage: text('stage'),
    region: text('region'),
    profile: text('profile'),
    params,
    json: values.json === true,
    verbose: values.verbose === true,
  };
  const options = Object.fromEntries(Object.keys(command.options).map((name) => [name, values[name]]));
  const module = await command.load();
  return module.run({ command: command.name, io, global, options, positionals: parsed.positionals });
}
