import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { readQueueTrigger, type Env } from './contract.js';
import { isRetryable } from './errors.js';
import { createLogger, type Logger } from './log.js';
import { TaskProtection, type TaskProtectionOptions } from './task-protection.js';

export interface QueueMessage {
  id: string;
  body: string;
  /** 1 on first delivery; the queue moves the message to its DLQ after maxReceiveCount. */
  receiveCount: number;
  /** FIFO queues: messages of one group are handled one at a time, in order. */
  groupId: string | undefined;
  attributes: Record<string, string>;
  messageAttributes: Record<string, MessageAttributeValue>;
}

export interface MessageContext {
  log: Logger;
  /**
   * Aborted when this message is no longer ours to finish: shutdown gave up waiting for it,
   * or its visibility timeout could not be extended (SQS may hand it to another consumer).
   * Stop soon; the message is not deleted.
   */
  signal: AbortSignal;
}

export type MessageHandler = (message: QueueMessage, context: MessageContext) => Promise<void>;

export interface ConsumeQueueOptions {
  /** Default: ECS_ARCH_QUEUE_URL (with ECS_ARCH_TRIGGER=sqs). */
  queueUrl?: string;
  /** Messages handled at once. Default 10. */
  concurrency?: number;
  /** Long-poll wait. Default 20 (the SQS maximum). */
  waitTimeSeconds?: number;
  /** Default: the queue's own VisibilityTimeout (ECS_ARCH_QUEUE_VISIBILITY_TIMEOUT, else asked of SQS). Heartbeats extend it while a message is held. */
  visibilityTimeoutSeconds?: number;
  /** How long SIGTERM waits for in-flight work. Default 25 s: ECS sends SIGKILL 30 s after SIGTERM by default. */
  stopTimeoutSeconds?: number;
  /** A retryable failure makes the message visible again after this many seconds, doubling with each receive (at most 15 minutes). Default 5. */
  retryDelaySeconds?: number;
  /** Scale-in protection period while messages are held; 0 turns protection off. Default 60. */
  taskProtectionMinutes?: number;
  /** Renewal and retry timing of the protection (tests shorten them). */
  taskProtection?: TaskProtectionOptions;
  /** Stop on SIGTERM and SIGINT. Default true. */
  handleSignals?: boolean;
  /** Another way to stop: aborting it starts the same graceful shutdown as SIGTERM. */
  signal?: AbortSignal;
  sqs?: SQSClient;
  log?: Logger;
  env?: Env;
  /** Milliseconds since the epoch, for the 12-hour visibility limit; tests inject one to reach it without waiting. Default Date.now. */
  clock?: () => number;
}

export interface ConsumeQueueResult {
  /** Handled and deleted. */
  succeeded: number;
  /** The handler threw: left to reappear after the visibility timeout, then the DLQ. */
  failed: number;
  /** The handler failed with a retryable error: made visible again after a short delay. */
  retried: number;
  /** Handed back at the stop: still running at the deadline, or received and not started. */
  released: number;
  /** The visibility timeout could not be extended: the handler was aborted and the message left for redelivery. */
  abandoned: number;
  /** Handled, but the delete failed after retries: the message will be delivered again. */
  undeleted: number;
}

const MAX_BATCH = 10;
const DEFAULT_VISIBILITY_SECONDS = 30;
const RECEIVE_ERROR_BACKOFF_MS = 1_000;
const DELETE_ATTEMPTS = 4;
/** Successes wait at most this long for others to share their delete call. */
const DELETE_WINDOW_MS = 25;
const DELETE_RETRY_MS = 200;
const MAX_RETRY_DELAY_SECONDS = 900;
/** SQS keeps a message invisible for at most 12 hours after its receipt, however often it is extended. */
const MAX_HOLD_MS = 12 * 3600 * 1000;

type Phase = 'waiting' | 'running' | 'deleting';

/** A message received and neither deleted nor handed back: heartbeats keep it hidden. */
interface Held {
  message: Message;
  receipt: string;
  group: string | undefined;
  receivedAt: number;
  phase: Phase;
  controller: AbortController;
}

