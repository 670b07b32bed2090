// `ecs-arch init [--pattern s3|schedule|sqs|alerts|full] [--name N] [--force]`: writes a
// commented ecs-arch.yml (to -c PATH, default ./ecs-arch.yml).
// Exit: 0 written; 1 the file exists and --force was not given (nothing was changed);
// 2 invalid --pattern or --name.
import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { nameFrom, nameProblem, PATTERNS, renderScaffold, type Pattern } from '../init/index.js';
import { FileError, writeText } from '../util/files.js';
import { didYouMean } from '../util/suggest.js';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options } = context;
  const pattern = (options.pattern as string | undefined) ?? 'full';
  if (!(PATTERNS as readonly string[]).includes(pattern)) {
    io.stderr.write(`ecs-arch init: --pattern must be one of ${PATTERNS.join(', ')}, not "${pattern}".${didYouMean(pattern, PATTERNS)}\n`);
    return EXIT_INVALID;
  }
  const file = resolve(io.cwd, global.config);
  const given = typeof options.name === 'string' ? options.name : undefined;
  const name = given ?? nameFrom(basename(dirname(file)));
  const problem = given === undefined ? undefined : nameProblem(given);
  if (problem) {
    io.stderr.write(`ecs-arch init: --name "${given}" ${problem}. Did you mean "${nameFrom(given!)}"?\n`);
    return EXIT_INVALID;
  }
  const shown = relative(io.cwd, file).startsWith('..') ? file : relative(io.cwd, file);
  if (existsSync(file) && options.force !== true) {
    io.stderr.write(`ecs-arch init: ${shown} already exists; nothing was changed. Use --force to overwrite it.\n`);
    return EXIT_FAILED;
  }
  const text = await renderScaffold({ pattern: pattern as Pattern, name });
  try {
    await writeText(file, text);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    io.stderr.write(`ecs-arch init: ${error.message}\n`);
    return error.wrongKind ? EXIT_INVALID : EXIT_FAILED;
  }
  if (global.json) io.stdout.write(`${JSON.stringify({ file: shown, pattern, name })}\n`);
  else {
    io.stdout.write(
      `Wrote ${shown} (pattern ${pattern}, name ${name}).\n` +
        'Next: put your VPC, subnets and images in it, then run "ecs-arch validate" and "ecs-arch compile".\n',
    );
  }
  return EXIT_OK;
}
