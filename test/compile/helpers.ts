// Shared by the compile tests: projects built straight from YAML (no loader, a trivial
// locate), the examples through the real loader, and cfn-lint over many templates at once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadProject, type EcsArchConfig, type LoadedProject } from '../../src/config/index.js';
import { compileProject, serializeTemplate, type CfnResource, type Template } from '../../src/compile/index.js';
import { findTool } from '../support/tools.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLES = readdirSync(join(ROOT, 'examples')).sort();
export const FIXTURES_DIR = join(ROOT, 'test', 'fixtures', 'compile');
export const FIXTURES = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.yml')).sort();

/** A project from a config object; locate answers line 1 for every path but says which it was asked. */
export function projectFrom(config: EcsArchConfig, options: { stage?: string; region?: string } = {}): LoadedProject & { located: string[] } {
  const located: string[] = [];
  return {
    config,
    stage: options.stage ?? config.stage ?? 'dev',
    region: options.region ?? config.region ?? 'us-east-1',
    file: '/virtual/ecs-arch.yml',
    displayPath: 'ecs-arch.yml',
    locate(path: string) {
      located.push(path);
      return { file: '/virtual/ecs-arch.yml', line: 1, col: 1 };
    },
    warnings: [],
    located,
  };
}

export function fixtureConfig(name: string): EcsArchConfig {
  return parse(readFileSync(join(FIXTURES_DIR, name), 'utf8')) as EcsArchConfig;
}

export function compileConfig(config: EcsArchConfig, options: { stage?: string } = {}): Template {
  return compileProject(projectFrom(config, options)).templates[0]!.template;
}

export async function loadExample(name: string): Promise<LoadedProject> {
  const result = await loadProject({ configPath: join('examples', name, 'ecs-arch.yml'), cwd: ROOT, env: {} });
  if (!result.ok) throw new Error(`examples/${name} does not load: ${JSON.stringify(result.diagnostics)}`);
  return result.project;
}

export async function compileExample(name: string): Promise<Template> {
  return compileProject(await loadExample(name)).templates[0]!.template;
}

export function resourcesOfType(template: Template, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

export interface LintFinding {
  Filename: string;
  Level: string;
  Message: string;
  Rule: { Id: string };
  Location: { Path: (string | number)[] | null };
}

/** cfn-lint over all templates in one run (in `npm test`, handed to the run's one cfn-lint: test/support/probe-tools.ts). */
export function cfnLint(templates: Record<string, Template>): LintFinding[] {
  const tool = findTool('cfn-lint');
  if (!tool) throw new Error('cfn-lint is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-lint-'));
  const files = Object.entries(templates).map(([name, template]) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, serializeTemplate(template));
    return file;
  });
  let stdout: string;
  try {
    stdout = execFileSync(tool.command, [...tool.args, '--format', 'json', '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    // Exit codes 2/4/8 are findings (a bit mask); 1 is cfn-lint itself failing.
    if (e.status === 1 || e.stdout === undefined) throw new Error(`cfn-lint failed: ${e.stderr ?? String(error)}`);
    stdout = e.stdout;
  }
  return JSON.parse(stdout || '[]') as LintFinding[];
}
