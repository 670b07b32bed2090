// jest's globalTeardown: stops the shared cfn-lint that probe-tools.ts (globalSetup) started.
// Type-only import: teardown, like setup, loads outside jest's module mapping.
import { rmSync } from 'node:fs';
import type { Shared } from './probe-tools.js';

export default async function stopTools(): Promise<void> {
  const shared = (globalThis as { [key: symbol]: Shared | undefined })[Symbol.for('ecs-arch.test.cfn-lint-server')];
  if (!shared) return;
  // Closing its input stops it once running lints end; waiting lets the run's CPU time include it.
  const exited = shared.server.exitCode === null ? new Promise((resolve) => shared.server.once('exit', resolve)) : Promise.resolve();
  shared.server.stdin!.end();
  await exited;
  rmSync(shared.dir, { recursive: true, force: true });
}
