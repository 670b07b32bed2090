// `ecs-arch compile`: load, compile, write the templates, manifest.json and review.md, and
// say what was generated.
import { compileProject, type CompileResult } from '../compile/index.js';
import { hasErrors } from '../diagnostics.js';
import { writeArtifacts, type EmitOptions } from '../emit/index.js';
import { FileError } from '../util/files.js';
import { reportDiagnostics } from '../ui/report.js';
import { formatTimings } from '../ui/timings.js';
import { didYouMean } from '../util/suggest.js';
import { loadFromContext } from './shared.js';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

const FORMATS = ['json', 'yaml'] as const;

/**
 * Loads and compiles (for deploy and diff: with the deployed stack's placement of stateful
 * resources), reporting every diagnostic; the exit code when the input is invalid (the
 * configuration, a broken patch, a split that cannot be made): such templates are never
 * written, linted, compared or deployed.
 */
export async function loadAndCompile(context: CommandContext, options: { deployedBy?: 'deploy' | 'diff' } = {}): Promise<CompileResult | number> {
  const started = performance.now();
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const loaded = performance.now();
  let result = compileProject(project);
  // deploy and diff keep stateful resources in the stack that holds them now (src/stacks/split.ts):
  // read once the configuration compiles, so invalid input never reaches AWS.
  if (options.deployedBy && !hasErrors(result.diagnostics ?? [])) {
    const { readPlacement } = await import('./aws.js');
    const placement = await readPlacement(context, result.manifest.stackName, result.manifest.region);
    if (typeof placement === 'number') return placement;
    if (placement.size) result = compileProject(project, { placement });
  }
  // deploy and diff report the whole run's phases themselves.
  if (context.global.verbose && context.command !== 'deploy' && context.command !== 'diff') {
    context.io.stderr.write(formatTimings([{ name: 'load', ms: loaded - started }, { name: 'compile', ms: performance.now() - loaded }]));
  }
  if (result.diagnostics?.length) reportDiagnostics(context.io, result.diagnostics, { json: context.global.json });
  return hasErrors(result.diagnostics ?? []) ? EXIT_INVALID : result;
}

/**
 * Writes the compile output (next to the configuration unless --out says otherwise); a
 * folder or file that cannot be written is one line and exit 1, or exit 2 when --out names
 * a file where a folder belongs.
 */
export async function writeArtifactsOrReport(context: CommandContext, result: CompileResult, options: Omit<EmitOptions, 'cwd'>): Promise<{ outDir: string; files: string[] } | number> {
  try {
    return await writeArtifacts(result, { cwd: context.io.cwd, ...options });
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    context.io.stderr.write(`ecs-arch ${context.command}: ${error.message}\n`);
    return options.outDir !== undefined && error.wrongKind ? EXIT_INVALID : EXIT_FAILED;
  }
}

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options } = context;
  const format = (options.format as string | undefined) ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.stderr.write(`ecs-arch compile: --format must be json or yaml, not "${format}".${didYouMean(format, FORMATS)}\n`);
    return EXIT_INVALID;
  }
  const result = await loadAndCompile(context);
  if (typeof result === 'number') return result;

  const written = await writeArtifactsOrReport(context, result, {
    format: format as (typeof FORMATS)[number],
    ...(typeof options.out === 'string' ? { outDir: options.out } : {}),
  });
  if (typeof written === 'number') return written;
  const { outDir, files } = written;
  const { manifest } = result;
  const total = Object.values(manifest.resourceCounts).reduce((a, b) => a + b, 0);
  if (global.json) {
    io.stdout.write(`${JSON.stringify({ stackName: manifest.stackName, region: manifest.region, stage: manifest.stage, outDir, files, resources: total, resourceCounts: manifest.resourceCounts })}\n`);
    return EXIT_OK;
  }
  const width = Math.max(...Object.keys(manifest.resourceCounts).map((t) => t.length));
  const lines = [
    `Compiled ${manifest.stackName} (${manifest.region}): ${total} resource${total === 1 ? '' : 's'}, ${manifest.statefulLogicalIds.length} retained on delete`,
    ...files.map((f) => `  wrote ${f}`),
    'Resources by type:',
    ...Object.entries(manifest.resourceCounts).map(([type, count]) => `  ${type.padEnd(width)}  ${count}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
