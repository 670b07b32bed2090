// Writes a configuration to a temporary file and loads it the way the CLI does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject, type LoadResult } from '../../src/config/index.js';

export const BASE = `name: app
network:
  vpc: vpc-0123abcd
  subnets: [subnet-0123abcd]
`;

export interface Workspace {
  dir: string;
  write(text: string, name?: string): string;
  load(text: string, options?: { stage?: string; region?: string; env?: Record<string, string | undefined> }): Promise<LoadResult>;
  /** Each diagnostic as "line:col: message" ("warning: " marked). */
  problems(text: string, options?: { stage?: string; region?: string; env?: Record<string, string | undefined> }): Promise<string[]>;
  remove(): void;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-config-'));
  const ws: Workspace = {
    dir,
    write(text, name = 'ecs-arch.yml') {
      writeFileSync(join(dir, name), text);
      return name;
    },
    async load(text, options = {}) {
      const configPath = ws.write(text);
      // BASE has no region: the environment gives one (README "Regions and credentials").
      return loadProject({ configPath, cwd: dir, stage: options.stage, region: options.region, env: { AWS_DEFAULT_REGION: 'us-east-1', ...options.env } });
    },
    async problems(text, options) {
      const result = await ws.load(text, options);
      const diagnostics = result.ok ? result.project.warnings : result.diagnostics;
      return diagnostics.map((d) => `${d.line}:${d.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return ws;
}
