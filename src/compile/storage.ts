// Buckets, tables, queues and topics: the stack's data. Stateful resources are retained on
// delete and on replacement (deploy refuses to lose their data), and encrypted so their publishers can use them.
import { getAtt, ref, sub } from '../cfn/intrinsics.js';
import { policyDocument, resource, type PolicyStatement } from '../cfn/resources.js';
import { shortHash } from '../cfn/logical-id.js';
import type { Contribution, CompileContext } from './contribution.js';
import { SQS_MAX_RETENTION_SECONDS } from '../cfn/aws.js';

const SHARED = 'shared' as const;

/**
 * One contribution per bucket, table, queue and topic (and the topics' key), so the assembler
 * claims each item's logical IDs for that item: names that join to the same ID clash visibly.
 */
export function compileStorage({ model, names }: CompileContext): Contribution[] {
  const parts: Contribution[] = [];
  const item = (): { resources: NonNullable<Contribution['resources']>; outputs: NonNullable<Contribution['outputs']>; watch: NonNullable<Contribution['watch']> } => {
    const part = { resources: {}, outputs: {}, watch: [] };
    parts.push(part);
    return part;
  };

  for (const bucket of model.buckets) {
    if (bucket.existing) continue;
    const { resources, outputs } = item();
    const origin = { source: bucket.path, group: SHARED };
    const id = names.bucket(bucket.name);
    resources[id] = resource(
      'AWS::S3::Bucket',
      {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        ...(bucket.versioned ? { VersioningConfiguration: { Status: 'Enabled' } } : {}),
      },
      origin,
      { retain: true },
    );
    resources[names.bucket(bucket.name, 'BucketPolicy')] = resource(
      'AWS::S3::BucketPolicy',
      {
        Bucket: ref(id),
        PolicyDocument: policyDocument([
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Resource: [getAtt(id, 'Arn'), sub(`\${${id}.Arn}/*`)],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      },
      origin,
    );
    outputs[`${id}Name`] = { Value: ref(id), Description: `Bucket ${bucket.name}` };
  }

  for (const table of model.tables) {
    const { resources, outputs } = item();
    const id = names.table(table.name);
    const keys = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
    resources[id] = resource(
      'AWS::DynamoDB::Table',
      {
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
        KeySchema: keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        ...(table.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } } : {}),
      },
      { source: table.path, group: SHARED },
      { retain: true },
    );
    outputs[`${id}Name`] = { Value: ref(id), Description: `Table ${table.name}` };
    outputs[`${id}Arn`] = { Value: getAtt(id, 'Arn'), Description: `Table ${table.name}` };
  }

  for (const queue of model.queues) {
    const { resources, outputs, watch } = item();
    const origin = { source: queue.path, group: SHARED };
    const id = names.queue(queue.name);
    const dlq = names.queue(queue.name, 'DeadLetterQueue');
    const fifo = queue.fifo ? { FifoQueue: true } : {};
    resources[dlq] = resource(
      'AWS::SQS::Queue',
      // Dead letters are kept for the longest time SQS allows (14 days).
      { ...fifo, SqsManagedSseEnabled: true, MessageRetentionPeriod: SQS_MAX_RETENTION_SECONDS },
      origin,
      { retain: true },
    );
    resources[id] = resource(
      'AWS::SQS::Queue',
      {
        ...fifo,
        // SSE-SQS: encrypted at rest with keys SQS owns, so any allowed sender (EventBridge, Scheduler, tasks) needs no KMS grant.
        SqsManagedSseEnabled: true,
        VisibilityTimeout: queue.visibilityTimeoutSeconds,
        RedrivePolicy: { deadLetterTargetArn: getAtt(dlq, 'Arn'), maxReceiveCount: queue.maxReceiveCount },
      },
      origin,
      { retain: true },
    );
    resources[names.queue(queue.name, 'QueuePolicy')] = resource(
      'AWS::SQS::QueuePolicy',
      { Queues: [ref(id), ref(dlq)], PolicyDocument: policyDocument([denyInsecureSqs([getAtt(id, 'Arn'), getAtt(dlq, 'Arn')])]) },
      origin,
    );
    outputs[`${id}Url`] = { Value: ref(id), Description: `Queue ${queue.name}` };
    outputs[`${id}Arn`] = { Value: getAtt(id, 'Arn'), Description: `Queue ${queue.name}` };
    outputs[`${dlq}Url`] = { Value: ref(dlq), Description: `Dead-letter queue of ${queue.name}` };
    watch.push({ kind: 'dead-letter-queue', logicalId: dlq, source: queue.path, group: SHARED });
  }

  if (model.topics.length) {
    // SNS cannot use the AWS managed key (alias/aws/sns) for messages that EventBridge or
    // CloudWatch alarms publish: those services need a key policy that names them.
    const alertsTopic = model.alerts && 'name' in model.alerts.topic ? model.alerts.topic.name : undefined;
    const useKey = ['kms:GenerateDataKey*', 'kms:Decrypt'];
    const publishers: PolicyStatement[] = alertsTopic
      ? [
          // No condition: SNS does not support aws:SourceAccount/SourceArn in the key policy for EventBridge-to-encrypted topics.
          { Sid: 'EventBridgePublishes', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: useKey, Resource: '*' },
          {
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: useKey,
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
          },
        ]
      : [];
    const keyStatements: PolicyStatement[] = [
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
        Action: 'kms:*',
        Resource: '*',
      },
      ...publishers,
    ];
    item().resources[names.topicKey] = resource(
      'AWS::KMS::Key',
      { Description: sub('SNS topics of ${AWS::StackName}'), EnableKeyRotation: true, KeyPolicy: policyDocument(keyStatements) },
      { source: 'topics', group: SHARED },
    );
  }
  for (const topic of model.topics) {
    const { resources, outputs } = item();
    const origin = { source: topic.path, group: SHARED };
    const id = names.topic(topic.name);
    resources[id] = resource('AWS::SNS::Topic', { KmsMasterKeyId: ref(names.topicKey) }, origin);
    for (const email of topic.email) {
      // An address is not alphanumeric: a short hash of it is the only stable, readable-enough ID.
      resources[names.topic(topic.name, `Email${shortHash(email)}`)] = resource(
        'AWS::SNS::Subscription',
        { TopicArn: ref(id), Protocol: 'email', Endpoint: email },
        origin,
      );
    }
    outputs[`${id}Arn`] = { Value: ref(id), Description: `Topic ${topic.name}` };
  }
  return parts;
}

/** Queues accept only TLS requests, like buckets. */
export function denyInsecureSqs(queueArns: unknown[]): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 'sqs:*',
    Resource: queueArns as PolicyStatement['Resource'],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Lets one EventBridge rule put the events it could not deliver into a dead-letter queue. */
export function ruleMaySendTo(queueId: string, ruleId: string): PolicyStatement {
  return {
    Sid: ruleId,
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: getAtt(queueId, 'Arn'),
    Condition: { ArnEquals: { 'aws:SourceArn': getAtt(ruleId, 'Arn') } },
  };
}
