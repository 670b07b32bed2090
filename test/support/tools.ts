// Finds the Python tools the tests use (cfn-lint, moto_server). Under CI=true a missing
// tool fails the run; elsewhere the tests that need it are skipped with an install hint.
import { execFileSync } from 'node:child_process';
import { test } from '@jest/globals';

export const INSTALL_HINT = 'pip install cfn-lint "moto[server]"';

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

function locate(name: 'cfn-lint' | 'moto_server'): ToolCommand | null {
  if (cache.has(name)) return cache.get(name) ?? null;
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

/**
 * The tool, or null when it is missing outside CI. Under CI=true a missing tool throws,
 * so the run fails instead of silently testing less.
 */
export function findTool(name: 'cfn-lint' | 'moto_server'): ToolCommand | null {
  const found = locate(name);
  if (!found && process.env.CI === 'true') {
    throw new Error(`${name} is required under CI=true but was not found on PATH. Install it: ${INSTALL_HINT}`);
  }
  return found;
}

/** `test` when the tool exists, otherwise `test.skip` after saying why (once per tool). */
const warned = new Set<string>();
export function testWithTool(name: 'cfn-lint' | 'moto_server'): typeof test {
  if (findTool(name)) return test;
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(`Skipping tests that need ${name}: not found. Install it: ${INSTALL_HINT}`);
  }
  return test.skip as unknown as typeof test;
}
