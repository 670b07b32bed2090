// `ecs-arch init [--pattern s3|schedule|sqs|alerts|full] [--name N] [--force]`: writes a
// commented ecs-arch.yml (to -c PATH, default ./ecs-arch.yml), adds .ecs-arch/ (compile
// output) to the .gitignore beside it, and prints the next steps. On a terminal without
// --pattern it asks which architecture; elsewhere it takes full and says so.
// Exit: 0 written; 1 the file exists and --force was not given (nothing was changed);
// 2 invalid --pattern or --name.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isCi } from '../io.js';
import { nameFrom, nameProblem, patternDescription, PATTERNS, renderScaffold, schemaPathFor, type Pattern } from '../init/index.js';
import { FileError, writeText } from '../util/files.js';
import { didYouMean } from '../util/suggest.js';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options } = context;
  const asked = typeof options.pattern !== 'string' && !isCi(io) && io.choose !== undefined;
  const pattern = typeof options.pattern === 'string' ? options.pattern : asked ? await io.choose!('Which architecture?', PATTERNS.map((p) => ({ value: p, label: patternDescription(p) })), 'schedule') : 'full';
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
  const text = await renderScaffold({ pattern: pattern as Pattern, name, schemaPath: schemaPathFor(dirname(file), io.cwd) });
  try {
    await writeText(file, text);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    io.stderr.write(`ecs-arch init: ${error.message}\n`);
    return error.wrongKind ? EXIT_INVALID : EXIT_FAILED;
  }
  const ignore = await ignoreOutput(dirname(file));
  const gitignore = relative(io.cwd, join(dirname(file), '.gitignore')) || '.gitignore';
  if (global.json) io.stdout.write(`${JSON.stringify({ file: shown, pattern, name, ...(ignore === 'added' ? { gitignore } : {}) })}\n`);
  else {
    const config = shown === 'ecs-arch.yml' ? '' : ` -c ${shown}`;
    const out = join(relative(io.cwd, dirname(file)), '.ecs-arch', 'dev', 'review.md');
    io.stdout.write(
      `Wrote ${shown} (pattern ${pattern}${typeof options.pattern === 'string' || asked ? '' : ', the default without a terminal: --pattern chooses'}, name ${name}).\n` +
        (ignore === 'added' ? `Added .ecs-arch/ (compile output) to ${gitignore}.\n` : '') +
        'Next steps:\n' +
        `  1. Put your VPC, subnets and images in ${shown}.\n` +
        `  2. npx ecs-arch validate${config}\n` +
        `  3. npx ecs-arch compile${config}, then read ${out}\n` +
        `  4. npx ecs-arch deploy${config}\n`,
    );
  }
  return EXIT_OK;
}

/** Adds `.ecs-arch/` to the .gitignore in `dir` (made if missing) unless a line already ignores it. */
async function ignoreOutput(dir: string): Promise<'added' | 'present' | 'failed'> {
  const file = join(dir, '.gitignore');
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch {}
  if (text.split(/\r?\n/).some((line) => /^\/?\.ecs-arch\/?$/.test(line.trim()))) return 'present';
  try {
    await writeFile(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}.ecs-arch/\n`);
    return 'added';
  } catch {
    return 'failed';
  }
}
