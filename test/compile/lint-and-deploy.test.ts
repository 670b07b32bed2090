// The proof that templates are right: cfn-lint finds nothing (no errors, no warnings) in the
// template of every example and fixture, and every example deploys through a change set
// into moto's CloudFormation with the real SDK.
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { CloudFormationClient, CreateChangeSetCommand, DescribeStacksCommand, ExecuteChangeSetCommand, waitUntilChangeSetCreateComplete } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { serializeTemplate, type Template } from '../../src/compile/index.js';
import { startMoto, type Moto } from '../support/moto.js';
import { testWithTool } from '../support/tools.js';
import { cfnLint, compileConfig, compileExample, EXAMPLES, FIXTURES, fixtureConfig, resourcesOfType } from './helpers.js';

describe('cfn-lint', () => {
  testWithTool('cfn-lint')('reports nothing for every example and every fixture', async () => {
    const templates: Record<string, Template> = {};
    for (const example of EXAMPLES) templates[`example-${example}`] = await compileExample(example);
    for (const fixture of FIXTURES) templates[`fixture-${fixture.replace(/\.yml$/, '')}`] = compileConfig(fixtureConfig(fixture));
    expect(Object.keys(templates)).toHaveLength(EXAMPLES.length + FIXTURES.length);
    const findings = cfnLint(templates).map((f) => `${f.Filename.split('/').pop()}: ${f.Level} ${f.Rule.Id} ${(f.Location.Path ?? []).join('/')}: ${f.Message}`);
    expect(findings).toEqual([]);
  });
});

// moto's CloudFormation skips resource types it does not implement (it warns and leaves them
// out): AWS::ApplicationAutoScaling::*, AWS::CloudWatch::Alarm, AWS::S3::BucketPolicy,
// AWS::SNS::Subscription, AWS::SNS::TopicPolicy, AWS::SQS::QueuePolicy and AWS::Scheduler::*
// (moto 5). Everything else is created for real, with references resolved.
describe('deploying to moto', () => {
  let moto: Moto | null = null;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  testWithTool('moto_server')('every example reaches CREATE_COMPLETE and its buckets, queues and tables exist', async () => {
    const cfn = new CloudFormationClient(moto!.clientConfig);
    const s3 = new S3Client({ ...moto!.clientConfig, forcePathStyle: true });
    const sqs = new SQSClient(moto!.clientConfig);
    const dynamodb = new DynamoDBClient(moto!.clientConfig);
    for (const example of EXAMPLES) {
      await moto!.reset();
      const template = await compileExample(example);
      const StackName = `${example}-dev`;
      await cfn.send(
        new CreateChangeSetCommand({
          StackName,
          ChangeSetName: 'create',
          ChangeSetType: 'CREATE',
          TemplateBody: serializeTemplate(template),
          Capabilities: ['CAPABILITY_IAM'],
        }),
      );
      await waitUntilChangeSetCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { StackName, ChangeSetName: 'create' });
      await cfn.send(new ExecuteChangeSetCommand({ StackName, ChangeSetName: 'create' }));
      let status = '';
      for (let i = 0; i < 120 && !/(COMPLETE|FAILED)$/.test(status); i++) {
        if (i) await new Promise((r) => setTimeout(r, 250));
        status = (await cfn.send(new DescribeStacksCommand({ StackName }))).Stacks![0]!.StackStatus!;
      }
      expect(`${example}: ${status}`).toBe(`${example}: CREATE_COMPLETE`);

      const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
      expect(buckets).toHaveLength(resourcesOfType(template, 'AWS::S3::Bucket').length);
      const queues = (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];
      expect(queues).toHaveLength(resourcesOfType(template, 'AWS::SQS::Queue').length);
      const tables = (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
      expect(tables).toHaveLength(resourcesOfType(template, 'AWS::DynamoDB::Table').length);
    }
  });
});
