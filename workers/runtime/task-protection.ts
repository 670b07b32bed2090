import type { Logger } from './log.js';

/**
 * ECS task scale-in protection through the ECS agent's endpoint, so a scale-in does not
 * stop a task that holds in-flight messages. Off ECS ($ECS_AGENT_URI unset) every call is
 * a no-op. Calls are serialised so a release cannot overtake the acquire before it.
 */
export class TaskProtection {
  private enabledUntil = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly agentUri: string | undefined,
    private readonly expiresInMinutes: number,
    private readonly log: Logger,
  ) {}

  get available(): boolean {
    return Boolean(this.agentUri) && this.expiresInMinutes > 0;
  }

  /** Protects the task; renews once half of the protection period has passed. */
  acquire(): Promise<void> {
    return this.enqueue(async () => {
      const halfPeriod = (this.expiresInMinutes * 60_000) / 2;
      if (this.enabledUntil - Date.now() > halfPeriod) return;
      if (await this.put(true)) this.enabledUntil = Date.now() + this.expiresInMinutes * 60_000;
    });
  }

  release(): Promise<void> {
    return this.enqueue(async () => {
      if (this.enabledUntil === 0) return;
      await this.put(false);
      this.enabledUntil = 0;
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    if (!this.available) return Promise.resolve();
    this.chain = this.chain.then(step);
    return this.chain;
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
        this.log.warn('task protection not updated', { enabled, status: response.status, answer });
        return false;
      }
      this.log.info(enabled ? 'task protection on' : 'task protection off', enabled ? { expiresInMinutes: this.expiresInMinutes } : {});
      return true;
    } catch (error) {
      this.log.warn('task protection not updated', { enabled, error });
      return false;
    }
  }
}
