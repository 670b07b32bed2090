// S3 → EventBridge → RunTask. The bucket sends its object events to EventBridge (created
// buckets have EventBridge notifications on); a rule matches this trigger's events, bucket
// and key filter, and starts the task with the object's details in its environment.
import { getAtt } from '../../cfn/intrinsics.js';
import { resource } from '../../cfn/resources.js';
import type { ModelTask, S3TriggerModel } from '../../model/index.js';
import { bucketEnv, bucketStatements } from '../access.js';
import { ruleMaySendTo } from '../storage.js';
import type { Contribution, TriggerModule } from '../contribution.js';
import { containerOverrides, ecsParameters, runTaskRole, taskGroup, triggerDeadLetterQueue, triggerDeadLetterQueueId } from './run-task.js';

const DETAIL_TYPES = { created: 'Object Created', deleted: 'Object Deleted' } as const;

/** EventBridge wildcard patterns treat "*" and "\" as special; escape them in user text. */
const wildcardLiteral = (text: string) => text.replace(/[\\*]/g, (c) => `\\${c}`);

/**
 * The key filter. Two matchers in one array would be OR-ed, so prefix AND suffix on the same
 * field is one `wildcard` matcher ("incoming/*.jpg").
 */
export function keyMatcher(trigger: Pick<S3TriggerModel, 'prefix' | 'suffix'>): Record<string, string> | undefined {
  const { prefix, suffix } = trigger;
  if (prefix && suffix) return { wildcard: `${wildcardLiteral(prefix)}*${wildcardLiteral(suffix)}` };
  if (prefix) return { prefix };
  if (suffix) return { suffix };
  return undefined;
}

/** Event fields → placeholders the input template puts into the container's environment. */
export const S3_INPUT_PATHS = {
  bucket: '$.detail.bucket.name',
  key: '$.detail.object.key',
  size: '$.detail.object.size',
  etag: '$.detail.object.etag',
  id: '$.id',
} as const;

/** Placeholders that must stand unquoted in the template (see s3InputTemplate). */
const UNQUOTED = ['bucket', 'key', 'etag', 'id'] as const;

export function s3InputTemplate(task: ModelTask): string {
  // EventBridge does not escape a value put inside a quoted placeholder ("<key>"), so a key with
  // a quote or backslash would break the JSON; an unquoted placeholder (<key>) is replaced by the
  // value as a JSON string. Keys probably arrive URL-encoded as in classic S3 notifications
  // (aws-lambda-powertools unquote_plus-es them too); the worker runtime decodes them. Size is a
  // number, and ECS environment values must be strings, so it stays quoted.
  const template = JSON.stringify(
    containerOverrides(task, {
      ECS_ARCH_TRIGGER: 's3',
      ECS_ARCH_S3_BUCKET: '<bucket>',
      ECS_ARCH_S3_KEY: '<key>',
      ECS_ARCH_S3_SIZE: '<size>',
      ECS_ARCH_S3_ETAG: '<etag>',
      ECS_ARCH_EVENT_ID: '<id>',
    }),
  );
  return UNQUOTED.reduce((text, name) => text.replace(`"<${name}>"`, `<${name}>`), template);
}

function compileS3(ctx: Parameters<NonNullable<TriggerModule['forTrigger']>>[0], task: ModelTask, trigger: S3TriggerModel): Contribution {
  const { names } = ctx;
  const group = taskGroup(task);
  const ruleId = names.trigger(task, trigger, 'Rule');
  const roleId = names.task(task.name, 'EventsRole');
  const dlqId = triggerDeadLetterQueueId(ctx, task);
  const dlq = triggerDeadLetterQueue(ctx, task);
  const key = keyMatcher(trigger);
  return {
    resources: {
      ...dlq.resources,
      [roleId]: runTaskRole(ctx, task, 'events'),
      [ruleId]: resource(
        'AWS::Events::Rule',
        {
          Description: `${trigger.events.map((e) => DETAIL_TYPES[e]).join(', ')} in bucket ${trigger.bucket} starts task ${task.name}`,
          State: 'ENABLED',
          EventPattern: {
            source: ['aws.s3'],
            'detail-type': trigger.events.map((e) => DETAIL_TYPES[e]),
            detail: { bucket: { name: [names.bucketName(trigger.bucket)] }, ...(key ? { object: { key: [key] } } : {}) },
          },
          Targets: [
            {
              Id: 'RunTask',
              Arn: names.clusterArn(),
              RoleArn: getAtt(roleId, 'Arn'),
              EcsParameters: ecsParameters(ctx, task, 'AwsVpcConfiguration'),
              InputTransformer: { InputPathsMap: S3_INPUT_PATHS, InputTemplate: s3InputTemplate(task) },
              // EventBridge's own limits, made explicit: retry for a day, then the dead-letter queue.
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
              DeadLetterConfig: { Arn: getAtt(dlqId, 'Arn') },
            },
          ],
        },
        { source: trigger.path, group },
      ),
    },
    outputs: dlq.outputs,
    watch: [...dlq.watch!, { kind: 'rule', logicalId: ruleId, source: trigger.path, group }],
    resourcePolicies: {
      [dlqId]: {
        source: dlq.resourcePolicies![dlqId]!.source,
        group,
        statements: [
          ...dlq.resourcePolicies![dlqId]!.statements,
          ruleMaySendTo(dlqId, ruleId),
        ],
      },
    },
    taskRole: { [task.name]: bucketStatements(names, trigger.bucket, 'read') },
    environment: { [task.name]: bucketEnv(names, trigger.bucket) },
  };
}

export const s3: TriggerModule = {
  kind: 's3',
  forTrigger: (ctx, task, trigger) => compileS3(ctx, task, trigger as S3TriggerModel),
};
