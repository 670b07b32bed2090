// Runs cfn-lint (an external Python tool) on template files and parses its JSON findings.
// Its JSON shape and exit-code bit mask: 2 errors, 4 warnings, 8 informational, 1 = cfn-lint failed.
import type { FindingLevel } from './types.js';

export const INSTALL_HINT = 'pip install cfn-lint';
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface CfnLintOptions {
  /** Executable; default "cfn-lint" from PATH. */
  command?: string;
  /** Absolute paths of the templates, all linted in one run (cfn-lint takes seconds to start). */
  files: string[];
  /** Region the resource specifications are checked against. */
  region: string;
  cwd: string;
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface CfnLintFinding {
  /** As cfn-lint prints it: the path it was given. */
  file: string;
  path: (string | number)[];
  rule: string;
  level: FindingLevel;
  message: string;
}

export type CfnLintResult =
  | { status: 'ran'; findings: CfnLintFinding[] }
  /** The executable does not exist or cannot be run. */
  | { status: 'missing'; command: string; reason: string }
  /** It ran but crashed, printed something that is not its JSON, or timed out. */
  | { status: 'failed'; message: string };

interface RawFinding {
  Filename?: unknown;
  Level?: unknown;
  Message?: unknown;
  Location?: { Path?: unknown } | null;
  Rule?: { Id?: unknown } | null;
}

const LEVELS: Record<string, FindingLevel> = { Error: 'error', Warning: 'warning', Informational: 'info' };

/** The last non-empty lines of a tool's stderr: for a Python traceback, the exception. */
function tail(text: string, lines = 3): string {
  return text.split(/\r?\n/).filter((l) => l.trim()).slice(-lines).join('\n');
}

/** cfn-lint's stdout, checked against the shape it documents; a string says what is wrong. */
export function parseCfnLintOutput(stdout: string): CfnLintFinding[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    const shown = stdout.trim().slice(0, 200);
    return `it printed output that is not JSON${shown ? `: ${JSON.stringify(shown)}` : ' (nothing)'}`;
  }
  if (!Array.isArray(parsed)) return 'its JSON output is not a list of findings';
  const findings: CfnLintFinding[] = [];
  for (const item of parsed as RawFinding[]) {
    const level = typeof item?.Level === 'string' ? LEVELS[item.Level] : undefined;
    const rule = item?.Rule?.Id;
    if (!level || typeof rule !== 'string' || typeof item.Message !== 'string' || typeof item.Filename !== 'string') {
      return `its JSON output has a finding without Filename, Level, Message or Rule.Id: ${JSON.stringify(item).slice(0, 200)}`;
    }
    const path = Array.isArray(item.Location?.Path) ? (item.Location.Path as unknown[]).filter((p): p is string | number => typeof p === 'string' || typeof p === 'number') : [];
    findings.push({ file: item.Filename, path, rule, level, message: item.Message });
  }
  return findings;
}

export async function runCfnLint(options: CfnLintOptions): Promise<CfnLintResult> {
  const command = options.command ?? 'cfn-lint';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // execa is loaded here only: compile and validate never pay for it.
  const { execa } = await import('execa');
  const result = await execa(command, ['--format', 'json', '--regions', options.region, '--', ...options.files], {
    cwd: options.cwd,
    reject: false,
    stdin: 'ignore',
    timeout: timeoutMs,
    forceKillAfterDelay: 2_000,
    ...(options.env ? { env: options.env as Record<string, string>, extendEnv: false } : {}),
  });
  if (result.timedOut) {
    return { status: 'failed', message: `cfn-lint did not finish within ${timeoutMs / 1000}s and was stopped` };
  }
  const spawnError = (result.cause as NodeJS.ErrnoException | undefined)?.code;
  if (result.exitCode === undefined && (spawnError === 'ENOENT' || spawnError === 'EACCES')) {
    return { status: 'missing', command, reason: spawnError === 'ENOENT' ? 'not found' : 'not executable' };
  }
  if (result.exitCode === undefined) {
    const how = result.signal ? `was killed by ${result.signal}` : `could not be run: ${result.shortMessage}`;
    return { status: 'failed', message: `cfn-lint ${how}` };
  }
  if (result.exitCode & 1 || result.exitCode > 15) {
    const detail = tail(String(result.stderr)) || tail(String(result.stdout));
    return { status: 'failed', message: `cfn-lint failed (exit code ${result.exitCode})${detail ? `:\n${detail}` : ''}` };
  }
  const findings = parseCfnLintOutput(String(result.stdout));
  if (typeof findings === 'string') return { status: 'failed', message: `cfn-lint failed: ${findings}` };
  return { status: 'ran', findings };
}
