// Least privilege, checked independently of the compiler: every IAM policy in every example
// and fixture is walked; "*" actions fail, "*" resources fail except where AWS allows nothing
// narrower, and every action and every referenced resource must follow from the config.
import { describe, expect, test } from '@jest/globals';
import type { EcsArchConfig, Task } from '../../src/config/index.js';
import type { Template } from '../../src/compile/index.js';
import { compileProject } from '../../src/compile/index.js';
import { LOG_DELIVERY_ACTIONS, RESOURCE_WILDCARD_ACTIONS } from '../../src/cfn/aws.js';
import { asList } from '../../src/util/records.js';
import { EXAMPLES, FIXTURES, fixtureConfig, loadExample, projectFrom } from './helpers.js';


const BUCKET = { read: ['s3:ListBucket', 's3:GetObject'], write: ['s3:PutObject', 's3:AbortMultipartUpload'] };
const TABLE = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
};
const QUEUE = {
  send: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
  consume: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
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
