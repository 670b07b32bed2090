// Issue 17 end to end: a project of n copies (bench/copies.mjs: an s3 task, a scheduled task and
// a queue worker with its own queue per copy; buckets and tables shared, alerts on everything)
// deployed into moto through the shipped CLI (bin/ecs-arch.js; run `npm run build` first):
// 1 copy → 10 (one stack each) → 60 (the first split: 200 root outputs no longer hold it; tasks
// go to task stacks, the new copies' queues to data stacks, the first 10 copies' stay in the
// root) → 150 → 10 (one stack again). Each deploy runs the data-loss analysis: growing needs no
// --allow-data-loss and names nothing; shrinking names exactly the removed copies' resources.
// The physical ID, and the stack, of every bucket, table and queue that remains is the same
// after every step. (About 34 s on an idle 2-core machine.)
// test/stacks/growth.test.ts compiles the whole sequence to 150 and back.
// moto gaps in nested stacks (outputs, in-place updates, update order, resources it does not
// model) are filled as AWS behaves by test/support/moto-patches/sitecustomize.py.
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { stringify } from 'yaml';
import { copiesConfig } from '../../bench/copies.mjs';
import { ecsArchMetadata, type Template } from '../../src/cfn/template.js';
import { compileProject } from '../../src/compile/index.js';
import { projectFrom } from '../compile/helpers.js';
import { stackResources, startMoto, type Moto } from '../support/moto.js';
import { testWithTool } from '../support/tools.js';

const BIN = fileURLToPath(new URL('../../bin/ecs-arch.js', import.meta.url));
const BUCKET = 'growth-artifacts';
const STATEFUL = new Set(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue']);
let moto: Moto;

beforeAll(async () => {
  moto = (await startMoto())!;
  if (!moto) return;
  const s3 = new S3Client({ ...moto.clientConfig, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
});
afterAll(async () => {
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

/** Logical ID → [stack, physical ID] of every bucket, table and queue, in the root and its nested stacks. */
async function statefulIds(stackName: string): Promise<Map<string, [string, string]>> {
  const found = new Map<string, [string, string]>();
  const visit = async (stack: string, label: string) => {
    for (const r of await stackResources(moto, stack)) {
      if (r.ResourceType === 'AWS::CloudFormation::Stack') await visit(r.PhysicalResourceId!, r.LogicalResourceId!);
      else if (STATEFUL.has(r.ResourceType!)) found.set(r.LogicalResourceId!, [label, r.PhysicalResourceId!]);
    }
  };
  await visit(stackName, 'root');
  return found;
}

describe('a deployed project grows from 1 copy to 150 and shrinks to 10, through bin/ecs-arch.js', () => {
  testWithTool('moto_server')(
    'no stateful resource is replaced, removed or moved; shrinking removes only what was removed from the file',
    async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-growth-'));
      const config = (copies: number) => copiesConfig(copies, { artifactBucket: BUCKET });
      let previous = new Map<string, [string, string]>();
      const nested: number[] = [];
      // The concurrent-resources warning (moto has no DescribeAccountLimits: the default 2,500 applies).
      const quota: string[] = [];
      for (const copies of [1, 10, 60, 150, 10]) {
        const step = `${copies} copies`;
        writeFileSync(join(cwd, 'ecs-arch.yml'), stringify(config(copies)));
        // The buckets, tables and queues this step declares (where they go is deploy's business).
        const compiled = compileProject(projectFrom(config(copies)));
        const present = new Set(compiled.manifest.statefulLogicalIds.map((r) => r.logicalId));
        const removed = [...previous.keys()].filter((id) => !present.has(id)).sort();
        // Shrinking removes the dropped copies' queues: allowed up front (test/deploy/deploy.test.ts
        // covers the refusal), and the analysis must name exactly those, once, on stdout.
        const deployed = await cli(cwd, ['deploy', '--yes', ...(removed.length ? ['--allow-data-loss'] : [])]);
        const named = [...deployed.out.matchAll(/^ {2}(?:\w+\/)?(\w+) \(AWS::[\w:]+\) would be removed$/gm)].map((m) => m[1]).sort();
        expect([step, named]).toEqual([step, removed]);
        expect([step, /would be replaced|would move/.test(deployed.out)]).toEqual([step, false]);
        expect([step, deployed.code, deployed.err]).toEqual([step, 0, '']);
        // Every output of the project a nested stack holds reaches outputs.json (and info), also
        // those the parent reads to pass a value on. (The root's own are not checked: moto leaves a
        // stack made by a change set without outputs.)
        const written = Object.keys(JSON.parse(readFileSync(join(cwd, '.ecs-arch', 'dev', 'outputs.json'), 'utf8')) as object);
        const root = JSON.parse(readFileSync(join(cwd, '.ecs-arch', 'dev', 'template.json'), 'utf8')) as Template;
        const nestedOutputs = Object.values(root.Resources).flatMap((resource) => ecsArchMetadata(resource).Outputs ?? []);
        expect([step, nestedOutputs.filter((name) => !written.includes(name))]).toEqual([step, []]);
        const current = await statefulIds('large-dev');
        // Same stack, same physical resource, for everything that was there before and still is.
        for (const [id, where] of previous) if (present.has(id)) expect([step, id, current.get(id)]).toEqual([step, id, where]);
        expect([step, [...current.keys()].sort()]).toEqual([step, [...present].sort()]);
        nested.push((await stackResources(moto, 'large-dev')).filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack').length);
        quota.push(/^Warning: this change set changes ([\d,]+) resources across its stacks, more than the default 2,500/m.exec(deployed.out)?.[1] ?? '');
        previous = current;
      }
      // One stack, one stack, split into task and data stacks, one stack again.
      expect(nested.map((n) => n > 0)).toEqual([false, false, true, true, false]);
      // Growing to 150 and shrinking from there each change more than 2,500 resources: deploy warns, and goes on.
      expect(quota).toEqual(['', '', '', '3,091', '5,372']);
      expect(new Set([...previous.values()].map(([stack]) => stack))).toEqual(new Set(['root']));
    },
    300_000,
  );
});
