// `lint` as a library: cfn-lint and the built-in rules on every compiled template, findings
// mapped to ecs-arch.yml positions.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serializeTemplate } from '../compile/index.js';
import type { CompileResult } from '../compile/types.js';
import { runCfnLint, type CfnLintResult } from './cfn-lint.js';
import { mapFinding, sortFindings } from './map.js';
import { runRules } from './rules/index.js';
import type { LintFinding, TemplateFinding } from './types.js';

export type * from './types.js';
export { formatFinding, mapFinding, sortFindings } from './map.js';
export { INSTALL_HINT, DEFAULT_TIMEOUT_MS, parseCfnLintOutput, runCfnLint } from './cfn-lint.js';
export { RULES, runRules } from './rules/index.js';

export interface LintOptions {
  /** cfn-lint executable; default "cfn-lint" from PATH. */
  cfnLint?: string;
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface LintReport {
  findings: LintFinding[];
  /** What happened to cfn-lint: the built-in rules ran in every case. */
  cfnLint: Exclude<CfnLintResult, { status: 'ran' }> | { status: 'ran' };
}

/** cfn-lint reads files: the templates go to a private temporary folder, byte-identical to compile's. */
async function lintWithCfnLint(result: CompileResult, options: LintOptions): Promise<{ outcome: CfnLintResult; findings: TemplateFinding[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-arch-lint-'));
  try {
    const byPath = new Map<string, string>();
    for (const { fileName, template } of result.templates) {
      const path = join(dir, fileName);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, serializeTemplate(template));
      byPath.set(path, fileName);
    }
    const outcome = await runCfnLint({
      files: [...byPath.keys()],
      region: result.manifest.region,
      cwd: dir,
      ...(options.cfnLint ? { command: options.cfnLint } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    if (outcome.status !== 'ran') return { outcome, findings: [] };
    const findings = outcome.findings.map((f) => ({
      template: byPath.get(f.file) ?? byPath.get(join(dir, f.file)) ?? f.file,
      path: f.path,
      rule: f.rule,
      level: f.level,
      message: f.message,
      tool: 'cfn-lint' as const,
    }));
    return { outcome, findings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function lintCompiled(result: CompileResult, options: LintOptions = {}): Promise<LintReport> {
  const builtIn = result.templates.flatMap((t) => runRules(t.fileName, t.template));
  const { outcome, findings } = await lintWithCfnLint(result, options);
  return {
    findings: sortFindings([...findings, ...builtIn].map((f) => mapFinding(result, f))),
    cfnLint: outcome.status === 'ran' ? { status: 'ran' } : outcome,
  };
}
