// Task definitions with their log groups and two roles each: the execution role (ECS pulls
// the image, writes logs, reads secrets) and the task role (what the container may do).
import { IMAGE_REPOSITORY, imageUri } from '../bootstrap/names.js';
import { arn, getAtt, ref, sub, subLiteral, type Value } from '../cfn/intrinsics.js';
import { assumeRolePolicy, everyResourceStatement, policyDocument, resource, type PolicyStatement } from '../cfn/resources.js';
import type { ECSTaskDefinition_ContainerDefinition } from '../cfn/resource-types.generated.js';
import type { ModelSecret, ModelTask } from '../model/index.js';
import { bucketEnv, bucketGrants, grantStatement, queueEnv, queueGrants, tableEnv, tableGrants, topicEnv, topicGrants, type Grant } from './access.js';
import type { CompileContext, Contribution } from './contribution.js';
import { TASK_TAG } from './names.js';

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/** The ECR repository the execution role pulls from: the bootstrap one for a build, else the URI's when it is ECR. */
function ecrRepositoryArn(image: ModelTask['image']): Value | undefined {
  if ('build' in image) return arn('ecr', `repository/${IMAGE_REPOSITORY}`);
  const ecr = ECR_IMAGE.exec(image.uri);
  if (!ecr) return undefined;
  const [, account, region, repository] = ecr;
  return sub(`arn:\${AWS::Partition}:ecr:${region}:${account}:repository/${repository}`);
}

/** What `access` grants and names: statements for the task role, ECS_ARCH_* variables. */
export function compileAccess({ names }: CompileContext, task: ModelTask): Contribution {
  const grants: Grant[] = [];
  const env: Record<string, Value> = {};
  for (const [bucket, level] of Object.entries(task.access.buckets)) {
    grants.push(...bucketGrants(names, bucket, level));
    Object.assign(env, bucketEnv(names, bucket));
  }
  for (const [table, level] of Object.entries(task.access.tables)) {
    grants.push(...tableGrants(names, table, level));
    Object.assign(env, tableEnv(names, table));
  }
  for (const [queue, level] of Object.entries(task.access.queues)) {
    grants.push(...queueGrants(names, queue, level));
    Object.assign(env, queueEnv(names, queue));
  }
  for (const topic of Object.keys(task.access.topics)) {
    grants.push(...topicGrants(names, topic));
    Object.assign(env, topicEnv(names, topic));
  }
  return { taskRole: { [task.name]: grants }, environment: { [task.name]: env } };
}

/** A Secrets Manager secret is its complete ARN or a {{resolve:ssm:…}} holding it (config/rules.ts); an SSM parameter may be a name. */
function secretArn(secret: ModelSecret): Value {
  if (secret.source === 'secretsmanager' || secret.id.startsWith('arn:')) return secret.id;
  return arn('ssm', `parameter${subLiteral(secret.id)}`);
}

/**
 * The IAM resource for a secret: an ARN with a JSON key, version stage or version id
 * (`…:secret:db-AbCdEf:password::`) is granted on the secret's own ARN, the first seven
 * colon-separated fields, since that is the resource GetSecretValue is authorised against.
 */
function secretPolicyArn(secret: ModelSecret): Value {
  if (secret.source === 'secretsmanager' && secret.id.startsWith('arn:')) return secret.id.split(':').slice(0, 7).join(':');
  return secretArn(secret);
}

/** Two keys of one secret need one IAM resource. */
const distinct = (values: Value[]): Value[] => [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];

/**
 * ECS assumes both roles for this account's tasks in this Region. A narrower ARN would name the
 * task definition, which names these roles (a cycle). ECS developer guide, "Amazon ECS task IAM
 * role": https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
function trustPolicy() {
  return assumeRolePolicy('ecs-tasks.amazonaws.com', { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') }, ArnLike: { 'aws:SourceArn': arn('ecs', '*') } });
}

/** Unique statements (or grants), in first-seen order; Sids stay unique within the policy. */
export function mergeStatements<T extends { Sid?: string }>(statements: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const statement of statements) {
    const key = JSON.stringify(statement);
    if (!seen.has(key)) seen.set(key, statement);
  }
  const sids = new Map<string, number>();
  return [...seen.values()].map((s) => {
    if (!s.Sid) return s;
    const count = (sids.get(s.Sid) ?? 0) + 1;
    sids.set(s.Sid, count);
    return count === 1 ? s : { ...s, Sid: `${s.Sid}${count}` };
  });
}

