// Issue 17 end to end: a project of n copies (bench/copies.mjs: a queue worker and its own
// queue per copy, shared buckets and tables) deployed into moto through the shipped CLI
// (bin/ecs-arch.js; run `npm run build` first): 1 copy, 3 copies (one stack each), the same 3
// copies with deployment.maxResourcesPerStack 50 (what crossing 500 does to a real project: the
// issue's 4-copy example at a size moto deploys in seconds), then 1 copy, one stack again. Each
// step's deploy runs the data-loss analysis: the split needs no --allow-data-loss, because the
// queues, dead-letter queues, buckets and tables deployed in the root stay there with their
// policies while the tasks move into nested stacks; shrinking is refused until it is given, and
// the refusal names only the removed copy's resources. The physical ID of every bucket, table
// and queue that remains is the same after every step.
// Not deployed here: anything that reads a nested stack's outputs, because moto cannot update a
// stack with Fn::GetAtt [NestedStack, Outputs.X] ("'Stack' object has no attribute
// 'get_cfn_attribute'"): data stacks (task stacks read them), and s3 tasks (a trigger
// dead-letter queue's policy in the root names the rules in a task stack). Those are compiled
// step by step to 150 copies in test/stacks/growth.test.ts. moto also cannot pass a Ref to a
// schedule group as a nested stack parameter, so copies have no scheduled task either, and
// alerts only watch failed tasks.
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CloudFormationClient, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { stringify } from 'yaml';
import { copiesConfig } from '../../bench/copies.mjs';
import { compileProject } from '../../src/compile/index.js';
import { projectFrom } from '../compile/helpers.js';
import { startMoto, type Moto } from '../support/moto.js';
import { testWithTool } from '../support/tools.js';

const BIN = fileURLToPath(new URL('../../bin/ecs-arch.js', import.meta.url));
const BUCKET = 'growth-artifacts';
const STATEFUL = new Set(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue']);
let moto: Moto;
let cfn: CloudFormationClient;

beforeAll(async () => {
  moto = (await startMoto())!;
  if (!moto) return;
  cfn = new CloudFormationClient(moto.clientConfig);
  const s3 = new S3Client({ ...moto.clientConfig, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
});
afterAll(async () => {
  cfn?.destroy();
  await moto?.stop();
});

async function cli(cwd: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = { PATH: process.env.PATH!, ...moto.env, ECS_ARCH_POLL_MS: '10', CI: 'true' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...argv], { cwd, env, maxBuffer: 64 << 20 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, out: stdout, err: stderr };
  }
}

async function resources(stack: string): Promise<StackResourceSummary[]> {
  const found: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stack, NextToken: token }));
    found.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return found;
}

/** Logical ID → [stack, physical ID] of every bucket, table and queue, in the root and its nested stacks. */
async function statefulIds(stackName: string): Promise<Map<string, [string, string]>> {
  const found = new Map<string, [string, string]>();
  const visit = async (stack: string, label: string) => {
    for (const r of await resources(stack)) {
      if (r.ResourceType === 'AWS::CloudFormation::Stack') await visit(r.PhysicalResourceId!, r.LogicalResourceId!);
      else if (STATEFUL.has(r.ResourceType!)) found.set(r.LogicalResourceId!, [label, r.PhysicalResourceId!]);
    }
  };
  await visit(stackName, 'root');
  return found;
}

describe('a deployed project splits and shrinks back, deployed through bin/ecs-arch.js', () => {
  testWithTool('moto_server')(
    'no stateful resource is replaced, removed or moved; shrinking removes only what was removed from the file',
    async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-growth-'));
      const config = (copies: number, maxResourcesPerStack?: number) =>
        copiesConfig(copies, { artifactBucket: BUCKET, pools: 2, s3: false, schedule: false, alertOn: ['task-failed'], ...(maxResourcesPerStack ? { maxResourcesPerStack } : {}) });
      let previous = new Map<string, [string, string]>();
      const nested: number[] = [];
      for (const [copies, max] of [[1], [3], [3, 50], [1, 50]] as [number, number?][]) {
        const step = `${copies} copies${max ? `, at most ${max} resources per stack` : ''}`;
        writeFileSync(join(cwd, 'ecs-arch.yml'), stringify(config(copies, max)));
        // The buckets, tables and queues this step declares (where they go is deploy's business).
        const present = new Set(compileProject(projectFrom(config(copies, max))).manifest.statefulLogicalIds.map((r) => r.logicalId));
        const removed = [...previous.keys()].filter((id) => !present.has(id)).sort();
        let deployed = await cli(cwd, ['deploy', '--yes']);
        if (removed.length) {
          // Shrinking: the analysis refuses, naming exactly the removed copy's resources.
          expect([step, deployed.code]).toEqual([step, 1]);
          // The data-loss list is printed once, in the change-set summary on stdout.
          const named = [...deployed.out.matchAll(/^ {2}(?:\w+\/)?(\w+) \(AWS::[\w:]+\) would be removed$/gm)].map((m) => m[1]).sort();
          expect([step, named]).toEqual([step, removed]);
          deployed = await cli(cwd, ['deploy', '--yes', '--allow-data-loss']);
        }
        expect([step, deployed.code, deployed.err]).toEqual([step, 0, '']);
        const current = await statefulIds('large-dev');
        // Same stack, same physical resource, for everything that was there before and still is.
        for (const [id, where] of previous) if (present.has(id)) expect([step, id, current.get(id)]).toEqual([step, id, where]);
        expect([step, [...current.keys()].sort()]).toEqual([step, [...present].sort()]);
        nested.push((await resources('large-dev')).filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack').length);
        previous = current;
      }
      // One stack, one stack, split (tasks in nested stacks, everything stateful still in the root), one stack.
      expect(nested.map((n) => n > 0)).toEqual([false, false, true, false]);
      expect(new Set([...previous.values()].map(([stack]) => stack))).toEqual(new Set(['root']));
    },
    300_000,
  );
});
