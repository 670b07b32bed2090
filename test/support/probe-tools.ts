// Finds cfn-lint and moto_server by running them. Also jest's globalSetup (jest.config.js): it
// probes once per run and hands the answer to every test file through the environment, since
// starting cfn-lint or moto just to ask its version costs seconds of Python start-up that each
// test file would otherwise pay again. No relative imports: globalSetup loads outside jest's
// module mapping.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ToolCommand {
  command: string;
  args: string[];
}

/** Whether the command runs and exits 0 within `timeoutMs`. */
export function runs(command: string, args: string[], timeoutMs = 60_000): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, ToolCommand | null>();

type ToolName = 'cfn-lint' | 'moto_server';

/** Where the probe's answer travels from jest's global setup to every test file (see probeTools). */
const envName = (name: ToolName) => `ECS_ARCH_TEST_TOOL_${name.replace('-', '_').toUpperCase()}`;

export function locate(name: ToolName): ToolCommand | null {
  if (cache.has(name)) return cache.get(name) ?? null;
  const probed = process.env[envName(name)];
  if (probed !== undefined) {
    const found = JSON.parse(probed) as ToolCommand | null;
    cache.set(name, found);
    return found;
  }
  let found: ToolCommand | null = null;
  if (name === 'cfn-lint') {
    if (runs('cfn-lint', ['--version'])) found = { command: 'cfn-lint', args: [] };
    else if (runs('python3', ['-m', 'cfnlint', '--version'])) found = { command: 'python3', args: ['-m', 'cfnlint'] };
  } else {
    if (runs('moto_server', ['--help'])) found = { command: 'moto_server', args: [] };
    else if (runs('python3', ['-m', 'moto.server', '--help'])) found = { command: 'python3', args: ['-m', 'moto.server'] };
  }
  cache.set(name, found);
  return found;
}

/** The run's one cfn-lint process and the folder of its `cfn-lint` stand-in, for stop-tools.ts. */
export interface Shared {
  server: ChildProcess;
  dir: string;
}
/** Where stop-tools.ts finds it (same process, separately loaded module). */
const SHARED = Symbol.for('ecs-arch.test.cfn-lint-server');
type WithShared = typeof globalThis & { [SHARED]?: Shared };

/** The port the server prints once it has loaded cfn-lint, or null when it cannot start (no importable cfnlint). */
function serverPort(server: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    server.on('exit', () => resolve(null));
    server.on('error', () => resolve(null));
  });
}

/**
 * Starts one cfn-lint for the whole run (test/support/cfn-lint-server.py) and puts a `cfn-lint`
 * in front of PATH that hands its arguments to it: every test and every CLI the tests start then
 * gets cfn-lint's own output and exit code without paying its seconds of start-up each time.
 */
async function shareCfnLint(): Promise<void> {
  const script = fileURLToPath(new URL('./cfn-lint-server.py', import.meta.url));
  const server = spawn('python3', [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await serverPort(server);
  if (!port) {
    server.kill();
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-cfn-lint-'));
  const client = fileURLToPath(new URL('./cfn-lint-client.mjs', import.meta.url));
  writeFileSync(join(dir, 'cfn-lint'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(client)} ${port} "$@"\n`);
  chmodSync(join(dir, 'cfn-lint'), 0o755);
  process.env.PATH = `${dir}:${process.env.PATH ?? ''}`;
  (globalThis as WithShared)[SHARED] = { server, dir };
}

export default async function probeTools(): Promise<void> {
  for (const name of ['cfn-lint', 'moto_server'] as const) process.env[envName(name)] = JSON.stringify(locate(name));
  if (locate('cfn-lint')) await shareCfnLint();
}