export function compileTask(
  { model, names }: CompileContext,
  task: ModelTask,
  /** Merged already (mergeStatements): review.md words the same list. */
  grants: readonly Grant[],
  environment: Record<string, Value>,
): Contribution {
  const group = `task:${task.name}` as const;
  const origin = { source: task.path, group };
  const logGroup = names.task(task.name, 'LogGroup');
  const executionRole = names.task(task.name, 'ExecutionRole');
  const taskRole = names.task(task.name, 'TaskRole');
  const taskDefinition = names.task(task.name, 'TaskDefinition');

  const executionStatements: PolicyStatement[] = [
    { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(logGroup, 'Arn') },
  ];
  const pullFrom = ecrRepositoryArn(task.image);
  if (pullFrom) {
    executionStatements.push(
      // ECR issues registry tokens per account: AWS offers no narrower resource for this action.
      everyResourceStatement('EcrToken', ['ecr:GetAuthorizationToken']),
      {
        Sid: 'PullImage',
        Effect: 'Allow',
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        Resource: pullFrom,
      },
    );
  }
  const ssm = task.secrets.filter((s) => s.source === 'ssm');
  const secretsManager = task.secrets.filter((s) => s.source === 'secretsmanager');
  if (ssm.length) executionStatements.push({ Sid: 'ReadParameters', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: ssm.map(secretPolicyArn) });
  if (secretsManager.length) {
    executionStatements.push({ Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: distinct(secretsManager.map(secretPolicyArn)) });
  }
  if (task.secretsKmsKey && task.secrets.length) {
    // Only as Secrets Manager or SSM decrypts the task's secrets, not directly:
    // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
    const services = [...(secretsManager.length ? ['secretsmanager'] : []), ...(ssm.length ? ['ssm'] : [])];
    executionStatements.push({
      Sid: 'DecryptSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: task.secretsKmsKey,
      Condition: { StringEquals: { 'kms:ViaService': services.map((service) => sub(`${service}.\${AWS::Region}.amazonaws.com`)) } },
    });
  }

  const statements = grants.map(grantStatement);
  const env = { ...Object.fromEntries(Object.entries(task.environment)), ...environment };
  const container: ECSTaskDefinition_ContainerDefinition = {
    Name: task.name,
    Image: 'uri' in task.image ? task.image.uri : imageUri(task.image.build.tag),
    Essential: true,
    ...(task.command ? { Command: task.command } : {}),
    Environment: Object.keys(env)
      .sort()
      .map((name) => ({ Name: name, Value: env[name] })),
    ...(task.secrets.length ? { Secrets: task.secrets.map((s) => ({ Name: s.name, ValueFrom: secretArn(s) })) } : {}),
    LogConfiguration: {
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': ref(logGroup), 'awslogs-region': ref('AWS::Region'), 'awslogs-stream-prefix': task.name },
    },
  };

  return {
    resources: {
      [logGroup]: resource('AWS::Logs::LogGroup', { RetentionInDays: task.logRetentionDays }, origin),
      [executionRole]: resource(
        'AWS::IAM::Role',
        {
          Description: `ECS pulls the image, writes logs and reads secrets for ${model.stackName} task ${task.name}`,
          AssumeRolePolicyDocument: trustPolicy(),
          Policies: [{ PolicyName: 'execution', PolicyDocument: policyDocument(executionStatements) }],
        },
        origin,
      ),
      [taskRole]: resource(
        'AWS::IAM::Role',
        {
          Description: `What the containers of ${model.stackName} task ${task.name} may do`,
          AssumeRolePolicyDocument: trustPolicy(),
          ...(statements.length ? { Policies: [{ PolicyName: 'access', PolicyDocument: policyDocument(statements) }] } : {}),
        },
        origin,
      ),
      [taskDefinition]: resource(
        'AWS::ECS::TaskDefinition',
        {
          Family: names.family(task.name),
          Cpu: String(task.cpu),
          Memory: String(task.memory),
          NetworkMode: 'awsvpc',
          RequiresCompatibilities: ['FARGATE'],
          RuntimePlatform: { CpuArchitecture: task.architecture === 'arm64' ? 'ARM64' : 'X86_64', OperatingSystemFamily: 'LINUX' },
          ExecutionRoleArn: getAtt(executionRole, 'Arn'),
          TaskRoleArn: getAtt(taskRole, 'Arn'),
          ContainerDefinitions: [container],
          Tags: [{ Key: TASK_TAG, Value: names.family(task.name) }],
        },
        origin,
      ),
    },
    outputs: { [`${taskDefinition}Arn`]: { Value: ref(taskDefinition), Description: `Task definition of ${task.name}` } },
  };
}
