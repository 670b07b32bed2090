// The built-in security rules on small templates, and on every example (which must be clean).
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { loadProject } from '../../src/config/index.js';
import { compileProject, type CfnResource, type Template } from '../../src/compile/index.js';
import { RULES, runRules } from '../../src/lint/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const template = (resources: Record<string, CfnResource>): Template => ({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
const hits = (resources: Record<string, CfnResource>) => runRules('template.json', template(resources)).map((f) => [f.rule, f.level, f.path.join('/'), f.message]);
const retained = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } as const;
const blocked = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

describe('built-in rules', () => {
  test('ids are unique and in order, each with a description', () => {
    expect(RULES.map((r) => [r.id, r.level])).toEqual([
      ['EA1001', 'error'],
      ['EA1002', 'error'],
      ['EA1003', 'warning'],
      ['EA1004', 'warning'],
      ['EA1005', 'warning'],
      ['EA1006', 'warning'],
    ]);
    for (const rule of RULES) expect(rule.description.length).toBeGreaterThan(10);
  });

  test('EA1001: buckets without a public access block, or with one part of it off', () => {
    expect(
      hits({
        Open: { Type: 'AWS::S3::Bucket', ...retained },
        Half: { Type: 'AWS::S3::Bucket', ...retained, Properties: { PublicAccessBlockConfiguration: { ...blocked, BlockPublicPolicy: false, RestrictPublicBuckets: undefined } } },
        Closed: { Type: 'AWS::S3::Bucket', ...retained, Properties: { PublicAccessBlockConfiguration: blocked } },
      }),
    ).toEqual([
      ['EA1001', 'error', 'Resources/Open', 'Bucket Open has no PublicAccessBlockConfiguration: it can be made public'],
      ['EA1001', 'error', 'Resources/Half/Properties/PublicAccessBlockConfiguration', 'Bucket Half does not block public access: BlockPublicPolicy, RestrictPublicBuckets are not true'],
    ]);
  });

  test('EA1002: "*" actions and "*" resources in identity policies, except the allow-list; resource policies are not IAM grants', () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    expect(
      hits({
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: trust,
            Policies: [
              {
                PolicyName: 'p',
                PolicyDocument: {
                  Statement: [
                    { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
                    { Effect: 'Allow', Action: ['s3:*', 'sqs:SendMessage'], Resource: { 'Fn::GetAtt': ['Q', 'Arn'] } },
                    { Effect: 'Allow', Action: ['dynamodb:GetItem', 'cloudwatch:PutMetricData'], Resource: ['*'] },
                    { Effect: 'Deny', Action: '*', Resource: '*' },
                  ],
                },
              },
            ],
          },
        },
        Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } } },
        Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] } } },
      }),
    ).toEqual([
      ['EA1002', 'error', 'Resources/Role/Properties/Policies/0/PolicyDocument/Statement/1', 'Role allows every action (s3:*)'],
      ['EA1002', 'error', 'Resources/Role/Properties/Policies/0/PolicyDocument/Statement/2', 'Role allows dynamodb:GetItem on every resource ("*")'],
      ['EA1002', 'error', 'Resources/Policy/Properties/PolicyDocument/Statement/0', 'Policy allows every action (*)'],
    ]);
  });

  test('EA1003/EA1004: unencrypted queues and topics', () => {
    expect(
      hits({
        Plain: { Type: 'AWS::SQS::Queue', ...retained, Properties: { SqsManagedSseEnabled: false } },
        Managed: { Type: 'AWS::SQS::Queue', ...retained, Properties: { SqsManagedSseEnabled: true } },
        Kms: { Type: 'AWS::SQS::Queue', ...retained, Properties: { KmsMasterKeyId: 'alias/aws/sqs' } },
        PlainTopic: { Type: 'AWS::SNS::Topic' },
        KmsTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Key' } } },
      }),
    ).toEqual([
      ['EA1003', 'warning', 'Resources/Plain', 'Queue Plain is not encrypted: set SqsManagedSseEnabled: true or a KmsMasterKeyId'],
      ['EA1004', 'warning', 'Resources/PlainTopic', 'Topic PlainTopic is not encrypted: set a KmsMasterKeyId'],
    ]);
  });

  test('EA1005/EA1006: log groups without retention; stateful resources without Retain', () => {
    expect(
      hits({
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
        KeptLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 14 } },
        Table: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain' },
        Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: { PublicAccessBlockConfiguration: blocked } },
        Global: { Type: 'AWS::DynamoDB::GlobalTable', UpdateReplacePolicy: 'Retain' },
      }),
    ).toEqual([
      ['EA1005', 'warning', 'Resources/Logs', 'Log group Logs keeps logs forever: set RetentionInDays'],
      ['EA1006', 'warning', 'Resources/Table', 'AWS::DynamoDB::Table Table would be deleted with its data: set UpdateReplacePolicy: Retain'],
      ['EA1006', 'warning', 'Resources/Bucket', 'AWS::S3::Bucket Bucket would be deleted with its data: set DeletionPolicy: Retain and UpdateReplacePolicy: Retain'],
      // The same stateful types deploy guards (src/cfn/aws.ts), global tables included.
      ['EA1006', 'warning', 'Resources/Global', 'AWS::DynamoDB::GlobalTable Global would be deleted with its data: set DeletionPolicy: Retain'],
    ]);
  });

  test('every example compiles to templates the rules find nothing in', async () => {
    const examples = readdirSync(join(ROOT, 'examples')).sort();
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of examples) {
      const loaded = await loadProject({ configPath: join('examples', example, 'ecs-arch.yml'), cwd: ROOT, env: {} });
      if (!loaded.ok) throw new Error(`examples/${example} does not load`);
      const result = compileProject(loaded.project);
      expect([example, result.templates.flatMap((t) => runRules(t.fileName, t.template))]).toEqual([example, []]);
    }
  });
});
