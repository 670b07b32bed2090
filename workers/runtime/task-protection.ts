import type { Logger } from './log.js';

export interface TaskProtectionOptions {
  /** How often protection is renewed while busy. Default: half the protection period. */
  renewEveryMs?: number;
  /** How soon a failed update is tried again. Default 5 s. */
  retryAfterMs?: number;
}

/**
 * ECS task scale-in protection through the ECS agent's endpoint, so a scale-in or a deployment
 * does not stop a task that holds messages. `busy(true)` protects the task and keeps renewing
 * the protection on a timer for as long as it stays busy, however long handlers run;
 * `busy(false)` releases it, and a failed release is retried until it succeeds. Off ECS
 * ($ECS_AGENT_URI unset) every call is a no-op. Updates are serialised, so a release never
 * overtakes the protect before it.
 */
export class TaskProtection {
  private wanted = false;
  /** When the protection we set lapses; 0 when it is off. */
  private enabledUntil = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly periodMs: number;
  private readonly renewEveryMs: number;
  private readonly retryAfterMs: number;

  constructor(
    private readonly agentUri: string | undefined,
    private readonly expiresInMinutes: number,
    private readonly log: Logger,
    options: TaskProtectionOptions = {},
  ) {
    this.periodMs = expiresInMinutes * 60_000;
    this.renewEveryMs = options.renewEveryMs ?? this.periodMs / 2;
    this.retryAfterMs = options.retryAfterMs ?? 5_000;
  }

  get available(): boolean {
    return Boolean(this.agentUri) && this.expiresInMinutes > 0;
  }

  /** Protected while busy; call it when the task goes from idle to busy and back. */
  busy(busy: boolean): Promise<void> {
    this.wanted = busy;
    return this.enqueue('change');
  }

  /** Releases protection and stops the timers (at shutdown). */
  async close(): Promise<void> {
    await this.busy(false);
    this.disarm();
  }

  private enqueue(trigger: 'change' | 'timer'): Promise<void> {
    if (!this.available) return Promise.resolve();
    this.chain = this.chain.then(() => this.step(trigger));
    return this.chain;
  }

  private async step(trigger: 'change' | 'timer'): Promise<void> {
    if (this.wanted) {
      // A change while protection is on needs nothing; the renewal timer is running.
      if (trigger === 'change' && this.enabledUntil > Date.now()) return;
      const ok = await this.put(true);
      if (ok) this.enabledUntil = Date.now() + this.periodMs;
      this.arm(ok ? this.renewEveryMs : this.retryAfterMs);
      return;
    }
    this.disarm();
    if (this.enabledUntil === 0) return;
    if (await this.put(false)) this.enabledUntil = 0;
    else this.arm(this.retryAfterMs);
  }

  private arm(ms: number): void {
    this.disarm();
    this.timer = setTimeout(() => void this.enqueue('timer'), ms);
    this.timer.unref();
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A failure is logged, not thrown: protection is a safeguard, work goes on without it. */
  private async put(enabled: boolean): Promise<boolean> {
    const body = enabled
      ? { ProtectionEnabled: true, ExpiresInMinutes: this.expiresInMinutes }
      : { ProtectionEnabled: false };
    try {
      const response = await fetch(`${this.agentUri}/task-protection/v1/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      const answer = (await response.json().catch(() => ({}))) as { failure?: unknown; error?: unknown };
      if (!response.ok || answer.failure || answer.error) {
        this.log.warn('task protection not updated; will retry', { enabled, status: response.status, answer });
        return false;
      }
      this.log.info(enabled ? 'task protection on' : 'task protection off', enabled ? { expiresInMinutes: this.expiresInMinutes } : {});
      return true;
    } catch (error) {
      this.log.warn('task protection not updated; will retry', { enabled, error });
      return false;
    }
  }
}
