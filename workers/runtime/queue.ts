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
import { createLogger, type Logger } from './log.js';
import { TaskProtection } from './task-protection.js';

export interface QueueMessage {
  id: string;
  body: string;
  /** 1 on first delivery; the queue moves the message to its DLQ after maxReceiveCount. */
  receiveCount: number;
  attributes: Record<string, string>;
  messageAttributes: Record<string, MessageAttributeValue>;
}

export interface MessageContext {
  log: Logger;
  /** Aborted when shutdown gives up waiting for this message (it is then released for redelivery). */
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
  /** Default: the queue's own VisibilityTimeout. Heartbeats extend it while a handler runs. */
  visibilityTimeoutSeconds?: number;
  /** How long SIGTERM waits for in-flight work. Default 25 s: ECS sends SIGKILL 30 s after SIGTERM by default. */
  stopTimeoutSeconds?: number;
  /** Scale-in protection period while work is in flight; 0 turns protection off. Default 60. */
  taskProtectionMinutes?: number;
  /** Stop on SIGTERM and SIGINT. Default true. */
  handleSignals?: boolean;
  /** Another way to stop: aborting it starts the same graceful shutdown as SIGTERM. */
  signal?: AbortSignal;
  sqs?: SQSClient;
  log?: Logger;
  env?: Env;
}

export interface ConsumeQueueResult {
  succeeded: number;
  failed: number;
  /** Still running at the stop deadline, made visible again for another consumer. */
  released: number;
}

const MAX_BATCH = 10;
const DEFAULT_VISIBILITY_SECONDS = 30;
const RECEIVE_ERROR_BACKOFF_MS = 1_000;

interface InFlight {
  message: Message;
  controller: AbortController;
  done?: Promise<void>;
}

/** Counts free handler slots; a poller reserves slots before it receives so it never over-fetches. */
class Slots {
  private waiters: (() => void)[] = [];
  private free: number;
  constructor(private readonly capacity: number) {
    this.free = capacity;
  }

  /** No message is being received or handled. */
  get idle(): boolean {
    return this.free === this.capacity;
  }

  /** Waits for at least one free slot and takes up to `wanted`; 0 once `closed`. */
  async take(wanted: number, closed: () => boolean): Promise<number> {
    while (this.free === 0 && !closed()) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (closed()) return 0;
    const taken = Math.min(wanted, this.free);
    this.free -= taken;
    return taken;
  }

  give(count: number): void {
    this.free += count;
    this.wakeAll();
  }

  wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function toQueueMessage(message: Message): QueueMessage {
  return {
    id: message.MessageId ?? '',
    body: message.Body ?? '',
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
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
async function sleep(ms: number, signal: AbortSignal): Promise<void> {
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
 * Consumes a queue until SIGTERM (or `options.signal`): long polls, handles up to
 * `concurrency` messages at once, deletes successes in batches and leaves failures for
 * redelivery, so after the queue's maxReceiveCount they move to its dead-letter queue.
 * Delivery is at least once: handlers must be idempotent.
 */
export async function consumeQueue(handler: MessageHandler, options: ConsumeQueueOptions = {}): Promise<ConsumeQueueResult> {
  const env = options.env ?? process.env;
  const queueUrl = options.queueUrl ?? readQueueTrigger(env).queueUrl;
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const stopTimeoutMs = (options.stopTimeoutSeconds ?? 25) * 1000;
  const log = (options.log ?? createLogger()).child({ queueUrl });
  const sqs = options.sqs ?? new SQSClient({});
  const protection = new TaskProtection(env.ECS_AGENT_URI, options.taskProtectionMinutes ?? 60, log);
  const visibilitySeconds = options.visibilityTimeoutSeconds ?? (await queueVisibilityTimeout(sqs, queueUrl, log));

  const result: ConsumeQueueResult = { succeeded: 0, failed: 0, released: 0 };
  const inFlight = new Map<string, InFlight>();
  const slots = new Slots(concurrency);
  const stopReceiving = new AbortController();
  const stopping = () => stopReceiving.signal.aborted;

  // Successful messages wait here briefly so that completions close together share one delete call.
  let pendingDeletes: Message[] = [];
  let flushScheduled = false;
  const deletesInProgress = new Set<Promise<void>>();
  const deleteBatch = async (batch: Message[]) => {
    try {
      const answer = await sqs.send(new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }));
      for (const failure of answer.Failed ?? []) {
        log.warn('delete failed; the message will be delivered again', { messageId: batch[Number(failure.Id)]?.MessageId, code: failure.Code, reason: failure.Message });
      }
    } catch (error) {
      log.warn('delete failed; the messages will be delivered again', { error, messageIds: batch.map((m) => m.MessageId) });
    }
  };
  const flushDeletes = () => {
    flushScheduled = false;
    for (const batch of chunks(pendingDeletes, MAX_BATCH)) {
      const call = deleteBatch(batch).finally(() => deletesInProgress.delete(call));
      deletesInProgress.add(call);
    }
    pendingDeletes = [];
  };
  const scheduleDelete = (message: Message) => {
    pendingDeletes.push(message);
    if (pendingDeletes.length >= MAX_BATCH) flushDeletes();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushDeletes);
    }
  };

