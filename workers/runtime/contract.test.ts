import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { bucketName, decodeEventKey, positiveIntegerSetting, queueUrl, readQueueTrigger, readS3Trigger, tableName, topicArn } from './contract.js';

describe('the ECS_ARCH_* contract', () => {
  test('resource variables are the upper-cased name with - as _', () => {
    const env = {
      ECS_ARCH_BUCKET_RAW_UPLOADS: 'b',
      ECS_ARCH_TABLE_RESULTS: 't',
      ECS_ARCH_QUEUE_JOBS_URL: 'q',
      ECS_ARCH_TOPIC_OPS_ALERTS_ARN: 'a',
    };
    expect([bucketName('raw-uploads', env), tableName('results', env), queueUrl('jobs', env), topicArn('ops-alerts', env)]).toEqual(['b', 't', 'q', 'a']);
  });

  test('a missing variable fails with its name and the setting that provides it', () => {
    expect(() => tableName('results', {})).toThrow(
      'ECS_ARCH_TABLE_RESULTS is not set: give this task access to tables "results" in ecs-arch.yml (tasks.<task>.access.tables.results) or a trigger on it',
    );
  });

  test('reads an S3 event, decoding the key and dropping quotes from the etag', () => {
    expect(readS3Trigger({
      ECS_ARCH_TRIGGER: 's3',
      ECS_ARCH_S3_EVENT: 'created',
      ECS_ARCH_S3_BUCKET: 'uploads',
      ECS_ARCH_S3_KEY: 'incoming/my+photo+%281%29%2B%C3%A9.jpg',
      ECS_ARCH_S3_SIZE: '1024',
      ECS_ARCH_S3_ETAG: '"abc-2"',
      ECS_ARCH_EVENT_ID: 'e-1',
    })).toEqual({ event: 'created', bucket: 'uploads', key: 'incoming/my photo (1)+é.jpg', size: 1024, etag: 'abc-2', eventId: 'e-1' });
  });

  test('a deleted object\'s event has no size or etag, and the event kind is checked', () => {
    const deleted = { ECS_ARCH_TRIGGER: 's3', ECS_ARCH_S3_EVENT: 'deleted', ECS_ARCH_S3_BUCKET: 'uploads', ECS_ARCH_S3_KEY: 'a+b', ECS_ARCH_EVENT_ID: 'e-2' };
    expect(readS3Trigger(deleted)).toEqual({ event: 'deleted', bucket: 'uploads', key: 'a b', eventId: 'e-2' });
    expect(() => readS3Trigger({ ...deleted, ECS_ARCH_S3_EVENT: 'restored' })).toThrow('ECS_ARCH_S3_EVENT is not one of created, deleted: "restored"');
    const { ECS_ARCH_S3_EVENT: _, ...withoutEvent } = deleted;
    expect(() => readS3Trigger(withoutEvent)).toThrow('ECS_ARCH_S3_EVENT is not set');
  });

  test('any key survives S3 event encoding and decoding', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (key) => {
      const encoded = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
      expect(decodeEventKey(encoded)).toBe(key);
    }));
  });

  test('rejects malformed values with the variable name', () => {
    const base = { ECS_ARCH_TRIGGER: 's3', ECS_ARCH_S3_EVENT: 'created', ECS_ARCH_S3_BUCKET: 'b', ECS_ARCH_S3_KEY: 'k', ECS_ARCH_S3_ETAG: 'e', ECS_ARCH_EVENT_ID: 'i' };
    expect(() => readS3Trigger({ ...base, ECS_ARCH_S3_SIZE: 'big' })).toThrow('ECS_ARCH_S3_SIZE is not a byte count: "big"');
    expect(() => readS3Trigger({ ...base, ECS_ARCH_S3_SIZE: '1', ECS_ARCH_S3_KEY: '%E0%A4%A' })).toThrow('ECS_ARCH_S3_KEY is not a URL-encoded object key');
    expect(() => positiveIntegerSetting('BATCH_CONCURRENCY', 8, { BATCH_CONCURRENCY: '0' })).toThrow('BATCH_CONCURRENCY must be a positive integer, got "0"');
    expect(positiveIntegerSetting('BATCH_CONCURRENCY', 8, {})).toBe(8);
  });

  test('the queue trigger\'s visibility timeout is optional and checked when set', () => {
    const queue = { ECS_ARCH_TRIGGER: 'sqs', ECS_ARCH_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/jobs' };
    expect(readQueueTrigger(queue)).toEqual({ queueUrl: queue.ECS_ARCH_QUEUE_URL, visibilityTimeoutSeconds: undefined });
    expect(readQueueTrigger({ ...queue, ECS_ARCH_QUEUE_VISIBILITY_TIMEOUT: '300' }).visibilityTimeoutSeconds).toBe(300);
    expect(() => readQueueTrigger({ ...queue, ECS_ARCH_QUEUE_VISIBILITY_TIMEOUT: '5m' })).toThrow(
      'ECS_ARCH_QUEUE_VISIBILITY_TIMEOUT is not a visibility timeout in seconds (0 to 43200): "5m"',
    );
  });
});
