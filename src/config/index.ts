// The configuration pipeline's public face: load → resolve variables → validate.
// (load.ts reads YAML with positions, variables.ts resolves ${...}, schema-errors.ts and rules.ts validate.)
import { isAbsolute, relative, resolve } from 'node:path';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { imageBuilds, type ImageBuild } from '../images/context.js';
import { readConfigFile } from './load.js';
import { ruleDiagnostics } from './rules.js';
import { schemaDiagnostics } from './schema-errors.js';
import { resolveVariables } from './variables.js';
import type { EcsArchYml } from './types.generated.js';

export type EcsArchConfig = EcsArchYml;
export type * from './types.generated.js';

export interface LoadOptions {
  /** Path to ecs-arch.yml as the user gave it (relative to cwd, or absolute). */
  configPath: string;
  cwd: string;
  /** --stage; overrides the file's `stage` (default "dev"). */
  stage?: string;
  /** --region; overrides AWS_REGION and the file's `region` (default "us-east-1"). */
  region?: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export interface LoadedProject {
  /** The resolved, validated configuration, exactly as written (no defaults filled in). */
  config: EcsArchConfig;
  stage: string;
  region: string;
  /** Absolute path of the configuration file. */
  file: string;
  /** The path as shown to the user in messages. */
  displayPath: string;
  /** Position of a config path ("tasks.thumbnail.triggers.0.s3"); the nearest existing ancestor when the exact node is absent. */
  locate(path: string): SourcePosition;
  /** Warnings that did not stop loading. */
  warnings: Diagnostic[];
  /** Tasks whose image is built from source, with the tag their build inputs hash to (read while loading, so compile stays pure). */
  images?: ImageBuild[];
}

export type LoadResult = { ok: true; project: LoadedProject } | { ok: false; diagnostics: Diagnostic[] };

export async function loadProject(options: LoadOptions): Promise<LoadResult> {
  const file = resolve(options.cwd, options.configPath);
  const relativePath = relative(options.cwd, file);
  const displayPath = relativePath === '' || relativePath.startsWith('..') || isAbsolute(relativePath) ? file : relativePath;
  const parsed = readConfigFile(file, displayPath);
  if (!parsed.ok) return parsed;
  const { source } = parsed;

  const resolved = resolveVariables(parsed.value, { source, stage: options.stage, region: options.region, env: options.env });
  const diagnostics = [
    ...resolved.diagnostics,
    ...schemaDiagnostics(resolved.config, source, resolved.failed),
    ...ruleDiagnostics({
      config: resolved.config,
      stage: resolved.stage,
      region: resolved.region,
      source,
      stageFromCli: options.stage !== undefined,
      regionFromCli: options.region !== undefined || Boolean(options.env.AWS_REGION),
    }),
  ];
  const config = resolved.config as unknown as EcsArchConfig;
  // Build contexts are read only for a configuration that is otherwise valid.
  const images = hasErrors(diagnostics) ? { builds: [], problems: [] } : imageBuilds(file, config.tasks ?? {});
  for (const problem of images.problems) {
    diagnostics.push(source.atValue(problem.path, `${problem.path}: ${problem.message}.`));
  }
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { ok: false, diagnostics: sorted };
  return {
    ok: true,
    project: {
      config,
      stage: resolved.stage,
      region: resolved.region,
      file,
      displayPath,
      locate(path: string): SourcePosition {
        return { file: displayPath, ...source.position(source.keyRange(path)[0]) };
      },
      warnings: sorted,
      images: images.builds,
    },
  };
}
