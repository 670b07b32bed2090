import { readFileSync } from 'node:fs';
import { ContractError } from './contract.js';
import { EXIT_RETRYABLE, isRetryable } from './errors.js';
import { createLogger, type Logger } from './log.js';

export interface MainContext {
  log: Logger;
  /** Aborted on SIGTERM or SIGINT (a scale-in, a deployment, a Spot interruption): stop soon. */
  signal: AbortSignal;
}

/** After SIGTERM, how long the work may take to stop before the run ends anyway: under ECS's default 30 s before SIGKILL. */
const STOP_GRACE_MS = 28_000;

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
 * Runs a worker's entry point and turns its outcome into the task's exit code, which ECS and
 * the alerts rule read: 0 success, 1 failure, 75 (EXIT_RETRYABLE) when the run was
 * interrupted or failed with a transient error, so running it again is safe and may succeed.
 * SIGTERM aborts `context.signal` instead of killing the process, so the work can stop
 * cleanly and say what it did not finish. Exits explicitly so a lingering socket or timer
 * cannot keep the task running past its work.
 */
export function runMain(main: (context: MainContext) => Promise<unknown>, log: Logger = createLogger()): void {
  const startedAt = Date.now();
  const interruption = new AbortController();
  const end = (code: number, message: string, fields: Record<string, unknown> = {}) => {
    const line = { ...fields, exitCode: code, durationMs: Date.now() - startedAt, peakRssKiB: peakRssKiB() };
    if (code === 0) log.info(message, line);
    else log.error(message, line);
    process.exit(code);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruption.signal.aborted) return;
    log.warn('stop requested; interrupting the work', { signal });
    interruption.abort();
    setTimeout(() => end(EXIT_RETRYABLE, 'worker interrupted; it did not stop in time', { signal }), STOP_GRACE_MS).unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  main({ log, signal: interruption.signal }).then(
    () => end(0, 'worker finished'),
    (error: unknown) => {
      if (error instanceof ContractError) end(1, 'worker misconfigured', { error });
      else if (interruption.signal.aborted) end(EXIT_RETRYABLE, 'worker interrupted; running it again is safe', { error });
      else if (isRetryable(error)) end(EXIT_RETRYABLE, 'worker failed with a transient error; running it again is safe', { error });
      else end(1, 'worker failed', { error });
    },
  );
}
