// Types for copies.mjs, so the TypeScript tests can use the same generator as the bench.
import type { EcsArchConfig } from '../src/config/index.js';

export interface CopiesOptions {
  name?: string;
  artifactBucket?: string;
  maxResourcesPerStack?: number;
  alertOn?: ('task-stopped' | 'task-failed' | 'dead-letter' | 'trigger-failed')[];
  s3?: boolean;
  schedule?: boolean;
  pools?: number;
}

export function copiesConfig(copies: number, options?: CopiesOptions): EcsArchConfig;
