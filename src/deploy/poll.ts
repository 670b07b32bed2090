// Polling without busy loops: exponential backoff with a cap and jitter, interruptible sleeps.
import type { Env } from './aws.js';

export interface PollOptions {
  /** First interval; grows ×2 while nothing happens, up to maxMs. */
  minMs: number;
  maxMs: number;
  /** How long to wait for a stack another operation is busy with before giving up. */
  busyTimeoutMs: number;
}

/**
 * Defaults: 1 s → 5 s, 30 min for a busy stack. `ECS_ARCH_POLL_MS` sets the first interval
 * (the cap is 5× it) and `ECS_ARCH_BUSY_TIMEOUT_MS` the busy-stack timeout; tests use both.
 */
export function pollOptionsFromEnv(env: Env): PollOptions {
  const minMs = Number(env.ECS_ARCH_POLL_MS) || 1000;
  return { minMs, maxMs: minMs * 5, busyTimeoutMs: Number(env.ECS_ARCH_BUSY_TIMEOUT_MS) || 30 * 60_000 };
}

export class Backoff {
  private current: number;
  constructor(private readonly options: PollOptions) {
    this.current = options.minMs;
  }
  /** The next wait: the current interval ±20 % jitter; then the interval doubles (capped). */
  next(): number {
    const wait = this.current * (0.8 + Math.random() * 0.4);
    this.current = Math.min(this.current * 2, this.options.maxMs);
    return Math.round(wait);
  }
  /** Something happened: poll quickly again. */
  reset(): void {
    this.current = this.options.minMs;
  }
  /** Throttled: wait the longest interval next time. */
  throttled(): void {
    this.current = this.options.maxMs;
  }
}

/** Sleeps; ends early (without throwing) when the signal aborts. Callers check signal.aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
