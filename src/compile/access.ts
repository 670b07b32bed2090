// What a task may do with a bucket, table, queue or topic, as grants, and the environment
// variables that name each resource (the ECS_ARCH_* contract, docs/environment.md). A grant is
// the one record of a permission: the task role's IAM statement and review.md's plain words
// both come from it.
import type { Value } from '../cfn/intrinsics.js';
import { getAtt, sub } from '../cfn/intrinsics.js';
import type { PolicyStatement } from '../cfn/resources.js';
import type { BucketAccess, QueueAccess } from '../model/index.js';
import { resourceVariable } from '../../workers/runtime/env-contract.js';
import type { Names } from './names.js';

export interface Grant {
  Sid: string;
  /** Each IAM action with what it lets the task do, in review.md's words ("read items"). */
  actions: [action: string, words: string][];
  resource: Value | Value[];
  /** The resource in review.md's words, with its preposition ("in S3 bucket `UploadsBucket`"), and any condition's. */
  on: string;
  condition?: PolicyStatement['Condition'];
}

export const grantStatement = (grant: Grant): PolicyStatement => ({
  Sid: grant.Sid,
  Effect: 'Allow',
  Action: grant.actions.map(([action]) => action),
  Resource: grant.resource,
  ...(grant.condition ? { Condition: grant.condition } : {}),
});

const grant = (Sid: string, words: string, actions: string[], resource: Value | Value[], on: string, condition?: PolicyStatement['Condition']): Grant => ({
  Sid,
  actions: actions.map((action) => [action, words]),
  resource,
  on,
  ...(condition ? { condition } : {}),
});
const sid = (...parts: string[]) => parts.map((p) => p.replace(/[^A-Za-z0-9]/g, '')).join('');
const named = (type: string, id: string) => `${type} \`${id}\``;

/**
 * What each access level grants, the one definition the schema's descriptions repeat
 * (schema/ecs-arch.schema.json, access). `write` includes deletes on buckets as on tables:
 * DynamoDB's BatchWriteItem puts and deletes under one action, so a table cannot be written
 * in batches without deletes.
 */
export const BUCKET_ACTIONS = {
  list: ['s3:ListBucket'],
  read: ['s3:GetObject'],
  write: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
} as const;
export const TABLE_ACTIONS = {
  /** On the table and its indexes: the only read actions that accept an index ARN. */
  query: ['dynamodb:Query', 'dynamodb:Scan'],
  /** On the table only: these actions accept no index ARN (Service Authorization Reference). */
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
} as const;
export const QUEUE_ACTIONS = {
  send: ['sqs:SendMessage'],
  /** The workers runtime reads the queue's visibility timeout (GetQueueAttributes); the URL is in the environment. */
  consume: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
} as const;

const bucketLabel = (names: Names, bucket: string) => named('S3 bucket', names.bucketModel(bucket)?.existing ?? names.bucket(bucket));

export function bucketGrants(names: Names, bucket: string, access: BucketAccess): Grant[] {
  const grants: Grant[] = [];
  const id = names.bucket(bucket);
  const label = bucketLabel(names, bucket);
  if (access !== 'write') {
    grants.push(listGrant(names, bucket));
    grants.push(grant(`${id}Read`, 'read objects', [...BUCKET_ACTIONS.read], names.bucketObjectsArn(bucket), `in ${label}`));
  }
  if (access !== 'read') grants.push(grant(`${id}Write`, 'write and delete objects', [...BUCKET_ACTIONS.write], names.bucketObjectsArn(bucket), `in ${label}`));
  return grants;
}

function listGrant(names: Names, bucket: string): Grant {
  return grant(`${names.bucket(bucket)}List`, 'list objects', [...BUCKET_ACTIONS.list], names.bucketArn(bucket), `on ${bucketLabel(names, bucket)}`);
}

/**
 * What an s3 trigger's task may read: the objects its rule can match. IAM has only "*" and "?"
 * wildcards, so a prefix and a suffix become `prefix*suffix`. ListBucket stays on the bucket so
 * an object deleted before the task reads it answers 404, not 403 (S3 GetObject, "Permissions").
 */
export function triggerReadGrants(names: Names, bucket: string, prefix = '', suffix = ''): Grant[] {
  const id = names.bucket(bucket);
  const pattern = `${prefix}*${suffix}`;
  if (pattern === '*') return bucketGrants(names, bucket, 'read');
  return [
    listGrant(names, bucket),
    grant(`${id}ReadMatched`, 'read objects', [...BUCKET_ACTIONS.read], names.bucketObjectsArn(bucket, pattern), `matching \`${pattern}\` in ${bucketLabel(names, bucket)}`),
  ];
}

export function tableGrants(names: Names, table: string, access: BucketAccess): Grant[] {
  const tableId = names.table(table);
  const label = named('DynamoDB table', tableId);
  const grants: Grant[] = [];
  if (access !== 'write') {
    grants.push(
      grant(sid(tableId, 'Query'), 'query and scan items', [...TABLE_ACTIONS.query], [getAtt(tableId, 'Arn'), sub(`\${${tableId}.Arn}/index/*`)], `on ${label} and its indexes`),
      grant(sid(tableId, 'Read'), 'read items', [...TABLE_ACTIONS.read], getAtt(tableId, 'Arn'), `on ${label}`),
    );
  }
  if (access !== 'read') grants.push(grant(sid(tableId, 'Write'), 'write and delete items', [...TABLE_ACTIONS.write], getAtt(tableId, 'Arn'), `on ${label}`));
  return grants;
}

export function queueGrants(names: Names, queue: string, access: QueueAccess): Grant[] {
  const id = names.queue(queue);
  const verb = access === 'send' ? 'send messages' : 'consume messages';
  const actions = QUEUE_ACTIONS[access].map((action): [string, string] => [action, action === 'sqs:GetQueueAttributes' ? 'look up the queue' : verb]);
  return [{ Sid: sid(id, access === 'send' ? 'Send' : 'Consume'), actions, resource: names.queueArn(queue), on: `on ${named('SQS queue', id)}` }];
}

export function topicGrants(names: Names, topic: string): Grant[] {
  const id = names.topic(topic);
  return [
    grant(sid(id, 'Publish'), 'publish messages', ['sns:Publish'], names.topicArn(topic), `on ${named('SNS topic', id)}`),
    // The topic is encrypted with the stack's key: publishing needs a data key from it, and only
    // through SNS (kms:ViaService, AWS KMS developer guide, condition keys).
    grant(
      sid(id, 'Encrypt'),
      'encrypt and decrypt with the key',
      ['kms:GenerateDataKey', 'kms:Decrypt'],
      getAtt(names.topicKey, 'Arn'),
      `on ${named('KMS key', names.topicKey)}, only through SNS`,
      { StringEquals: { 'kms:ViaService': sub('sns.${AWS::Region}.amazonaws.com') } },
    ),
  ];
}

export const bucketEnv = (names: Names, bucket: string): Record<string, Value> => ({ [resourceVariable('bucket', bucket)]: names.bucketName(bucket) });
export const tableEnv = (names: Names, table: string): Record<string, Value> => ({ [resourceVariable('table', table)]: { Ref: names.table(table) } });
export const queueEnv = (names: Names, queue: string): Record<string, Value> => ({ [resourceVariable('queue', queue)]: names.queueUrl(queue) });
export const topicEnv = (names: Names, topic: string): Record<string, Value> => ({ [resourceVariable('topic', topic)]: names.topicArn(topic) });
