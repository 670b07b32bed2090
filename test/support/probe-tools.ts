// Finds cfn-lint and moto_server by running them. Also jest's globalSetup (jest.config.js): it
// probes once per run and hands the answer to every test file through the environment, since
// starting cfn-lint or moto just to ask its version costs seconds of Python start-up that each
// test file would otherwise pay again. No relative imports: globalSetup loads outside jest's
// module mapping.
import { execFileSync } from 'node:child_process';

export interface ToolCommand {
  command: string;
  args: string[];
}

function runs(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 60_000 });
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

export default function probeTools(): void {
  for (const name of ['cfn-lint', 'moto_server'] as const) process.env[envName(name)] = JSON.stringify(locate(name));
}

