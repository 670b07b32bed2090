// Issue 7 end to end through main(): a configuration whose template splits deploys into emulator.moto.
// deploy uploads every nested template to the artifact bucket under the key its TemplateURL
// names, creates the stack through a change set that includes the nested stacks, and refuses a
// later change that would remove or move stateful resources, inside a nested stack or out of
// the root when the template first goes over the limit. moto's notes (test/stacks/emulator.moto.test.ts):
// it skips some resource types and returns no Outputs for stacks made by change sets.
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { stringify } from 'yaml';
import type { Manifest, Template } from '../../src/compile/index.js';
import type { EcsArchConfig } from '../../src/config/index.js';
import { main } from '../../src/main.js';
import { templateBody } from '../../src/stacks/index.js';
import { fakeIo } from '../support/deploy-fixtures.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';
import { generatedConfig, generatedTaskName } from './generated.js';

const it = testWithTool('moto_server');
const BUCKET = 'nested-artifacts';
const emulator = motoBehindProxy();
let cfn: CloudFormationClient;
let s3: S3Client;

beforeAll(async () => {
  if (!emulator.moto) return;
  cfn = new CloudFormationClient(emulator.moto.clientConfig);
  s3 = new S3Client({ ...emulator.moto.clientConfig, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  cfn?.destroy();
  s3?.destroy();
});

const names = (count: number, from = 0) => Array.from({ length: count }, (_, i) => generatedTaskName(from + i));

/**
 * One shared bucket and queue keep the parent small; at most 50 resources per stack makes a few
 * tasks split. Only s3 and sqs tasks, alerts on failed tasks: moto cannot pass a Ref to a type it
 * skips (the schedule group) as a nested stack parameter, and fails on a nested output that
 * reads GetAtt of one (the dead-letter alarms the alert topic's policy names).
 */
function config(name: string, tasks: readonly string[]): EcsArchConfig {
  return { ...generatedConfig(tasks, { deployment: { artifactBucket: BUCKET, maxResourcesPerStack: 50 }, pools: 1, kinds: ['s3', 'sqs'], alertOn: ['task-failed'] }), name };
}

async function run(cwd: string, argv: string[], configured?: EcsArchConfig) {
  if (configured) writeFileSync(join(cwd, 'ecs-arch.yml'), stringify(configured));
  const fake = fakeIo({ cwd, env: emulator.env() });
  const code = await main(argv, fake.io);
  return { code, out: fake.stdout(), err: fake.stderr() };
}

const read = <T>(cwd: string, file: string): T => JSON.parse(readFileSync(join(cwd, '.ecs-arch', 'dev', file), 'utf8')) as T;

describe('deploy with nested stacks', () => {
  it('uploads every child under its TemplateURL key, creates the stack with its nested stacks, refuses to drop a child\'s queue', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-nested-'));
    let includeNested: string | null = null;
    emulator.proxy.add({ action: 'CreateChangeSet', before: (r) => void (includeNested = r.params.get('IncludeNestedStacks')) });
    const deployed = await run(cwd, ['deploy', '--yes', '--outputs-file', 'outputs.json'], config('scale', names(12)));
    expect(deployed.err).toBe('');
    expect(deployed.code).toBe(0);
    expect(deployed.out).toContain('Stack scale-dev: CREATE_COMPLETE\n');
    expect(includeNested).toBe('true');

    const root = read<Template>(cwd, 'template.json');
    const manifest = read<Manifest>(cwd, 'manifest.json');
    const children = manifest.templates.slice(1);
    expect(children.length).toBeGreaterThanOrEqual(3);
    expect(readdirSync(join(cwd, '.ecs-arch', 'dev', 'stacks')).sort()).toEqual(children.map((c) => `${c.logicalId}.json`).sort());

    // The keys deploy uploaded to are exactly the TemplateURLs in the parent, and the manifest's hashes.
    const listed = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'ecs-arch/scale-dev/' }))).Contents ?? [];
    const urls = children.map((c) => root.Resources[c.logicalId!]!.Properties!.TemplateURL as string);
    expect(urls.map((url) => url.replace(`https://${BUCKET}.s3.us-east-1.amazonaws.com/`, '')).sort()).toEqual(listed.map((o) => o.Key).sort());
    expect(listed.map((o) => o.Key).sort()).toEqual(children.map((c) => `ecs-arch/scale-dev/${c.hash}.json`).sort());
    for (const child of children) {
      const uploaded = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `ecs-arch/scale-dev/${child.hash}.json` }));
      expect(await uploaded.Body!.transformToString()).toBe(templateBody(read<Template>(cwd, child.fileName)));
    }

    // The parent holds one nested stack per child template, each created with the child's resources.
    const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: 'scale-dev' }))).StackResourceSummaries ?? [];
    const nested = resources.filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack');
    expect(nested.map((r) => r.LogicalResourceId).sort()).toEqual(children.map((c) => c.logicalId).sort());
    for (const stack of nested) {
      const described = await cfn.send(new DescribeStacksCommand({ StackName: stack.PhysicalResourceId! }));
      expect([stack.LogicalResourceId, described.Stacks?.[0]?.StackStatus]).toEqual([stack.LogicalResourceId, 'CREATE_COMPLETE']);
    }
    // Outputs about a task live in its nested stack and reach outputs.json (moto returns them for
    // nested stacks), except those that only carry values to the parent (the rule ARNs its
    // trigger dead-letter queues' policies name).
    const outputs = JSON.parse(readFileSync(join(cwd, 'outputs.json'), 'utf8')) as Record<string, string>;
    expect(outputs.Task0001ServiceName).toMatch(/^scale-dev-TaskStack[01]*-\w+-Task0001Service-\w+$/);
    expect(deployed.out).toContain(`  Task0001ServiceName = ${outputs.Task0001ServiceName}\n`);
    const readByParent = JSON.stringify(root);
    const nestedOutputs = children.flatMap((c) => Object.keys(read<Template>(cwd, c.fileName).Outputs ?? {}).filter((name) => !readByParent.includes(`"${c.logicalId}","Outputs.${name}"`)));
    expect(Object.keys(outputs).sort()).toEqual(expect.arrayContaining(nestedOutputs.sort()));

    // Removing task 0 removes its task resources from its nested stack and its dead-letter queue
    // from the root (all stateful resources fit there beside the task stacks): diff shows both, deploy refuses.
    const holder = manifest.statefulLogicalIds.find((r) => r.logicalId.startsWith('Task0000'))!;
    expect(manifest.statefulLogicalIds.every((r) => r.stack === undefined)).toBe(true);
    const taskStack = children.find((c) => 'Task0000TaskDefinition' in read<Template>(cwd, c.fileName).Resources)!.logicalId;
    const smaller = config('scale', names(11, 1));
    const diff = await run(cwd, ['diff', '--verbose'], smaller);
    expect(diff.code).toBe(0);
    expect(diff.out).toContain(`Nested stack ${taskStack}:\n`);
    expect(diff.out).toContain(`Data loss:\n  ${holder.logicalId} (AWS::SQS::Queue) would be removed\n`);
    emulator.proxy.clear();
    const refused = await run(cwd, ['deploy', '--yes'], smaller);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`  ${holder.logicalId} (AWS::SQS::Queue) would be removed\n`);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(0);

    // remove lists the retained resources of the nested stacks too.
    const removed = await run(cwd, ['remove', '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.out).toContain('Stack scale-dev removed.\nRetained resources that remain (delete them yourself when no longer needed):\n');
    expect(removed.out).toMatch(new RegExp(`\\n {2}${holder.logicalId} \\(AWS::SQS::Queue\\): https://sqs\\.\\S+\\n`));
  }, 120_000);

  it('deploys the first split without --allow-data-loss: the tasks leave the root, the queues deployed there stay (issue 17)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-nested-'));
    const first = await run(cwd, ['deploy', '--yes'], config('grow', names(2)));
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(read<Manifest>(cwd, 'manifest.json').templates).toHaveLength(1);

    emulator.proxy.clear();
    const grown = await run(cwd, ['deploy', '--yes'], config('grow', names(12)));
    const manifest = read<Manifest>(cwd, 'manifest.json');
    expect(manifest.templates.length).toBeGreaterThan(1);
    expect([grown.code, grown.err]).toEqual([0, '']);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(1);
    expect(manifest.statefulLogicalIds.find((r) => r.logicalId === 'Task0000TriggerDeadLetterQueue')).toEqual({ logicalId: 'Task0000TriggerDeadLetterQueue' });
  }, 120_000);

  it('stops on a compile diagnostic (a patch path that does not exist) before calling AWS, exit 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-nested-'));
    const broken = { ...config('broken', names(2)), cloudformation: { patches: [{ op: 'remove' as const, path: '/Resources/Nope' }] } };
    for (const command of ['deploy', 'diff']) {
      emulator.proxy.clear();
      const result = await run(cwd, command === 'deploy' ? ['deploy', '--yes'] : ['diff'], broken);
      expect([command, result.code, result.out]).toEqual([command, 2, '']);
      expect(result.err).toMatch(/^ecs-arch\.yml:\d+:\d+: cloudformation\.patches\.0 \(remove \/Resources\/Nope\): \/Resources\/Nope does not exist in the generated template/);
      expect(emulator.proxy.calls()).toEqual({});
      expect(readdirSync(cwd)).toEqual(['ecs-arch.yml']);
    }
  });
});