function toQueueMessage(message: Message): QueueMessage {
  return {
    id: message.MessageId ?? '',
    body: message.Body ?? '',
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
    groupId: message.Attributes?.MessageGroupId,
    attributes: message.Attributes ?? {},
    messageAttributes: message.MessageAttributes ?? {},
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Resolves after `ms` or as soon as `signal` aborts, leaving no listener behind on the long-lived signal. */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => {});
}

async function queueVisibilityTimeout(sqs: SQSClient, queueUrl: string, log: Logger): Promise<number> {
  try {
    const answer = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }));
    const seconds = Number(answer.Attributes?.VisibilityTimeout);
    if (Number.isFinite(seconds) && seconds > 0) return seconds;
  } catch (error) {
    log.warn('could not read the queue visibility timeout; assuming the SQS default', { error, seconds: DEFAULT_VISIBILITY_SECONDS });
  }
  return DEFAULT_VISIBILITY_SECONDS;
}

/**
 * Consumes a queue until SIGTERM (or `options.signal`): long polls in batches of up to 10,
 * handles up to `concurrency` messages at once with one batch received ahead, deletes
 * successes in batches and leaves failures for redelivery, so after the queue's
 * maxReceiveCount they move to its dead-letter queue. On a FIFO queue the messages of one
 * group are handled one at a time in order, and a failure hands the group's later messages
 * back so they cannot overtake it. Delivery is at least once: handlers must be idempotent.
 */
