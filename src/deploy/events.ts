// Stack activity: a poller over DescribeStackEvents that pages back to a start time,
// de-duplicates by event id, returns events oldest first and follows nested stacks.
// It emits typed events; printers (render.ts) decide how they look.
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { errorMessage, isMissingStack, isNetworkError, isThrottling, type Aws } from '../aws/clients.js';
import { Backoff, sleep, type PollOptions } from './poll.js';
import { describeStack, isInProgress, NESTED_STACK, type StackState } from './stack.js';

export interface StackActivity {
  eventId: string;
  timestamp: Date;
  stackId: string;
  stackName: string;
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  status: string;
  reason?: string;
  /** True for the event of a stack itself (root or nested), not one of its resources. */
  isStack: boolean;
  /** True when the event comes from a nested stack. */
  nested: boolean;
}

export class StackEventPoller {
  private readonly seen = new Set<string>();
  /** Stack ids to poll: the root, then nested stacks as their events reveal them. */
  private readonly stacks: string[];

  constructor(
    private readonly aws: Aws,
    private readonly rootStackId: string,
    private readonly since: Date,
  ) {
    this.stacks = [rootStackId];
  }

  /** New events across all followed stacks, oldest first. Throttling errors are thrown to the caller. */
  async poll(): Promise<StackActivity[]> {
    const fresh: StackActivity[] = [];
    for (let i = 0; i < this.stacks.length; i++) fresh.push(...(await this.pollStack(this.stacks[i]!)));
    fresh.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    for (const event of fresh) {
      if (event.resourceType === NESTED_STACK && !event.isStack && event.physicalId?.startsWith('arn:') && !this.stacks.includes(event.physicalId)) {
        this.stacks.push(event.physicalId);
      }
    }
    return fresh;
  }

  private async pollStack(stackId: string): Promise<StackActivity[]> {
    const found: StackActivity[] = [];
    let token: string | undefined;
    pages: do {
      let response;
      try {
        response = await this.aws.cfn.send(new this.aws.sdk.DescribeStackEventsCommand({ StackName: stackId, NextToken: token }));
      } catch (error) {
        // A nested stack that was never created (or is gone) has nothing to show.
        if (stackId !== this.rootStackId && isMissingStack(error)) return found;
        throw error;
      }
      // Pages are newest first: stop at the start time or at the first event already seen.
      for (const event of response.StackEvents ?? []) {
        if (!event.EventId || !event.Timestamp || event.Timestamp < this.since || this.seen.has(event.EventId)) break pages;
        this.seen.add(event.EventId);
        found.push(toActivity(event, stackId !== this.rootStackId));
      }
      token = response.NextToken;
    } while (token);
    return found;
  }
}

function toActivity(event: StackEvent, nested: boolean): StackActivity {
  const resourceType = event.ResourceType ?? '';
  return {
    eventId: event.EventId!,
    timestamp: event.Timestamp!,
    stackId: event.StackId ?? '',
    stackName: event.StackName ?? '',
    logicalId: event.LogicalResourceId ?? '',
    physicalId: event.PhysicalResourceId || undefined,
    resourceType,
    status: event.ResourceStatus ?? '',
    reason: event.ResourceStatusReason || undefined,
    isStack: resourceType === NESTED_STACK && event.PhysicalResourceId === event.StackId,
    nested,
  };
}

export interface FailureReason {
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string;
}

const CANCELLED = /^Resource (creation|update) cancelled$/;

/**
 * The first failures, in time order: resource failures first (their reasons name the cause),
 * cancellations and the stack's own summary ("The following resource(s) failed…") only if
 * nothing better exists.
 */
export function failureReasons(events: StackActivity[], limit = 5): FailureReason[] {
  const failed = events.filter((e) => e.reason && (e.status.endsWith('_FAILED') || (e.isStack && e.status.includes('ROLLBACK_IN_PROGRESS'))));
  const causes = failed.filter((e) => !e.isStack && !CANCELLED.test(e.reason!));
  const chosen = causes.length ? causes : failed;
  return chosen.slice(0, limit).map((e) => ({ logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, reason: e.reason! }));
}

/** `stack` is the final state (null once deleted), so callers need no extra DescribeStacks. */
export type WatchOutcome =
  | { kind: 'done'; status: string; reasons: FailureReason[]; stack: StackState | null }
  | { kind: 'interrupted' }
  /** The endpoint did not answer for poll.reconnectTimeoutMs: the operation may still be running. */
  | { kind: 'lost-connection'; error: string; waitedMs: number };

export interface WatchOptions {
  stackId: string;
  since: Date;
  poll: PollOptions;
  signal?: AbortSignal;
  onEvent(event: StackActivity): void;
}

/**
 * Follows a stack operation to its end. Each tick is one DescribeStackEvents per followed
 * stack; the stack's status is read when its own terminal event arrives, or every few quiet
 * ticks in case an event was missed. Throttling slows the polling down instead of failing;
 * an endpoint that stops answering is retried with backoff for poll.reconnectTimeoutMs.
 */
export async function watchStack(aws: Aws, options: WatchOptions): Promise<WatchOutcome> {
  const poller = new StackEventPoller(aws, options.stackId, options.since);
  const backoff = new Backoff(options.poll);
  const all: StackActivity[] = [];
  let quietTicks = 0;
  /** Since when the endpoint has not answered (undefined while it answers). */
  let lostSince: number | undefined;
  const tick = async (): Promise<boolean> => {
    const events = await poller.poll();
    for (const event of events) options.onEvent(event);
    all.push(...events);
    if (events.length) backoff.reset();
    quietTicks = events.length ? 0 : quietTicks + 1;
    return events.some((e) => e.isStack && !e.nested && !isInProgress(e.status));
  };
  for (;;) {
    if (options.signal?.aborted) return { kind: 'interrupted' };
    try {
      const sawEnd = await tick();
      if (sawEnd || quietTicks >= 3) {
        quietTicks = 0;
        const stack = await describeStack(aws, options.stackId);
        if (!stack || !isInProgress(stack.status)) {
          // One last look, so the final events (and failure reasons) are not lost.
          if (!sawEnd) await tick();
          return { kind: 'done', status: stack?.status ?? 'DELETE_COMPLETE', reasons: failureReasons(all), stack };
        }
      }
      lostSince = undefined;
    } catch (error) {
      if (isThrottling(error)) backoff.throttled();
      else if (isNetworkError(error)) {
        lostSince ??= Date.now();
        const waitedMs = Date.now() - lostSince;
        if (waitedMs >= options.poll.reconnectTimeoutMs) return { kind: 'lost-connection', error: errorMessage(error), waitedMs };
        backoff.throttled();
      } else throw error;
    }
    await sleep(backoff.next(), options.signal);
  }
}
