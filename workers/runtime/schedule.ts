import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readScheduleTrigger, type Env } from './contract.js';
import { createLogger, type Logger } from './log.js';

export interface ScheduleLockOptions {
  /** Physical table name, e.g. `tableName('results')`. */
  table: string;
  /** Runs holding the same lock name never overlap. */
  name: string;
  /** How long a lock lasts unless renewed; a crashed run's lock frees itself after this. Default 900. */
  ttlSeconds?: number;
  /** The table's partition key attribute. Default `pk`. */
  partitionKey?: string;
  /** The table's sort key attribute, if it has one (the lock item uses the value `lock`). */
  sortKey?: string;
}

export interface ScheduleContext {
  log: Logger;
  runId: string;
  /** Aborted if the lock is lost (another run took it over after it expired) or the run is interrupted: stop soon. */
  signal: AbortSignal;
}

export interface ScheduleOptions {
  lock?: ScheduleLockOptions;
  dynamodb?: DynamoDBClient;
  log?: Logger;
  env?: Env;
  /** Interrupts the run: pass runMain's signal so SIGTERM reaches the handler. */
  signal?: AbortSignal;
}

export type ScheduleOutcome<T> =
  | { ran: true; result: T }
  | { ran: false; reason: 'locked'; heldBy: string | undefined; expiresAt: number | undefined };

/**
 * The entry point of a scheduled task. With `lock`, a run first takes a lock item by a
 * conditional write (free, or expired); if another run holds it, this run does nothing and
 * reports `ran: false`. The lock is renewed while the handler runs and deleted after it.
 */
export async function onSchedule<T>(
  handler: (context: ScheduleContext) => Promise<T>,
  options: ScheduleOptions = {},
): Promise<ScheduleOutcome<T>> {
  readScheduleTrigger(options.env);
  const runId = randomUUID();
  const log = (options.log ?? createLogger()).child({ runId });
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
  if (!options.lock) {
    return { ran: true, result: await handler({ log, runId, signal }) };
  }

  const lock = options.lock;
  const ttlSeconds = lock.ttlSeconds ?? 900;
  const documents = DynamoDBDocumentClient.from(options.dynamodb ?? new DynamoDBClient({}));
  const partitionKey = lock.partitionKey ?? 'pk';
  const key: Record<string, string> = { [partitionKey]: `lock#${lock.name}` };
  if (lock.sortKey) key[lock.sortKey] = 'lock';
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  try {
    await documents.send(new PutCommand({
      TableName: lock.table,
      Item: { ...key, owner: runId, expiresAt: nowSeconds() + ttlSeconds, takenAt: new Date().toISOString() },
      ConditionExpression: 'attribute_not_exists(#pk) OR expiresAt < :now',
      ExpressionAttributeNames: { '#pk': partitionKey },
      ExpressionAttributeValues: { ':now': nowSeconds() },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const holder = error.Item;
    const outcome = {
      ran: false as const,
      reason: 'locked' as const,
      heldBy: holder?.owner?.S,
      expiresAt: holder?.expiresAt?.N === undefined ? undefined : Number(holder.expiresAt.N),
    };
    log.info('previous run still holds the lock; skipping this run', { lock: lock.name, heldBy: outcome.heldBy, expiresAt: outcome.expiresAt });
    return outcome;
  }
  log.info('lock taken', { lock: lock.name, ttlSeconds });

  const renew = async () => {
    try {
      await documents.send(new UpdateCommand({
        TableName: lock.table,
        Key: key,
        UpdateExpression: 'SET expiresAt = :expiresAt',
        ConditionExpression: '#owner = :me',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':expiresAt': nowSeconds() + ttlSeconds, ':me': runId },
      }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        log.error('lock lost to another run; stopping', { lock: lock.name });
        controller.abort();
      } else {
        log.warn('lock renewal failed; will retry', { lock: lock.name, error });
      }
    }
  };
  const renewal = setInterval(() => void renew(), (ttlSeconds * 1000) / 3);
  renewal.unref();
  try {
    return { ran: true, result: await handler({ log, runId, signal }) };
  } finally {
    clearInterval(renewal);
    try {
      await documents.send(new DeleteCommand({
        TableName: lock.table,
        Key: key,
        ConditionExpression: '#owner = :me',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':me': runId },
      }));
    } catch (error) {
      // Not ours any more, or unreachable: either way it expires on its own.
      log.warn('lock not released', { lock: lock.name, error });
    }
  }
}
