// `ecs-arch lint`: compile, run cfn-lint and the built-in security rules on every template,
// print each finding at the ecs-arch.yml line that produced it.
// Exit: errors 1 (warnings too with --strict); invalid config 2; cfn-lint crashed, printed
// something that is not JSON or timed out: 1. cfn-lint missing: say how to install it; when
// it was asked for (--cfn-lint) or is required (--strict, CI=true) that is exit 1, otherwise
// the built-in rules decide the exit code.
import { resolve, sep } from 'node:path';
import { formatFinding, INSTALL_HINT, lintCompiled, DEFAULT_TIMEOUT_MS, type LintFinding } from '../lint/index.js';
import type { Diagnostic } from '../diagnostics.js';
import { writeAnnotations } from '../ui/report.js';
import type { Io } from '../io.js';
import { loadAndCompile } from './compile.js';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';
import { plural } from '../util/text.js';

/** Seconds; lets CI (and tests) bound a cfn-lint run. */
export const TIMEOUT_ENV = 'ECS_ARCH_CFN_LINT_TIMEOUT';


/** Under GitHub Actions, errors and warnings also annotate ecs-arch.yml in the pull request. */
function annotations(findings: readonly LintFinding[]): Diagnostic[] {
  return findings
    .filter((f) => f.level !== 'info')
    .map((f) => ({ file: f.file, line: f.line, col: f.col, path: f.source, message: `[${f.rule}] ${f.message}${f.resource ? ` (Resource ${f.resource})` : ''}`, severity: f.level === 'error' ? 'error' : 'warning' }));
}

function summary(findings: readonly LintFinding[], templates: number): string {
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  const notes = findings.length - errors - warnings;
  if (!findings.length) return `No problems found in ${plural(templates, 'template')}`;
  return [plural(errors, 'error'), plural(warnings, 'warning'), ...(notes ? [plural(notes, 'note')] : [])].join(', ');
}

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options } = context;
  const rawTimeout = io.env[TIMEOUT_ENV];
  const timeoutSeconds = rawTimeout === undefined || rawTimeout === '' ? DEFAULT_TIMEOUT_MS / 1000 : Number(rawTimeout);
  if (!(timeoutSeconds > 0)) {
    io.stderr.write(`ecs-arch lint: ${TIMEOUT_ENV} must be a number of seconds greater than 0, not "${rawTimeout}".\n`);
    return EXIT_INVALID;
  }
  const given = typeof options['cfn-lint'] === 'string' ? options['cfn-lint'] : undefined;
  // A path is relative to where the user is (cfn-lint itself runs in a temporary folder); a bare name is looked up on PATH.
  const cfnLint = given !== undefined && given.includes(sep) ? resolve(io.cwd, given) : given;

  const result = await loadAndCompile(context);
  if (typeof result === 'number') return result;

  const report = await lintCompiled(result, { cfnLint, timeoutMs: Math.round(timeoutSeconds * 1000), env: io.env });
  const { findings, cfnLint: outcome } = report;

  if (global.json) io.stdout.write(`${JSON.stringify({ findings, cfnLint: outcome.status })}\n`);
  else {
    for (const finding of findings) io.stdout.write(`${formatFinding(finding)}\n`);
    io.stdout.write(`${summary(findings, result.templates.length)}${outcome.status === 'ran' ? '' : ' (built-in rules only)'}\n`);
  }
  writeAnnotations(io, annotations(findings), global.json ? io.stderr : io.stdout);

  if (outcome.status === 'missing') {
    const what = given ? `cfn-lint at "${given}" could not be run (${outcome.reason})` : 'cfn-lint was not found on PATH';
    // A typo in a CI path must not silently turn cfn-lint off.
    const required = given !== undefined ? '--cfn-lint was given' : options.strict === true ? '--strict requires it' : isCiEnv(io) ? 'CI=true requires it' : undefined;
    io.stderr.write(
      `ecs-arch lint: ${what}, so only the built-in rules ran${required ? `; failing because ${required}` : ''}.\n` +
        `Install it with "${INSTALL_HINT}"${given ? ' or fix the --cfn-lint path' : ', or pass its path with --cfn-lint PATH'}.\n`,
    );
    if (required) return EXIT_FAILED;
  }
  if (outcome.status === 'failed') {
    io.stderr.write(`ecs-arch lint: ${outcome.message}\n`);
    return EXIT_FAILED;
  }
  const failing = findings.some((f) => f.level === 'error' || (options.strict === true && f.level === 'warning'));
  return failing ? EXIT_FAILED : EXIT_OK;
}

/** CI set explicitly (not merely "no terminal": a developer piping lint output keeps the built-in fallback). */
function isCiEnv(io: Io): boolean {
  return io.env.CI === 'true' || io.env.CI === '1';
}