  const changeVisibility = async (messages: Message[], seconds: number, purpose: string) => {
    for (const batch of chunks(messages, MAX_BATCH)) {
      try {
        const answer = await sqs.send(new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: seconds })),
        }));
        for (const failure of answer.Failed ?? []) {
          log.warn(`${purpose} failed`, { messageId: batch[Number(failure.Id)]?.MessageId, code: failure.Code, reason: failure.Message });
        }
      } catch (error) {
        log.warn(`${purpose} failed`, { error, messageIds: batch.map((m) => m.MessageId) });
      }
    }
  };

  // Heartbeat: every half visibility timeout, push every in-flight message's timeout out again,
  // so a long handler keeps its message hidden from other consumers.
  const heartbeat = setInterval(() => {
    const messages = [...inFlight.values()].map((entry) => entry.message);
    if (messages.length > 0) void changeVisibility(messages, visibilitySeconds, 'visibility extension');
  }, Math.max(250, (visibilitySeconds * 1000) / 2));
  heartbeat.unref();

  const handle = (message: Message) => {
    // Keyed by receipt handle: the same message can be received twice if its timeout lapses.
    const receipt = message.ReceiptHandle ?? '';
    const queueMessage = toQueueMessage(message);
    const messageLog = log.child({ messageId: queueMessage.id, receiveCount: queueMessage.receiveCount });
    const entry: InFlight = { message, controller: new AbortController() };
    inFlight.set(receipt, entry);
    entry.done = (async () => {
      try {
        await handler(queueMessage, { log: messageLog, signal: entry.controller.signal });
        if (entry.controller.signal.aborted) return; // released at the deadline: already visible again
        result.succeeded++;
        scheduleDelete(message);
      } catch (error) {
        result.failed++;
        messageLog.error('handler failed; the message will be delivered again', { error });
      } finally {
        inFlight.delete(receipt);
        slots.give(1);
      }
    })();
  };

  const poll = async () => {
    while (!stopping()) {
      const reserved = await slots.take(MAX_BATCH, stopping);
      if (reserved === 0) break;
      let messages: Message[];
      try {
        const answer = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: reserved,
            WaitTimeSeconds: waitTimeSeconds,
            VisibilityTimeout: options.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopReceiving.signal },
        );
        messages = answer.Messages ?? [];
      } catch (error) {
        slots.give(reserved);
        if (stopping()) break;
        log.error('receive failed; retrying', { error });
        await sleep(RECEIVE_ERROR_BACKOFF_MS, stopReceiving.signal);
        continue;
      }
      slots.give(reserved - messages.length);
      if (messages.length === 0) {
        if (slots.idle) await protection.release();
        continue;
      }
      await protection.acquire();
      for (const message of messages) handle(message);
    }
  };

  const shutdown = (reason: string) => {
    if (stopping()) return;
    log.info('stopping: no new messages; finishing in-flight work', { reason, inFlight: inFlight.size });
    stopReceiving.abort();
    slots.wakeAll();
  };
  const onSignal = (signal: NodeJS.Signals) => shutdown(signal);
  if (options.handleSignals ?? true) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  const onAbort = () => shutdown('abort signal');
  if (options.signal?.aborted) shutdown('abort signal');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  log.info('consuming', { concurrency, visibilityTimeoutSeconds: visibilitySeconds, waitTimeSeconds });
  try {
    // Enough pollers that receives (at most 10 messages each) can keep every slot busy.
    const pollers = Math.ceil(concurrency / MAX_BATCH);
    await Promise.all(Array.from({ length: pollers }, poll));

    const deadline = new AbortController();
    const deadlineTimer = setTimeout(() => deadline.abort(), stopTimeoutMs);
    await Promise.race([
      Promise.all([...inFlight.values()].map((entry) => entry.done)),
      new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true })),
    ]);
    clearTimeout(deadlineTimer);
    if (inFlight.size > 0) {
      // Out of time: hand the unfinished messages back now instead of after their timeout.
      const unfinished = [...inFlight.values()];
      for (const entry of unfinished) entry.controller.abort();
      result.released = unfinished.length;
      log.warn('stop timeout reached; releasing unfinished messages for redelivery', { released: unfinished.length });
      await changeVisibility(unfinished.map((entry) => entry.message), 0, 'release');
    }
    flushDeletes();
    await Promise.all(deletesInProgress);
  } finally {
    clearInterval(heartbeat);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    options.signal?.removeEventListener('abort', onAbort);
    await protection.release();
  }
  log.info('stopped', { ...result });
  return result;
}
