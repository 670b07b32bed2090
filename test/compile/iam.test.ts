// Least privilege, checked independently of the compiler: every IAM policy in every example
// and fixture is walked; "*" actions fail, "*" resources fail except where AWS allows nothing
// narrower, and every action and every referenced resource must follow from the config.
import { describe, expect, test } from '@jest/globals';
import type { EcsArchConfig, Task } from '../../src/config/index.js';
import type { Template } from '../../src/compile/index.js';
import { compileProject } from '../../src/compile/index.js';
import { LOG_DELIVERY_ACTIONS, RESOURCE_WILDCARD_ACTIONS } from '../../src/cfn/aws.js';
import { asList } from '../../src/util/records.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, FIXTURES, ROOT, fixtureConfig, loadExample, projectFrom } from './helpers.js';


const BUCKET = { read: ['s3:ListBucket', 's3:GetObject'], write: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'] };
const TABLE = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
};
const QUEUE = {
  send: ['sqs:SendMessage'],
  consume: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
};
/** Logical IDs a role may reference; a name's ID may carry the 8-character collision hash. */
class RefSet {
  private readonly patterns: RegExp[] = [];
  add(id: string): this {
    this.patterns.push(new RegExp(`^${id}$`));
    return this;
  }
  name(name: string, kind: string): this {
    this.patterns.push(new RegExp(`^${pascal(name)}([0-9A-F]{8})?${kind}$`));
    return this;
  }
  has(id: string): boolean {
    return this.patterns.some((p) => p.test(id));
  }
}

const levels = (level: string) => (level === 'readwrite' ? ['read', 'write'] : [level]);
const pascal = (name: string) => name.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');

/** What the config implies for one role: allowed actions, and logical IDs its statements may reference. */
function implied(config: EcsArchConfig, taskName: string, T: string, kind: string): { actions: Set<string>; refs: RefSet } {
  const task: Task = config.tasks![taskName]!;
  const actions = new Set<string>();
  const refs = new RefSet();
  if (kind === 'TaskRole') {
    const buckets: [string, string][] = Object.entries(task.access?.buckets ?? {});
    const queues: [string, string][] = Object.entries(task.access?.queues ?? {});
    for (const trigger of task.triggers ?? []) {
      if (trigger.s3) buckets.push([trigger.s3.bucket, 'read']);
      if (trigger.sqs) {
        queues.push([trigger.sqs.queue, 'consume']);
        actions.add('ecs:GetTaskProtection').add('ecs:UpdateTaskProtection');
        refs.add('Cluster');
      }
    }
    for (const [b, level] of buckets) {
      levels(level).forEach((l) => BUCKET[l as 'read'].forEach((a) => actions.add(a)));
      refs.name(b, 'Bucket');
    }
    for (const [t, level] of Object.entries(task.access?.tables ?? {})) {
      levels(level).forEach((l) => TABLE[l as 'read'].forEach((a) => actions.add(a)));
      refs.name(t, 'Table');
    }
    for (const [q, level] of queues) {
      QUEUE[level as 'send'].forEach((a) => actions.add(a));
      refs.name(q, 'Queue');
    }
    for (const topic of Object.keys(task.access?.topics ?? {})) {
      ['sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt'].forEach((a) => actions.add(a));
      refs.name(topic, 'Topic').add('TopicKey');
    }
  } else if (kind === 'ExecutionRole') {
    ['logs:CreateLogStream', 'logs:PutLogEvents'].forEach((a) => actions.add(a));
    refs.add(`${T}LogGroup`);
    if (typeof task.image !== 'string' || /\.dkr\.ecr\./.test(task.image)) ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'].forEach((a) => actions.add(a));
    const secrets = Object.values(task.secrets ?? {});
    if (secrets.some((s) => s.startsWith('ssm:'))) actions.add('ssm:GetParameters');
    if (secrets.some((s) => s.startsWith('secretsmanager:'))) actions.add('secretsmanager:GetSecretValue');
  } else if (kind === 'RunStateMachineRole') {
    // runTask.sync: https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html; execution
    // logs: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
    ['ecs:RunTask', 'iam:PassRole', 'ecs:TagResource', 'ecs:StopTask', 'ecs:DescribeTasks', 'events:PutTargets', 'events:PutRule', 'events:DescribeRule', ...LOG_DELIVERY_ACTIONS].forEach((a) => actions.add(a));
    refs.add(`${T}ExecutionRole`).add(`${T}TaskRole`).add('Cluster');
    // A failed or timed-out run notifies the alerts topic from the state machine (connect-sns.html):
    // publish, and for a topic of the file its key.
    const alerts = config.alerts;
    const alerted = alerts && (alerts.tasks ?? [taskName]).includes(taskName) && (alerts.on ?? ['task-failed']).some((on) => on === 'task-failed' || on === 'task-stopped');
    if (alerted) {
      actions.add('sns:Publish');
      if (config.topics?.[alerts.topic]) {
        actions.add('kms:GenerateDataKey').add('kms:Decrypt');
        refs.name(alerts.topic, 'Topic').add('TopicKey');
      }
    }
  } else if (kind === 'EventsRole' || kind === 'SchedulerRole') {
    // A task with a timeout or retries is started through its state machine, and only that.
    if (task.timeout !== undefined || task.retry !== undefined) {
      actions.add('states:StartExecution');
      refs.add(`${T}RunStateMachine`);
    } else {
      ['ecs:RunTask', 'iam:PassRole', 'ecs:TagResource'].forEach((a) => actions.add(a));
      refs.add(`${T}ExecutionRole`).add(`${T}TaskRole`).add('Cluster');
    }
    if (kind === 'SchedulerRole') {
      actions.add('sqs:SendMessage');
      refs.add(`${T}TriggerDeadLetterQueue`);
    }
  } else throw new Error(`unexpected role kind ${kind}`);
  return { actions, refs };
}

