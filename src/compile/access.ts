// IAM statements for what a task may do with a bucket, table, queue or topic, and the
// environment variables that name each resource (the ECS_ARCH_* contract, docs/environment.md).
import type { Value } from '../cfn/intrinsics.js';
import { getAtt, sub } from '../cfn/intrinsics.js';
import type { PolicyStatement } from '../cfn/resources.js';
import type { BucketAccess, QueueAccess } from '../model/index.js';
import { resourceVariable } from '../../workers/runtime/env-contract.js';
import type { Names } from './names.js';

const allow = (Sid: string, Action: string[], Resource: Value | Value[]): PolicyStatement => ({ Sid, Effect: 'Allow', Action, Resource });
const sid = (...parts: string[]) => parts.map((p) => p.replace(/[^A-Za-z0-9]/g, '')).join('');

export function bucketStatements(names: Names, bucket: string, access: BucketAccess): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const id = names.bucket(bucket);
  if (access !== 'write') {
    statements.push(allow(`${id}List`, ['s3:ListBucket'], names.bucketArn(bucket)));
    statements.push(allow(`${id}Read`, ['s3:GetObject'], names.bucketObjectsArn(bucket)));
  }
  if (access !== 'read') statements.push(allow(`${id}Write`, ['s3:PutObject', 's3:AbortMultipartUpload'], names.bucketObjectsArn(bucket)));
  return statements;
}

export function tableStatements(names: Names, table: string, access: BucketAccess): PolicyStatement[] {
  const tableId = names.table(table);
  const statements: PolicyStatement[] = [];
  if (access !== 'write') {
    statements.push(
      allow(
        sid(tableId, 'Read'),
        ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
        [getAtt(tableId, 'Arn'), sub(`\${${tableId}.Arn}/index/*`)],
      ),
    );
  }
  if (access !== 'read') {
    statements.push(
      allow(sid(tableId, 'Write'), ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'], getAtt(tableId, 'Arn')),
    );
  }
  return statements;
}

export function queueStatements(names: Names, queue: string, access: QueueAccess): PolicyStatement[] {
  const actions =
    access === 'send'
      ? ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']
      : ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
  return [allow(sid(names.queue(queue), access === 'send' ? 'Send' : 'Consume'), actions, names.queueArn(queue))];
}

export function topicStatements(names: Names, topic: string): PolicyStatement[] {
  return [
    allow(sid(names.topic(topic), 'Publish'), ['sns:Publish'], names.topicArn(topic)),
    // The topic is encrypted with the stack's key: publishing needs a data key from it.
    allow(sid(names.topic(topic), 'Encrypt'), ['kms:GenerateDataKey', 'kms:Decrypt'], getAtt(names.topicKey, 'Arn')),
  ];
}

export const bucketEnv = (names: Names, bucket: string): Record<string, Value> => ({ [resourceVariable('bucket', bucket)]: names.bucketName(bucket) });
export const tableEnv = (names: Names, table: string): Record<string, Value> => ({ [resourceVariable('table', table)]: { Ref: names.table(table) } });
export const queueEnv = (names: Names, queue: string): Record<string, Value> => ({ [resourceVariable('queue', queue)]: names.queueUrl(queue) });
export const topicEnv = (names: Names, topic: string): Record<string, Value> => ({ [resourceVariable('topic', topic)]: names.topicArn(topic) });
