import { readFileSync } from 'node:fs';
import { ContractError } from './contract.js';
import { createLogger, type Logger } from './log.js';

/**
 * Peak resident memory of this program. Linux's VmHWM belongs to the current program image;
 * getrusage's maxRSS also counts what the parent held before exec, so it is only a fallback.
 */
function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS;
}

/**
 * Runs a worker's entry point and turns its outcome into the task's exit code: ECS and the
 * alerts rule read it (0 success, 1 failure). Exits explicitly so a lingering socket or
 * timer cannot keep the task running past its work.
 */
export function runMain(main: (context: { log: Logger }) => Promise<unknown>, log: Logger = createLogger()): void {
  const startedAt = Date.now();
  main({ log }).then(
    () => {
      log.info('worker finished', { durationMs: Date.now() - startedAt, peakRssKiB: peakRssKiB() });
      process.exit(0);
    },
    (error: unknown) => {
      const message = error instanceof ContractError ? 'worker misconfigured' : 'worker failed';
      log.error(message, { error, durationMs: Date.now() - startedAt, peakRssKiB: peakRssKiB() });
      process.exit(1);
    },
  );
}
