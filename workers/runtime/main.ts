import { ContractError } from './contract.js';
import { createLogger, type Logger } from './log.js';

/**
 * Runs a worker's entry point and turns its outcome into the task's exit code: ECS and the
 * alerts rule read it (0 success, 1 failure). Exits explicitly so a lingering socket or
 * timer cannot keep the task running past its work.
 */
export function runMain(main: (context: { log: Logger }) => Promise<unknown>, log: Logger = createLogger()): void {
  const startedAt = Date.now();
  main({ log }).then(
    () => {
      log.info('worker finished', { durationMs: Date.now() - startedAt, maxRssKiB: process.resourceUsage().maxRSS });
      process.exit(0);
    },
    (error: unknown) => {
      const message = error instanceof ContractError ? 'worker misconfigured' : 'worker failed';
      log.error(message, { error, durationMs: Date.now() - startedAt, maxRssKiB: process.resourceUsage().maxRSS });
      process.exit(1);
    },
  );
}