/** Logical IDs a value references through Ref, Fn::GetAtt or ${X} / ${X.Attr} in Fn::Sub. */
function referencedIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencedIds(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string' && !v.startsWith('AWS::')) into.add(v);
      else if (key === 'Fn::GetAtt') into.add((v as string[])[0]!);
      else if (key === 'Fn::Sub') {
        const [text, vars] = Array.isArray(v) ? v : [v, {}];
        for (const m of (text as string).matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/g)) if (!(m[1]! in vars)) into.add(m[1]!);
        referencedIds(vars, into);
      } else referencedIds(v, into);
    }
  }
  return into;
}


/**
 * EventBridge publishing to an encrypted SNS topic cannot be given a source condition: not in the
 * topic policy (EventBridge user guide, "Amazon SNS permissions") nor in the key policy (SNS
 * developer guide, key management).
 */
const CONDITION_UNSUPPORTED_FOR_EVENTBRIDGE = new Set(['AWS::SNS::TopicPolicy', 'AWS::KMS::Key']);

function problems(config: EcsArchConfig, template: Template): string[] {
  const found: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const source = (resource.Metadata!.EcsArch as { Source: string }).Source;
    const taskName = /^tasks\.([^.]+)/.exec(source)![1]!;
    const kind = /(RunStateMachineRole|TaskRole|ExecutionRole|EventsRole|SchedulerRole)$/.exec(id)![1]!;
    const { actions, refs } = implied(config, taskName, id.slice(0, -kind.length), kind);
    for (const policy of (resource.Properties!.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]) ?? []) {
      for (const statement of policy.PolicyDocument.Statement) {
        for (const action of asList(statement.Action as string | string[])) {
          if (action.includes('*')) found.push(`${id}: wildcard action ${action}`);
          if (!actions.has(action)) found.push(`${id}: ${action} is not implied by the config`);
          if (asList(statement.Resource).includes('*') && !RESOURCE_WILDCARD_ACTIONS.has(action)) found.push(`${id}: ${action} on "*"`);
        }
        for (const ref of referencedIds(statement.Resource)) if (!refs.has(ref)) found.push(`${id}: refers to ${ref}, which the config does not give it`);
        for (const ref of referencedIds(statement.Condition)) if (!refs.has(ref)) found.push(`${id}: condition refers to ${ref}`);
      }
    }
    // Confused deputy: every service that assumes a role says for which account and which resources
    // (Step Functions: procedure-create-iam-role.html, "Prevent cross-service confused deputy issue").
    for (const statement of (resource.Properties!.AssumeRolePolicyDocument as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] }).Statement) {
      const keys = Object.values(statement.Condition ?? {}).flatMap((c) => Object.keys(c));
      for (const key of ['aws:SourceAccount', 'aws:SourceArn']) if (!keys.includes(key)) found.push(`${id}: trust policy without ${key}`);
    }
  }
  // Resource policies: nothing may be allowed to everyone.
  for (const [id, resource] of Object.entries(template.Resources)) {
    const document = (resource.Properties?.PolicyDocument ?? resource.Properties?.KeyPolicy) as { Statement: Record<string, unknown>[] } | undefined;
    if (!document || resource.Type === 'AWS::IAM::Role') continue;
    for (const statement of document.Statement) {
      const principal = JSON.stringify(statement.Principal);
      if (statement.Effect === 'Allow' && (principal === '"*"' || principal === '{"AWS":"*"}')) found.push(`${id}: allows everyone`);
      const conditionPossible = !(principal === '{"Service":"events.amazonaws.com"}' && CONDITION_UNSUPPORTED_FOR_EVENTBRIDGE.has(resource.Type));
      if (statement.Effect === 'Allow' && principal.includes('amazonaws.com') && !statement.Condition && conditionPossible) found.push(`${id}: a service may use it without a source condition`);
    }
  }
  return found;
}