export async function consumeQueue(handler: MessageHandler, options: ConsumeQueueOptions = {}): Promise<ConsumeQueueResult> {
  const env = options.env ?? process.env;
  // The trigger's variables describe its queue, so they count only when no other queue is given.
  const trigger = options.queueUrl === undefined ? readQueueTrigger(env) : { queueUrl: options.queueUrl, visibilityTimeoutSeconds: undefined };
  const { queueUrl } = trigger;
  const fifo = queueUrl.endsWith('.fifo');
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const stopTimeoutMs = (options.stopTimeoutSeconds ?? 25) * 1000;
  const retryDelaySeconds = options.retryDelaySeconds ?? 5;
  const log = (options.log ?? createLogger()).child({ queueUrl });
  const now = options.clock ?? Date.now;
  const sqs = options.sqs ?? new SQSClient({});
  const protection = new TaskProtection(env.ECS_AGENT_URI, options.taskProtectionMinutes ?? 60, log, options.taskProtection);
  const visibilitySeconds = options.visibilityTimeoutSeconds ?? trigger.visibilityTimeoutSeconds ?? (await queueVisibilityTimeout(sqs, queueUrl, log));
  const heartbeatMs = Math.max(250, (visibilitySeconds * 1000) / 2);

  const result: ConsumeQueueResult = { succeeded: 0, failed: 0, retried: 0, released: 0, abandoned: 0, undeleted: 0 };
  // Keyed by receipt handle: the same message can be received twice if its timeout lapses.
  const held = new Map<string, Held>();
  const waiting: Held[] = [];
  const busyGroups = new Set<string>();
  let running = 0;
  // Up to two batches are received ahead of the free slots, so a handler that finishes is
  // replaced at once, not after a receive, even when a receive takes longer than a handler.
  // More held messages cost no more requests: the receives still go one after another.
  const batchSize = Math.min(MAX_BATCH, concurrency);
  const capacity = concurrency + 2 * batchSize;
  // Slots asked for by receives still in flight.
  let reserved = 0;
  const room = () => capacity - running - waiting.length - reserved;
  const stopReceiving = new AbortController();
  const stopping = () => stopReceiving.signal.aborted;
  const settled = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    settled.add(work);
    void work.finally(() => settled.delete(work));
  };

  const take = (entry: Held) => {
    held.set(entry.receipt, entry);
    if (held.size === 1) void protection.busy(true);
  };
  const drop = (entry: Held) => {
    if (!held.delete(entry.receipt)) return;
    if (held.size === 0) void protection.busy(false);
  };

  // Every visibility change and heartbeat runs in this order, so a heartbeat that started
  // before a release cannot land after it and hide the released message again.
  let visibilityChain: Promise<void> = Promise.resolve();
  const changeVisibility = (entries: { entry: Held; seconds: number }[], purpose: string): Promise<{ entry: Held; reason: string }[]> => {
    const step = visibilityChain.then(async () => {
      const failures: { entry: Held; reason: string }[] = [];
      for (const batch of chunks(entries, MAX_BATCH)) {
        try {
          const answer = await sqs.send(new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map(({ entry, seconds }, index) => ({ Id: String(index), ReceiptHandle: entry.receipt, VisibilityTimeout: seconds })),
          }));
          for (const failure of answer.Failed ?? []) {
            const entry = batch[Number(failure.Id)]?.entry;
            if (entry) failures.push({ entry, reason: `${failure.Code}: ${failure.Message}` });
          }
        } catch (error) {
          failures.push(...batch.map(({ entry }) => ({ entry, reason: error instanceof Error ? error.message : String(error) })));
        }
      }
      for (const { entry, reason } of failures) log.warn(`${purpose} failed`, { messageId: entry.message.MessageId, reason });
      return failures;
    });
    visibilityChain = step.then(() => undefined);
    return step;
  };

  /** Makes messages visible again after `seconds`; they stop being ours at once. */
  const release = (entries: Held[], seconds: (entry: Held) => number, purpose: string) => {
    if (entries.length === 0) return;
    for (const entry of entries) drop(entry);
    track(changeVisibility(entries.map((entry) => ({ entry, seconds: seconds(entry) })), purpose).then(() => undefined));
  };

  /** FIFO: the group's later messages go back, so none of them overtakes the one that failed. */
  const releaseRestOfGroup = (group: string | undefined) => {
    if (group === undefined) return;
    const rest = waiting.filter((entry) => entry.group === group);
    if (rest.length === 0) return;
    for (const entry of rest) waiting.splice(waiting.indexOf(entry), 1);
    result.released += rest.length;
    log.info('releasing the rest of the message group to keep its order', { groupId: group, released: rest.length });
    release(rest, () => 0, 'group release');
  };

  // Heartbeat: every half visibility timeout, every held message's timeout is pushed out
  // again. A message that cannot be extended (an error, or SQS's 12-hour limit is near) is
  // no longer safely ours: its handler's signal is aborted and it is not deleted.
  const abandon = (entry: Held, reason: string) => {
    if (entry.phase === 'deleting' || !held.has(entry.receipt)) return;
    log.error('visibility timeout not extended; aborting the handler, the message may go to another consumer', {
      messageId: entry.message.MessageId, reason,
    });
    result.abandoned++;
    drop(entry);
    entry.controller.abort(new Error(`visibility timeout not extended: ${reason}`));
    const index = waiting.indexOf(entry);
    if (index !== -1) waiting.splice(index, 1);
    receiverMayGo();
  };
  const heartbeat = setInterval(() => {
    const at = now();
    const extend: { entry: Held; seconds: number }[] = [];
    for (const entry of held.values()) {
      const leftMs = MAX_HOLD_MS - (at - entry.receivedAt);
      if (leftMs < heartbeatMs * 2) abandon(entry, 'the 12-hour SQS limit on a message\'s visibility is near');
      else extend.push({ entry, seconds: Math.min(visibilitySeconds, Math.floor(leftMs / 1000)) });
    }
    if (extend.length === 0) return;
    track(changeVisibility(extend, 'visibility extension').then((failures) => {
      for (const { entry, reason } of failures) abandon(entry, reason);
    }));
  }, heartbeatMs);
  heartbeat.unref();

  // Successful messages wait here briefly so that completions close together share one delete call.
  let pendingDeletes: Held[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  const deleteBatch = async (batch: Held[]) => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const retry: Held[] = [];
      const done = new Set<Held>(pending);
      try {
        const answer = await sqs.send(new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: pending.map((entry, index) => ({ Id: String(index), ReceiptHandle: entry.receipt })),
        }));
        for (const failure of answer.Failed ?? []) {
          const entry = pending[Number(failure.Id)];
          if (!entry) continue;
          done.delete(entry);
          // A sender fault (an invalid receipt handle) fails the same way every time.
          if (failure.SenderFault) giveUp(entry, `${failure.Code}: ${failure.Message}`);
          else retry.push(entry);
        }
      } catch (error) {
        done.clear();
        retry.push(...pending);
        log.warn('delete failed; retrying', { error, messages: pending.length, attempt });
      }
      for (const entry of done) {
        result.succeeded++;
        drop(entry);
      }
      if (retry.length > 0 && attempt >= DELETE_ATTEMPTS) {
        for (const entry of retry) giveUp(entry, `not deleted after ${attempt} attempts`);
        return;
      }
      if (retry.length > 0) await sleep(DELETE_RETRY_MS * attempt);
      pending = retry;
    }
  };
  const giveUp = (entry: Held, reason: string) => {
    log.error('delete failed; the message will be delivered again', { messageId: entry.message.MessageId, reason });
    result.undeleted++;
    drop(entry);
  };
  const flushDeletes = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    for (const batch of chunks(pendingDeletes, MAX_BATCH)) track(deleteBatch(batch));
    pendingDeletes = [];
  };
  // A full batch goes at once, and so does a partial one when no handler is left to add to it.
  const scheduleDelete = (entry: Held) => {
    entry.phase = 'deleting';
    pendingDeletes.push(entry);
    if (pendingDeletes.length >= MAX_BATCH) flushDeletes();
    else flushTimer ??= setTimeout(flushDeletes, DELETE_WINDOW_MS);
  };
  const flushIfIdle = () => {
    if (pendingDeletes.length > 0 && running === 0 && waiting.length === 0) setImmediate(() => running === 0 && flushDeletes());
  };

  const run = async (entry: Held) => {
    const message = toQueueMessage(entry.message);
    const messageLog = log.child({ messageId: message.id, receiveCount: message.receiveCount, ...(entry.group === undefined ? {} : { groupId: entry.group }) });
    let failure: unknown;
    let ok = false;
    try {
      await handler(message, { log: messageLog, signal: entry.controller.signal });
      ok = true;
    } catch (error) {
      failure = error;
    }
    running--;
    if (entry.group !== undefined) busyGroups.delete(entry.group);
    // Aborted: handed back at the deadline or abandoned; either way no longer ours to delete.
    if (!entry.controller.signal.aborted && held.has(entry.receipt)) {
      if (ok) scheduleDelete(entry);
      else if (isRetryable(failure)) {
        result.retried++;
        const seconds = Math.min(MAX_RETRY_DELAY_SECONDS, retryDelaySeconds * 2 ** (message.receiveCount - 1));
        messageLog.warn('retryable failure; the message will be retried soon', { error: failure, retryInSeconds: seconds });
        release([entry], () => seconds, 'retry release');
        releaseRestOfGroup(entry.group);
      } else {
        result.failed++;
        messageLog.error('handler failed; the message will be delivered again', { error: failure });
        drop(entry);
        releaseRestOfGroup(entry.group);
      }
    }
    dispatch();
    flushIfIdle();
    receiverMayGo();
  };

  const dispatch = () => {
    if (stopping()) return;
    for (let i = 0; i < waiting.length && running < concurrency;) {
      const entry = waiting[i] as Held;
      if (entry.group !== undefined && busyGroups.has(entry.group)) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      entry.phase = 'running';
      running++;
      if (entry.group !== undefined) busyGroups.add(entry.group);
      void run(entry);
    }
  };

  // One receiver long-polls; an idle consumer holds that single poll, and a drained queue costs
  // it a single empty receive. It asks again as soon as a batch fits, while the handlers of the
  // last one still run. Above 10 handlers one receiver cannot keep every slot fed, so while
  // the queue has a backlog (the last answer was a full batch) helpers receive beside it with
  // short polls, which return at once when the queue is empty instead of staying open.
  let backlog = false;
  let wakers: (() => void)[] = [];
  const receiverMayGo = () => {
    const wake = wakers;
    wakers = [];
    for (const resolve of wake) resolve();
  };
  // A full batch, or (FIFO, later messages of busy groups waiting) whatever fits while a slot is free.
  const canReceive = (helper: boolean) => (helper ? backlog && room() >= batchSize : room() >= batchSize || (running < concurrency && room() > 0));
  const receive = async (helper: boolean) => {
    // FIFO: a receive that failed without an answer is retried with the same attempt id, so
    // SQS hands back the same messages instead of hiding them until their timeout.
    let attemptId = randomUUID();
    while (!stopping()) {
      if (!canReceive(helper)) {
        await new Promise<void>((resolve) => wakers.push(resolve));
        continue;
      }
      const wanted = Math.min(MAX_BATCH, room());
      reserved += wanted;
      let messages: Message[];
      try {
        const answer = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: wanted,
            WaitTimeSeconds: helper ? 0 : waitTimeSeconds,
            VisibilityTimeout: options.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
            ...(fifo ? { ReceiveRequestAttemptId: attemptId } : {}),
          }),
          { abortSignal: stopReceiving.signal },
        );
        messages = answer.Messages ?? [];
        attemptId = randomUUID();
      } catch (error) {
        if (stopping()) break;
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // SQS answered (a 4xx): that attempt is over, the next one is new.
        if (status !== undefined && status < 500) attemptId = randomUUID();
        log.error('receive failed; retrying', { error });
        await sleep(RECEIVE_ERROR_BACKOFF_MS, stopReceiving.signal);
        continue;
      } finally {
        reserved -= wanted;
      }
      if (backlog !== (messages.length === wanted)) {
        backlog = !backlog;
        if (backlog) receiverMayGo();
      }
      const receivedAt = now();
      for (const message of messages) {
        const entry: Held = {
          message,
          receipt: message.ReceiptHandle ?? '',
          group: fifo ? message.Attributes?.MessageGroupId : undefined,
          receivedAt,
          phase: 'waiting',
          controller: new AbortController(),
        };
        take(entry);
        waiting.push(entry);
      }
      dispatch();
    }
  };

  const shutdown = (reason: string) => {
    if (stopping()) return;
    log.info('stopping: no new messages; finishing in-flight work', { reason, running, waiting: waiting.length });
    stopReceiving.abort();
    receiverMayGo();
  };
  const onSignal = (signal: NodeJS.Signals) => shutdown(signal);
  if (options.handleSignals ?? true) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  const onAbort = () => shutdown('abort signal');
  if (options.signal?.aborted) shutdown('abort signal');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  log.info('consuming', { concurrency, fifo, visibilityTimeoutSeconds: visibilitySeconds, waitTimeSeconds });
  try {
    await Promise.all([receive(false), ...Array.from({ length: Math.ceil(concurrency / MAX_BATCH) - 1 }, () => receive(true))]);

    // Received but not started: hand them back at once for another task.
    const unstarted = waiting.splice(0);
    result.released += unstarted.length;
    release(unstarted, () => 0, 'release');

    const deadline = Date.now() + stopTimeoutMs;
    while ([...held.values()].some((entry) => entry.phase === 'running') && Date.now() < deadline) {
      await sleep(Math.min(50, deadline - Date.now()));
    }
    const unfinished = [...held.values()].filter((entry) => entry.phase === 'running');
    if (unfinished.length > 0) {
      // Out of time: hand the unfinished messages back now instead of after their timeout.
      result.released += unfinished.length;
      log.warn('stop timeout reached; releasing unfinished messages for redelivery', { released: unfinished.length });
      for (const entry of unfinished) entry.controller.abort(new Error('stop timeout reached'));
      release(unfinished, () => 0, 'release');
    }
    flushDeletes();
    while (settled.size > 0) await Promise.all(settled);
  } finally {
    clearInterval(heartbeat);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    options.signal?.removeEventListener('abort', onAbort);
    await protection.close();
  }
  log.info('stopped', { ...result });
  return result;
}
