// Deploys a split template into moto: children uploaded to the artifact bucket under their
// content-addressed keys, the parent created through a change set. moto reads a nested stack's
// TemplateURL from its own S3 (virtual-hosted URL: bucket from the host, key from the path)
// and names the nested stack after its logical ID. Values pass between stacks as AWS passes
// them (test/support/moto-patches/sitecustomize.py lets moto read a nested stack's outputs).
import { afterAll, beforeAll, expect } from '@jest/globals';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { splitTemplate, templateBody, templateKey } from '../../src/stacks/index.js';
import { startMoto, type Moto } from '../support/moto.js';
import { testWithTool } from '../support/tools.js';
import { motoTemplate, taskNames } from './synthetic.js';

let moto: Moto | null = null;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

testWithTool('moto_server')(
  'a change set creates the parent with its nested stacks from the artifact bucket',
  async () => {
    const stackName = 'nested-moto-dev';
    const bucket = 'ecs-arch-artifacts';
    const names = taskNames(30);
    const result = splitTemplate(motoTemplate(names), { maxResources: 50, maxBytes: 1_000_000, stackName, artifactBucket: bucket, region: moto!.clientConfig.region });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [root, ...children] = result.templates;
    expect(children.length).toBeGreaterThanOrEqual(4);

    const s3 = new S3Client({ ...moto!.clientConfig, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const child of children) {
      const body = templateBody(child.template);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: templateKey(stackName, body), Body: body, ContentType: 'application/json' }));
    }

    const cloudformation = new CloudFormationClient(moto!.clientConfig);
    const created = await cloudformation.send(
      new CreateChangeSetCommand({
        StackName: stackName,
        ChangeSetName: 'ecs-arch-create',
        ChangeSetType: 'CREATE',
        TemplateBody: templateBody(root!.template),
        Capabilities: ['CAPABILITY_IAM'],
        IncludeNestedStacks: true,
      }),
    );
    await until(
      () => cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id! })),
      (changeSet) => changeSet.Status === 'CREATE_COMPLETE',
      'the change set',
    );
    await cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id! }));
    await until(
      () => cloudformation.send(new DescribeStacksCommand({ StackName: stackName })),
      (described) => described.Stacks?.[0]?.StackStatus === 'CREATE_COMPLETE',
      'the parent stack',
    );

    const parentResources = (await cloudformation.send(new ListStackResourcesCommand({ StackName: stackName }))).StackResourceSummaries ?? [];
    const nested = parentResources.filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack');
    expect(nested.map((r) => r.LogicalResourceId).sort()).toEqual(children.map((c) => c.logicalId).sort());

    // Logical ID → physical ID of every resource, in the parent and in its nested stacks.
    const physical = new Map(parentResources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
    for (const child of children) {
      const described = await cloudformation.send(new DescribeStacksCommand({ StackName: physical.get(child.logicalId!)! }));
      expect(described.Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
      const resources = (await cloudformation.send(new ListStackResourcesCommand({ StackName: physical.get(child.logicalId!)! }))).StackResourceSummaries ?? [];
      expect(resources.map((r) => r.LogicalResourceId).sort()).toEqual(Object.keys(child.template.Resources).sort());
      expect(resources.every((r) => r.ResourceStatus === 'CREATE_COMPLETE' && r.PhysicalResourceId)).toBe(true);
      for (const r of resources) physical.set(r.LogicalResourceId!, r.PhysicalResourceId!);
    }
    expect(physical.get('AlertsTopic')).toMatch(/^arn:aws:sns:us-east-1:123456789012:nested-moto-dev-AlertsTopic-/);

    // What reached each child through its parameters is what the stack that owns it created:
    // the parent's topic (Ref AlertsTopic), or a queue of a data stack (GetAtt XQueue.Arn, read by the
    // parent as Fn::GetAtt [DataStack…, Outputs.XQueueArn]: moto-patches/sitecustomize.py).
    const sqs = new SQSClient(moto!.clientConfig);
    const expected = async (parameter: string): Promise<string> => {
      // The topic crosses under the name of the root output that is exactly its Ref.
      if (parameter === 'TopicArn') return physical.get('AlertsTopic')!;
      if (physical.has(parameter)) return physical.get(parameter)!;
      const queueUrl = physical.get(parameter.replace(/Arn$/, ''))!;
      return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    };
    const taskStacks = children.filter((child) => child.logicalId!.startsWith('TaskStack'));
    expect(taskStacks.length).toBeGreaterThanOrEqual(2);
    for (const child of taskStacks) {
      const described = await cloudformation.send(new DescribeStacksCommand({ StackName: physical.get(child.logicalId!)! }));
      const passed = (described.Stacks![0]!.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]);
      expect(passed.map(([key]) => key).sort()).toEqual(Object.keys(child.template.Parameters ?? {}).sort());
      expect(passed.map(([key]) => key)).toEqual(expect.arrayContaining(['TopicArn', 'SharedQueueArn']));
      for (const [key, value] of passed) expect([key, value]).toEqual([key, await expected(key!)]);
    }
    sqs.destroy();
  },
  120_000,
);