describe('IAM is least privilege', () => {
  const cases: [string, () => Promise<{ config: EcsArchConfig; template: Template }>][] = [
    ...EXAMPLES.map((e): [string, () => Promise<{ config: EcsArchConfig; template: Template }>] => [
      `example ${e}`,
      async () => {
        const project = await loadExample(e);
        return { config: project.config, template: compileProject(project).templates[0]!.template };
      },
    ]),
    ...FIXTURES.map((f): [string, () => Promise<{ config: EcsArchConfig; template: Template }>] => [
      `fixture ${f}`,
      async () => {
        const config = fixtureConfig(f);
        return { config, template: compileProject(projectFrom(config)).templates[0]!.template };
      },
    ]),
  ];
  test.each(cases)('%s', async (_, load) => {
    const { config, template } = await load();
    expect(problems(config, template)).toEqual([]);
  });

  test('the walk catches what it should', () => {
    const config: EcsArchConfig = { name: 'x', network: { vpc: 'vpc-1', subnets: ['subnet-1'] }, buckets: { b: {} }, tasks: { t: { image: 'i', access: { buckets: { b: 'read' } } } } };
    const template = compileProject(projectFrom(config)).templates[0]!.template;
    const statements = (template.Resources.TTaskRole!.Properties!.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]!.PolicyDocument.Statement;
    statements.push({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:DeleteObject', Resource: { 'Fn::GetAtt': ['OtherBucket', 'Arn'] } });
    expect(problems(config, template)).toEqual([
      'TTaskRole: wildcard action s3:*',
      'TTaskRole: s3:* is not implied by the config',
      'TTaskRole: s3:* on "*"',
      'TTaskRole: s3:DeleteObject is not implied by the config',
      'TTaskRole: refers to OtherBucket, which the config does not give it',
    ]);
  });
});

/** A role's statements by Sid, and its trust policy's condition. */
function role(template: Template, id: string) {
  const properties = template.Resources[id]!.Properties!;
  const policies = (properties.Policies as { PolicyDocument: { Statement: (Record<string, unknown> & { Sid: string })[] } }[] | undefined) ?? [];
  const statements = Object.fromEntries(policies.flatMap((p) => p.PolicyDocument.Statement).map((s) => [s.Sid, s]));
  const trust = (properties.AssumeRolePolicyDocument as { Statement: { Condition: unknown }[] }).Statement[0]!.Condition;
  return { statements, trust };
}

describe('statements, exactly', () => {
  const config: EcsArchConfig = {
    name: 'x',
    network: { vpc: 'vpc-1', subnets: ['subnet-1'] },
    buckets: { uploads: {} },
    tables: { results: { partitionKey: 'pk' } },
    queues: { jobs: {} },
    topics: { alerts: {} },
    tasks: {
      thumbnail: {
        image: 'i',
        access: { queues: { jobs: 'send' }, tables: { results: 'read' } },
        triggers: [{ s3: { bucket: 'uploads', prefix: 'incoming/', suffix: '.jpg' } }],
      },
      writer: { image: 'i', access: { buckets: { uploads: 'write' }, tables: { results: 'write' } }, triggers: [{ schedule: { expression: 'rate(1 hour)' } }] },
      ingest: { image: 'i', access: { topics: { alerts: 'publish' } }, triggers: [{ sqs: { queue: 'jobs' } }] },
    },
  };
  const template = compileProject(projectFrom(config)).templates[0]!.template;
  const thumbnail = role(template, 'ThumbnailTaskRole').statements;
  const writer = role(template, 'WriterTaskRole').statements;
  const ingest = role(template, 'IngestTaskRole').statements;

  // Object ARNs take IAM's "*" wildcard, and ListBucket on the bucket makes a missing key a 404:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html ("Permissions")
  test('1. an s3 trigger reads only the objects its rule can match, and lists the bucket', () => {
    expect(thumbnail.UploadsBucketList).toEqual({ Sid: 'UploadsBucketList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: { 'Fn::GetAtt': ['UploadsBucket', 'Arn'] } });
    expect(thumbnail.UploadsBucketReadMatched).toEqual({
      Sid: 'UploadsBucketReadMatched',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: { 'Fn::Sub': '${UploadsBucket.Arn}/incoming/*.jpg' },
    });
    expect(thumbnail.UploadsBucketRead).toBeUndefined();
  });

  // ecs:UpdateTaskProtection takes a task resource and aws:ResourceTag/${TagKey}; tags propagate
  // from the task definition to a service's tasks (PropagateTags TASK_DEFINITION):
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html
  test("2. task protection covers only the service's own tasks, by the tag their task definition gives them", () => {
    expect(ingest.TaskScaleInProtection).toEqual({
      Sid: 'TaskScaleInProtection',
      Effect: 'Allow',
      Action: ['ecs:GetTaskProtection', 'ecs:UpdateTaskProtection'],
      Resource: { 'Fn::Sub': ['arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${ClusterName}/*', { ClusterName: { Ref: 'Cluster' } }] },
      Condition: { StringEquals: { 'aws:ResourceTag/ecs-arch:task': 'x-dev-ingest' } },
    });
    expect(template.Resources.IngestTaskDefinition!.Properties!.Tags).toEqual([{ Key: 'ecs-arch:task', Value: 'x-dev-ingest' }]);
    expect(template.Resources.IngestService!.Properties).toMatchObject({ EnableECSManagedTags: true, PropagateTags: 'TASK_DEFINITION' });
  });

  // SendMessage is all sending needs; the runtime's consumer reads the visibility timeout
  // (workers/runtime/queue.ts); queues use SQS-managed SSE, so no KMS:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
  test('3. send is sqs:SendMessage only; consume keeps what the runtime reads', () => {
    expect(thumbnail.JobsQueueSend).toEqual({ Sid: 'JobsQueueSend', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] } });
    expect(ingest.JobsQueueConsume).toEqual({
      Sid: 'JobsQueueConsume',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      Resource: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] },
    });
  });

  // kms:ViaService limits the key to requests SNS makes for the publisher:
  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html (kms:ViaService)
  test('4. the publisher may use the topic key only through SNS', () => {
    expect(ingest.AlertsTopicEncrypt).toEqual({
      Sid: 'AlertsTopicEncrypt',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': ['TopicKey', 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'sns.${AWS::Region}.amazonaws.com' } } },
    });
  });

  // https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html (the schedule group's ARN)
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html (arn:…:ecs:<region>:<account>:*)
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html (rule ARNs)
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions (no conditions on SNS targets)
  test('5. trust policies name the source ARN; the topic policy for EventBridge stays condition-free', () => {
    const account = { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } };
    const ecs = { StringEquals: account, ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*' } } };
    expect(role(template, 'ThumbnailTaskRole').trust).toEqual(ecs);
    expect(role(template, 'ThumbnailExecutionRole').trust).toEqual(ecs);
    expect(role(template, 'WriterSchedulerRole').trust).toEqual({
      StringEquals: account,
      ArnEquals: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule-group/${ScheduleGroup}' } },
    });
    expect(role(template, 'ThumbnailEventsRole').trust).toEqual({
      StringEquals: account,
      ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*' } },
    });
    const alerting = compileProject(projectFrom({ ...config, alerts: { topic: 'alerts', on: ['task-failed'], tasks: ['thumbnail'] } })).templates[0]!.template;
    const topicPolicy = Object.values(alerting.Resources).find((r) => r.Type === 'AWS::SNS::TopicPolicy')!;
    const statements = (topicPolicy.Properties!.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements.find((s) => s.Sid === 'AlertRulesPublish')).not.toHaveProperty('Condition');
  });

  // GetItem, BatchGetItem, ConditionCheckItem and DescribeTable take only the table resource;
  // Query and Scan take table and index:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
  test('6. table read: Query and Scan on the table and its indexes, the rest on the table only', () => {
    expect(thumbnail.ResultsTableQuery).toEqual({
      Sid: 'ResultsTableQuery',
      Effect: 'Allow',
      Action: ['dynamodb:Query', 'dynamodb:Scan'],
      Resource: [{ 'Fn::GetAtt': ['ResultsTable', 'Arn'] }, { 'Fn::Sub': '${ResultsTable.Arn}/index/*' }],
    });
    expect(thumbnail.ResultsTableRead).toEqual({
      Sid: 'ResultsTableRead',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
      Resource: { 'Fn::GetAtt': ['ResultsTable', 'Arn'] },
    });
  });

  // BatchWriteItem "puts or deletes multiple items" under one action, so table write includes
  // deletes; bucket write does too:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
  test('7. write includes deletes on buckets as on tables, as the schema says', () => {
    expect(writer.UploadsBucketWrite).toEqual({
      Sid: 'UploadsBucketWrite',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
      Resource: { 'Fn::Sub': '${UploadsBucket.Arn}/*' },
    });
    expect(writer.ResultsTableWrite).toEqual({
      Sid: 'ResultsTableWrite',
      Effect: 'Allow',
      Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      Resource: { 'Fn::GetAtt': ['ResultsTable', 'Arn'] },
    });
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema/ecs-arch.schema.json'), 'utf8')) as { definitions: Record<string, unknown> };
    const text = JSON.stringify(schema);
    for (const action of [...BUCKET.read, ...BUCKET.write, ...TABLE.read, ...TABLE.write, ...QUEUE.send, ...QUEUE.consume]) expect(text).toContain(action);
    const docs = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
    expect(docs).toContain('s3:PutObject, s3:AbortMultipartUpload and s3:DeleteObject');
  });

  test("8. examples/full's thumbnail task may write the thumbnails its OUTPUT_PREFIX names", async () => {
    const project = await loadExample('full');
    const full = compileProject(project).templates[0]!.template;
    expect(project.config.tasks!.thumbnail!.environment!.OUTPUT_PREFIX).toBe('thumbnails/dev/');
    expect(role(full, 'ThumbnailTaskRole').statements.UploadsBucketWrite).toEqual({
      Sid: 'UploadsBucketWrite',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
      Resource: { 'Fn::Sub': '${UploadsBucket.Arn}/*' },
    });
  });
});
