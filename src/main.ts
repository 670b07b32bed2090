// Parses the command line, dispatches to a command, returns the exit code. Tests call this.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands/registry.js';
import { EXIT_INVALID, EXIT_OK, type CommandSpec, type GlobalOptions, type OptionSpec } from './commands/types.js';
import type { Io } from './io.js';
import { didYouMean } from './util/suggest.js';
import { packageFile } from './util/package-file.js';

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  config: { type: 'string', short: 'c', value: 'FILE', description: 'configuration file (default ecs-arch.yml)' },
  stage: { type: 'string', short: 's', value: 'STAGE', description: 'stage (default: the file\'s stage, else dev)' },
  region: { type: 'string', short: 'r', value: 'REGION', description: 'AWS region (default: --region, AWS_REGION, the file\'s region)' },
  json: { type: 'boolean', description: 'machine-readable output' },
  verbose: { type: 'boolean', description: 'more detail' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return `  ${flag.padEnd(34)} ${spec.description}`;
  });
}

export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: ecs-arch <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...optionLines({ ...GLOBAL_OPTIONS, version: { type: 'boolean', description: 'print the version' } }),
    '',
    'Run "ecs-arch <command> --help" for a command\'s own options.',
    '',
  ].join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const own = Object.keys(command.options).length ? ['', 'Options:', ...optionLines(command.options)] : [];
  return [
    `Usage: ecs-arch ${command.name} [options]`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    ...own,
    '',
    'Options for every command:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
  ].join('\n');
}

function toParseConfig(options: Record<string, OptionSpec>): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
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
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  const global: GlobalOptions = {
    config: typeof values.config === 'string' ? values.config : 'ecs-arch.yml',
    stage: typeof values.stage === 'string' ? values.stage : undefined,
    region: typeof values.region === 'string' ? values.region : undefined,
    json: values.json === true,
    verbose: values.verbose === true,
  };
  const options = Object.fromEntries(Object.keys(command.options).map((name) => [name, values[name]]));
  const module = await command.load();
  return module.run({ io, global, options, positionals: parsed.positionals });
}
