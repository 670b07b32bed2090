// Writes a compile result to disk: templates, manifest.json, review.md.
import type { CompileResult } from '../compile/types.js';

export interface EmitOptions {
  cwd: string;
  /** Default: .ecs-arch/<stage> under cwd. */
  outDir?: string;
  format: 'json' | 'yaml';
}

export async function writeArtifacts(result: CompileResult, options: EmitOptions): Promise<{ outDir: string; files: string[] }> {
  void result;
  void options;
  throw new Error('not implemented yet');
}
