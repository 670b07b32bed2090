// The configuration pipeline's public face: load → resolve variables → validate.
// (Implementation: src/config/load.ts, variables.ts, validate.ts.)
import type { Diagnostic } from '../diagnostics.js';
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
}

export type LoadResult = { ok: true; project: LoadedProject } | { ok: false; diagnostics: Diagnostic[] };

export async function loadProject(options: LoadOptions): Promise<LoadResult> {
  void options;
  throw new Error('not implemented yet');
}
