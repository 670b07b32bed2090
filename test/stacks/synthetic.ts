// Synthetic compiled templates shaped like the compiler's output: shared resources (cluster,
// security group, alert topic and rule) and, per task, the resources a scheduled task with a
// dead-letter queue gets, all with Metadata.EcsArch { Source, Group } and cross references.
import type { CfnResource, Template } from '../../src/compile/types.js';

export const pascal = (name: string): string =>
  name
    .split('-')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

export const taskNames = (count: number, prefix = 'task'): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

const meta = (source: string, group: string) => ({ EcsArch: { Source: source, Group: group } });
const retain = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } as const;
const trust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/** The resources of one task: 9 of them, referring to each other and to shared resources. */
function ecsTask(name: string, neighbour: string | undefined): Record<string, CfnResource> {
  const p = pascal(name);
  const group = `task:${name}`;
  const source = `tasks.${name}`;
  const m = (suffix = '') => meta(`${source}${suffix}`, group);
  const send = neighbour ? [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::Sub': `\${${pascal(neighbour)}Queue.Arn}` } }] : [];
  return {
    [`${p}LogGroup`]: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: { 'Fn::Sub': `/ecs-arch/\${AWS::StackName}/${name}` }, RetentionInDays: 14 },
      Metadata: m(),
    },
    [`${p}ExecutionRole`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com'),
        ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }],
      },
      Metadata: m(),
    },
    [`${p}TaskRole`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com'),
        Policies: [
          {
            PolicyName: 'access',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'AlertsTopic' } },
                { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: { 'Fn::GetAtt': [`${p}Queue`, 'Arn'] } },
                ...send,
              ],
            },
          },
        ],
      },
      Metadata: m('.access'),
    },
    [`${p}TaskDefinition`]: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: { 'Fn::Sub': `\${AWS::StackName}-${name}` },
        Cpu: '256',
        Memory: '512',
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        ExecutionRoleArn: { 'Fn::GetAtt': [`${p}ExecutionRole`, 'Arn'] },
        TaskRoleArn: { 'Fn::GetAtt': `${p}TaskRole.Arn` },
        ContainerDefinitions: [
          {
            Name: name,
            Image: 'public.ecr.aws/docker/library/node:20-slim',
            Essential: true,
            Environment: [
              { Name: 'ECS_ARCH_TOPIC_ALERTS_ARN', Value: { Ref: 'AlertsTopic' } },
              { Name: 'ECS_ARCH_QUEUE_URL', Value: { Ref: `${p}Queue` } },
              { Name: 'ECS_ARCH_CLUSTER', Value: { 'Fn::Sub': ['${Name}/${Cluster}/${!Literal}', { Name: name }] } },
            ],
            LogConfiguration: {
              LogDriver: 'awslogs',
              Options: { 'awslogs-group': { Ref: `${p}LogGroup` }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': name },
            },
          },
        ],
      },
      Metadata: m(),
    },
    [`${p}DeadLetterQueue`]: { Type: 'AWS::SQS::Queue', ...retain, Properties: { MessageRetentionPeriod: 1209600 }, Metadata: m('.triggers[0]') },
    [`${p}Queue`]: {
      Type: 'AWS::SQS::Queue',
      ...retain,
      Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [`${p}DeadLetterQueue`, 'Arn'] }, maxReceiveCount: 5 } },
      Metadata: m('.triggers[0]'),
    },
    [`${p}EventsRole`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust('events.amazonaws.com'),
        Policies: [
          {
            PolicyName: 'run-task',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'ecs:RunTask', Resource: { Ref: `${p}TaskDefinition` } },
                {
                  Effect: 'Allow',
                  Action: 'iam:PassRole',
                  Resource: [{ 'Fn::GetAtt': [`${p}TaskRole`, 'Arn'] }, { 'Fn::GetAtt': [`${p}ExecutionRole`, 'Arn'] }],
                },
              ],
            },
          },
        ],
      },
      Metadata: m('.triggers[0]'),
    },
    [`${p}Rule`]: {
      Type: 'AWS::Events::Rule',
      DependsOn: [`${p}DeadLetterQueuePolicy`, 'AlertsTopic'],
      Properties: {
        ScheduleExpression: 'rate(1 hour)',
        Targets: [
          {
            Id: 'task',
            Arn: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
            RoleArn: { 'Fn::GetAtt': [`${p}EventsRole`, 'Arn'] },
            EcsParameters: {
              TaskDefinitionArn: { Ref: `${p}TaskDefinition` },
              LaunchType: 'FARGATE',
              NetworkConfiguration: {
                AwsVpcConfiguration: { Subnets: ['subnet-aaaa1111', 'subnet-bbbb2222'], SecurityGroups: [{ 'Fn::GetAtt': ['SecurityGroup', 'GroupId'] }] },
              },
            },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [`${p}DeadLetterQueue`, 'Arn'] } },
          },
        ],
      },
      Metadata: m('.triggers[0]'),
    },
    [`${p}DeadLetterQueuePolicy`]: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: `${p}DeadLetterQueue` }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: { 'Fn::GetAtt': [`${p}DeadLetterQueue`, 'Arn'] },
              Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${AWS::StackName}-${name}` } } },
            },
          ],
        },
      },
      Metadata: m('.triggers[0]'),
    },
  };
}

/**
 * A compiled-looking template for `names`. Every 25th task may send to the first task's
 * queue (task → task references that cannot form a cycle between stacks); the alerts rule lists the first tasks' task definitions
 * (shared → task); root outputs name one task's queue (they move into its child) and mix both.
 */
export function ecsTemplate(names: readonly string[]): Template {
  const resources: Record<string, CfnResource> = {
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] }, Metadata: meta('cluster', 'shared') },
    SecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'ecs-arch tasks (egress only)',
        VpcId: 'vpc-0123456789abcdef0',
        SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
      },
      Metadata: meta('network', 'shared'),
    },
    AlertsTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' }, Metadata: meta('topics.ops-alerts', 'shared') },
    AlertsRule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventPattern: {
          source: ['aws.ecs'],
          'detail-type': ['ECS Task State Change'],
          detail: { lastStatus: ['STOPPED'], taskDefinitionArn: names.slice(0, 20).map((name) => ({ Ref: `${pascal(name)}TaskDefinition` })) },
        },
        Targets: [{ Id: 'alerts', Arn: { Ref: 'AlertsTopic' } }],
      },
      Metadata: meta('alerts', 'shared'),
    },
    AlertsTopicPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'AlertsTopic' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: { Ref: 'AlertsTopic' },
              Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['AlertsRule', 'Arn'] } } },
            },
          ],
        },
      },
      Metadata: meta('alerts', 'shared'),
    },
  };
  names.forEach((name, i) => Object.assign(resources, ecsTask(name, i % 25 === 24 ? names[0] : undefined)));
  const first = pascal(names[0]!);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'ecs-arch: scale-test-dev',
    Resources: resources,
    Outputs: {
      ClusterName: { Value: { Ref: 'Cluster' } },
      FirstQueueUrl: { Value: { Ref: `${first}Queue` }, Description: 'queue of the first task' },
      FirstQueueArn: { Value: { 'Fn::Sub': `queue \${${first}Queue.Arn} in \${AWS::Region}` } },
      Summary: { Value: { 'Fn::Sub': `\${Cluster} runs \${${first}Queue.Arn}` } },
    },
  };
}

/**
 * The same shape with only resource types moto can create from CloudFormation (SQS, SNS,
 * IAM roles, log groups): 5 per task.
 */
export function motoTemplate(names: readonly string[]): Template {
  const resources: Record<string, CfnResource> = {
    AlertsTopic: { Type: 'AWS::SNS::Topic', Properties: {}, Metadata: meta('topics.ops-alerts', 'shared') },
    SharedQueue: { Type: 'AWS::SQS::Queue', ...retain, Properties: {}, Metadata: meta('queues.shared', 'shared') },
  };
  for (const name of names) {
    const p = pascal(name);
    const m = meta(`tasks.${name}`, `task:${name}`);
    Object.assign(resources, {
      [`${p}LogGroup`]: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': `/ecs-arch/\${AWS::StackName}/${name}` } }, Metadata: m },
      [`${p}DeadLetterQueue`]: { Type: 'AWS::SQS::Queue', ...retain, Properties: {}, Metadata: m },
      [`${p}Queue`]: {
        Type: 'AWS::SQS::Queue',
        ...retain,
        Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [`${p}DeadLetterQueue`, 'Arn'] }, maxReceiveCount: 5 } },
        Metadata: m,
      },
      [`${p}TaskRole`]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com'),
          Policies: [
            {
              PolicyName: 'access',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'AlertsTopic' } },
                  { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: [{ 'Fn::GetAtt': [`${p}Queue`, 'Arn'] }, { 'Fn::GetAtt': ['SharedQueue', 'Arn'] }] },
                ],
              },
            },
          ],
        },
        Metadata: m,
      },
      [`${p}Topic`]: { Type: 'AWS::SNS::Topic', Properties: {}, Metadata: m },
    });
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'ecs-arch: moto nested stacks',
    Resources: resources,
    Outputs: { TopicArn: { Value: { Ref: 'AlertsTopic' } } },
  };
}
