// onSchedule's overlap lock on moto's DynamoDB, with runs that really overlap.
import { expect } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { useWorkersAws } from '../../test/support/workers-aws.js';
import { createLogger } from './log.js';
import { onSchedule, type ScheduleOptions } from './schedule.js';

const aws = useWorkersAws({ resultsTable: 'results' });
const { test } = aws;

const options = (ttlSeconds: number): ScheduleOptions => ({
  lock: { table: 'results', name: 'nightly', sortKey: 'sk', ttlSeconds },
  dynamodb: aws.dynamodb,
  env: { ECS_ARCH_TRIGGER: 'schedule' },
  log: createLogger({}, { write: () => {} }),
});

test('of two overlapping runs only one does the work; the next run after it may', async () => {
  let running = 0;
  let ran = 0;
  const work = async () => {
    running++;
    ran++;
    expect(running).toBe(1);
    await sleep(300);
    running--;
  };
  const outcomes = await Promise.all([onSchedule(work, options(60)), onSchedule(work, options(60))]);
  expect(outcomes.map((outcome) => outcome.ran).sort()).toEqual([false, true]);
  expect(ran).toBe(1);
  expect(await onSchedule(work, options(60))).toEqual({ ran: true, result: undefined });
});

test('a run longer than the lock lifetime renews it, so a later run still cannot start', async () => {
  let secondOutcome: unknown;
  const first = onSchedule(async () => {
    await sleep(3500); // outlives a 2 s lock, which is renewed every 2/3 s
    secondOutcome = await onSchedule(async () => 'overlapped', options(2));
  }, options(2));
  await first;
  expect(secondOutcome).toMatchObject({ ran: false, reason: 'locked' });
});

test('refuses to run as anything but a scheduled task', async () => {
  await expect(onSchedule(async () => 1, { ...options(60), env: { ECS_ARCH_TRIGGER: 'sqs' } })).rejects.toThrow(
    'ECS_ARCH_TRIGGER is "sqs" but this worker handles "schedule" triggers',
  );
});
