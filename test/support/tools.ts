// Finds the Python tools the tests use (cfn-lint, moto_server). Under CI=true a missing
// tool fails the run; elsewhere the tests that need it are skipped with an install hint.
import { test } from '@jest/globals';
import { locate, type ToolCommand } from './probe-tools.js';

export const INSTALL_HINT = 'pip install cfn-lint "moto[server]"';

export type { ToolCommand };

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
