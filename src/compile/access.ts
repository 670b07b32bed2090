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
  /** The resource in review.md's words, with its preposition ("in S3 bucket `UploadsBucket`"). */
  on: string;
}

export const grantStatement = (grant: Grant): PolicyStatement => ({ Sid: grant.Sid, Effect: 'Allow', Action: grant.actions.map(([action]) => action), Resource: grant.resource });

const grant = (Sid: string, words: string, actions: string[], resource: Value | Value[], on: string): Grant => ({
  Sid,
  actions: actions.map((action) => [action, words]),
  resource,
  on,
});
const sid = (...parts: string[]) => parts.map((p) => p.replace(/[^A-Za-z0-9]/g, '')).join('');
const named = (type: string, id: string) => `${type} \`${id}\``;

export function bucketGrants(names: Names, bucket: string, access: BucketAccess): Grant[] {
  const grants: Grant[] = [];
  const id = names.bucket(bucket);
  const label = named('S3 bucket', names.bucketModel(bucket)?.existing ?? id);
  if (access !== 'write') {
    grants.push(grant(`${id}List`, 'list objects', ['s3:ListBucket'], names.bucketArn(bucket), `on ${label}`));
    grants.push(grant(`${id}Read`, 'read objects', ['s3:GetObject'], names.bucketObjectsArn(bucket), `in ${label}`));
  }
  if (access !== 'read') grants.push(grant(`${id}Write`, 'write objects', ['s3:PutObject', 's3:AbortMultipartUpload'], names.bucketObjectsArn(bucket), `in ${label}`));
  return grants;
}

export function tableGrants(names: Names, table: string, access: BucketAccess): Grant[] {
  const tableId = names.table(table);
  const label = named('DynamoDB table', tableId);
  const grants: Grant[] = [];
  if (access !== 'write') {
    grants.push(
      grant(
        sid(tableId, 'Read'),
        'read items',
        ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
        [getAtt(tableId, 'Arn'), sub(`\${${tableId}.Arn}/index/*`)],
        `on ${label} and on the indexes of ${label}`,
      ),
    );
  }
  if (access !== 'read') {
    grants.push(
      grant(sid(tableId, 'Write'), 'write items', ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'], getAtt(tableId, 'Arn'), `on ${label}`),
    );
  }
  return grants;
}

export function queueGrants(names: Names, queue: string, access: QueueAccess): Grant[] {
  const verb = access === 'send' ? 'send messages' : 'consume messages';
  const actions: [string, string][] = [
    ...(access === 'send' ? ['sqs:SendMessage'] : ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']).map((a): [string, string] => [a, verb]),
    ['sqs:GetQueueAttributes', 'look up the queue'],
    ['sqs:GetQueueUrl', 'look up the queue'],
  ];
  const id = names.queue(queue);
  return [{ Sid: sid(id, access === 'send' ? 'Send' : 'Consume'), actions, resource: names.queueArn(queue), on: `on ${named('SQS queue', id)}` }];
}

export function topicGrants(names: Names, topic: string): Grant[] {
  const id = names.topic(topic);
  return [
    grant(sid(id, 'Publish'), 'publish messages', ['sns:Publish'], names.topicArn(topic), `on ${named('SNS topic', id)}`),
    // The topic is encrypted with the stack's key: publishing needs a data key from it.
    grant(sid(id, 'Encrypt'), 'encrypt and decrypt with the key', ['kms:GenerateDataKey', 'kms:Decrypt'], getAtt(names.topicKey, 'Arn'), `on ${named('KMS key', names.topicKey)}`),
  ];
}

export const bucketEnv = (names: Names, bucket: string): Record<string, Value> => ({ [resourceVariable('bucket', bucket)]: names.bucketName(bucket) });
export const tableEnv = (names: Names, table: string): Record<string, Value> => ({ [resourceVariable('table', table)]: { Ref: names.table(table) } });
export const queueEnv = (names: Names, queue: string): Record<string, Value> => ({ [resourceVariable('queue', queue)]: names.queueUrl(queue) });
export const topicEnv = (names: Names, topic: string): Record<string, Value> => ({ [resourceVariable('topic', topic)]: names.topicArn(topic) });
