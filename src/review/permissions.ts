// What each task may do, in plain words, read from the compiled task role policies
// (so escape-hatch patches to a role show up too).
import type { CfnResource, CompileResult } from '../compile/types.js';
import { resourceSource } from '../cfn/template.js';

const VERBS: Record<string, string> = {
  'dynamodb:GetItem': 'read items',
  'dynamodb:BatchGetItem': 'read items',
  'dynamodb:Query': 'read items',
  'dynamodb:Scan': 'read items',
  'dynamodb:ConditionCheckItem': 'read items',
  'dynamodb:DescribeTable': 'read items',
  'dynamodb:PutItem': 'write items',
  'dynamodb:UpdateItem': 'write items',
  'dynamodb:DeleteItem': 'write items',
  'dynamodb:BatchWriteItem': 'write items',
  's3:ListBucket': 'list objects',
  's3:GetObject': 'read objects',
  's3:PutObject': 'write objects',
  's3:AbortMultipartUpload': 'write objects',
  's3:DeleteObject': 'delete objects',
  'sqs:SendMessage': 'send messages',
  'sqs:ReceiveMessage': 'consume messages',
  'sqs:DeleteMessage': 'consume messages',
  'sqs:ChangeMessageVisibility': 'consume messages',
  'sqs:GetQueueAttributes': 'look up the queue',
  'sqs:GetQueueUrl': 'look up the queue',
  'sns:Publish': 'publish messages',
  'kms:GenerateDataKey': 'encrypt and decrypt with the key',
  'kms:Decrypt': 'encrypt and decrypt with the key',
  'ecs:GetTaskProtection': 'protect its own tasks from scale-in',
  'ecs:UpdateTaskProtection': 'protect its own tasks from scale-in',
};

const TYPE_WORDS: Record<string, string> = {
  'AWS::S3::Bucket': 'S3 bucket',
  'AWS::DynamoDB::Table': 'DynamoDB table',
  'AWS::SQS::Queue': 'SQS queue',
  'AWS::SNS::Topic': 'SNS topic',
  'AWS::KMS::Key': 'KMS key',
};

export interface TaskPermissions {
  task: string;
  /** "write items on DynamoDB table `ResultsTable` (`dynamodb:PutItem`, …)", one per statement. */
  lines: string[];
}

type Resources = Record<string, CfnResource>;

function named(resources: Resources, id: string): string {
  const type = resources[id]?.Type;
  return `${type ? (TYPE_WORDS[type] ?? type) : 'resource'} \`${id}\``;
}

/** The resource with its preposition: "on S3 bucket `X`", "in S3 bucket `X`" (its objects). */
function describeResource(value: unknown, resources: Resources): string {
  if (value === '*') return 'on every resource';
  if (typeof value === 'string') return `on \`${value}\``;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::GetAtt'])) return `on ${named(resources, String(v['Fn::GetAtt'][0]))}`;
  if (typeof v.Ref === 'string') return `on ${named(resources, v.Ref)}`;
  const sub = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub'];
  if (typeof sub === 'string') {
    const own = /^\$\{([A-Za-z0-9]+)\.Arn\}(\/index\/\*|\/\*)?$/.exec(sub);
    if (own) return `${own[2] === '/*' ? 'in' : own[2] ? 'on the indexes of' : 'on'} ${named(resources, own[1]!)}`;
    const bucket = /^arn:\$\{AWS::Partition\}:s3:::([^/]+)(\/\*)?$/.exec(sub);
    if (bucket) return `${bucket[2] ? 'in' : 'on'} S3 bucket \`${bucket[1]}\``;
    return `on \`${sub}\``;
  }
  return `on \`${JSON.stringify(value)}\``;
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The role a task definition runs its containers as. */
function taskRoleId(definition: CfnResource): string | undefined {
  const arn = definition.Properties?.TaskRoleArn as { 'Fn::GetAtt'?: unknown[] } | undefined;
  return Array.isArray(arn?.['Fn::GetAtt']) ? String(arn['Fn::GetAtt'][0]) : undefined;
}

export function taskPermissions(result: CompileResult, tasks: readonly string[]): TaskPermissions[] {
  const resources: Resources = Object.assign({}, ...result.templates.map((t) => t.template.Resources));
  const definitions = Object.values(resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition');
  return tasks.map((task) => {
    const definition = definitions.find((d) => resourceSource(d) === `tasks.${task}`);
    const roleId = definition && taskRoleId(definition);
    const policies = list(roleId ? resources[roleId]?.Properties?.Policies : undefined) as { PolicyDocument?: { Statement?: unknown } }[];
    const lines = policies.flatMap((policy) =>
      (list(policy.PolicyDocument?.Statement) as { Effect?: string; Action?: unknown; Resource?: unknown }[]).map((statement) => {
        const actions = list(statement.Action).map(String);
        const verbs = [...new Set(actions.map((a) => VERBS[a] ?? a))].join(', ');
        const targets = list(statement.Resource).map((r) => describeResource(r, resources)).join(' and ');
        return `${statement.Effect === 'Deny' ? 'may not ' : ''}${verbs} ${targets} (${actions.map((a) => `\`${a}\``).join(', ')})`;
      }),
    );
    return { task, lines };
  });
}
