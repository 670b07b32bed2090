// The configuration pipeline's public face: load → resolve variables → validate.
// (load.ts reads YAML with positions, variables.ts resolves ${...}, schema-errors.ts and rules.ts validate.)
import { isAbsolute, relative, resolve } from 'node:path';
import { fallbackRegion, NO_REGION } from '../aws/region.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { imageBuilds, type ImageBuild } from '../images/context.js';
import { readConfigFile } from './load.js';
import { ruleDiagnostics } from './rules.js';
import { schemaDiagnostics } from './schema-errors.js';
import { resolveVariables } from './variables.js';
import { coerceToSchema } from './coerce.js';
import type { EcsArchYml } from './types.generated.js';

export type EcsArchConfig = EcsArchYml;
export type * from './types.generated.js';

export interface LoadOptions {
  /** Path to ecs-arch.yml as the user gave it (relative to cwd, or absolute). */
  configPath: string;
  cwd: string;
  /** --stage; overrides the file's `stage` (default "dev"). */
  stage?: string;
  /**
   * --region. The precedence (README "Regions"): --region > the file's `region` > AWS_REGION >
   * AWS_DEFAULT_REGION > the profile's region > an error.
   */
  region?: string;
  /** --profile: whose region is the last resort (AWS_PROFILE when absent). */
  profile?: string;
  /** --param key=value: overrides `params` for this run; numbers and true/false keep their type. */
  params?: Readonly<Record<string, string>>;
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
  /** --param overrides used for this run (typed), recorded in the manifest. */
  params?: Record<string, string | number | boolean>;
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

  const params = Object.fromEntries(Object.entries(options.params ?? {}).map(([key, value]) => [key, typed(value)]));
  // The environment and the profile are consulted only when the command line does not say;
  // the profile's file is read only when the file has no region either.
  const env = options.region === undefined ? await fallbackRegionIfNeeded(parsed.value.region, options) : undefined;
  const variables = resolveVariables(parsed.value, { source, stage: options.stage, region: options.region, fallbackRegion: env?.region, params, env: options.env });
  const resolved = { ...variables, config: coerceToSchema(variables.config, source, variables.wholeVariables, variables.failed) };
  const regionDiagnostics: Diagnostic[] = [];
  if (!resolved.region) regionDiagnostics.push(source.diagnostic(0, 'region', NO_REGION));
  else if (options.region === undefined && resolved.fileRegion) {
    const disagreeing = (['AWS_REGION', 'AWS_DEFAULT_REGION'] as const).find((name) => options.env[name] && options.env[name] !== resolved.fileRegion);
    if (disagreeing) {
      regionDiagnostics.push(
        source.atValue('region', `region: using the file's ${resolved.fileRegion}, not ${disagreeing}=${options.env[disagreeing]} (pass --region to choose another)`, 'warning'),
      );
    }
  }
  const diagnostics = [
    ...regionDiagnostics,
    ...resolved.diagnostics,
    ...schemaDiagnostics(resolved.config, source, resolved.failed),
    ...ruleDiagnostics({
      config: resolved.config,
      stage: resolved.stage,
      region: resolved.region,
      source,
      stageFromCli: options.stage !== undefined,
      regionFromCli: resolved.region !== '' && resolved.region !== resolved.fileRegion,
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
      params,
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

/** A --param value as YAML would type it: numbers and true/false keep their type (max: ${param:n}). */
function typed(value: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

/** The region after the file's; not looked up when the file's region is a literal, which wins. */
async function fallbackRegionIfNeeded(fileRegion: unknown, options: LoadOptions) {
  if (typeof fileRegion === 'string' && fileRegion !== '' && !fileRegion.includes('${')) return undefined;
  return fallbackRegion(options.profile, options.env);
}
