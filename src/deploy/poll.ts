// Polling without busy loops: exponential backoff with a cap and jitter, interruptible sleeps.
import type { Env } from '../aws/clients.js';

export interface PollOptions {
  /** First interval; grows ×2 while nothing happens, up to maxMs. */
  minMs: number;
  maxMs: number;
  /** How long to wait for a stack another operation is busy with before giving up. */
  busyTimeoutMs: number;
  /** How long to keep retrying an endpoint that stopped answering while following a stack. */
  reconnectTimeoutMs: number;
  /** Above this many resource changes, deploy reads the account's concurrent-resources quota (default 500). */
  quotaCheckFrom?: number;
}

/** The environment knobs (README "Environment"), their defaults and the smallest value accepted. */
export const POLL_KNOBS = {
  ECS_ARCH_POLL_MS: { default: 1000, min: 1, what: 'the first polling interval in milliseconds; the cap is 5× it' },
  ECS_ARCH_BUSY_TIMEOUT_MS: { default: 30 * 60_000, min: 1, what: 'how long to wait for a busy stack, in milliseconds' },
  ECS_ARCH_RECONNECT_TIMEOUT_MS: { default: 2 * 60_000, min: 1, what: 'how long to retry an unreachable endpoint while following a stack, in milliseconds' },
  ECS_ARCH_QUOTA_CHECK_FROM: { default: 500, min: 0, what: "how many resource changes make deploy read the account's concurrent-resources quota" },
} as const;

/** A problem with one knob as a sentence, or the value. Empty or unset means the default. */
export function readKnob(env: Env, name: keyof typeof POLL_KNOBS): number | string {
  const knob = POLL_KNOBS[name];
  const raw = env[name];
  if (raw === undefined || raw === '') return knob.default;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < knob.min) {
    return `${name} must be a whole number of at least ${knob.min} (${knob.what}), not "${raw}"`;
  }
  return value;
}

/** The poll options, or the problems with the environment knobs (each a sentence). */
export function pollOptionsFromEnv(env: Env): PollOptions | { problems: string[] } {
  const values = Object.fromEntries(Object.keys(POLL_KNOBS).map((name) => [name, readKnob(env, name as keyof typeof POLL_KNOBS)]));
  const problems = Object.values(values).filter((v): v is string => typeof v === 'string');
  if (problems.length) return { problems };
  const minMs = values.ECS_ARCH_POLL_MS as number;
  return { minMs, maxMs: minMs * 5, busyTimeoutMs: values.ECS_ARCH_BUSY_TIMEOUT_MS as number, reconnectTimeoutMs: values.ECS_ARCH_RECONNECT_TIMEOUT_MS as number,
    quotaCheckFrom: values.ECS_ARCH_QUOTA_CHECK_FROM as number,
  };
}

export class Backoff {
  private current: number;
  constructor(private readonly options: Pick<PollOptions, 'minMs' | 'maxMs'>) {
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
