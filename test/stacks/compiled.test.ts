// Issue 7 through the real compiler: a generated configuration of 300 tasks (every trigger
// kind, shared buckets and queues, alerts on every task) compiled by compileProject splits
// into a parent and nested stacks that each respect CloudFormation's per-stack limits; every
// reference reads what it read in the unsplit template; tasks stay in their stack when one is
// added or removed; the manifest hashes every template; cfn-lint and the built-in rules find
// nothing in any of them.
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { compileModel, compileProject, type CfnResource, type CompiledTemplate, type CompileResult } from '../../src/compile/index.js';
import type { EcsArchConfig } from '../../src/config/index.js';
import { runRules } from '../../src/lint/rules/index.js';
import { buildModel } from '../../src/model/index.js';
import { measure, STACK_LIMITS, templateBody } from '../../src/stacks/index.js';
import { cfnLint, projectFrom } from '../compile/helpers.js';
import { testWithTool } from '../support/tools.js';
import { generatedConfig, generatedTaskName } from './generated.js';
import { Resolver, stacksOf } from './resolve.js';

const BUCKET = { artifactBucket: 'scale-artifacts' };
const names = (count: number) => Array.from({ length: count }, (_, i) => generatedTaskName(i));

function compile(config: EcsArchConfig): CompileResult {
  const result = compileProject(projectFrom(config));
  expect(result.diagnostics).toEqual([]);
  return result;
}

/** Task name → logical ID of the task stack that holds it (each task lives whole in one; its stateful resources in data stacks). */
function placement(templates: readonly CompiledTemplate[]): Map<string, string> {
  const placed = new Map<string, string>();
  for (const { logicalId, template } of templates.slice(1).filter((t) => t.logicalId!.startsWith('TaskStack'))) {
    for (const resource of Object.values(template.Resources)) {
      const group = (resource.Metadata!.EcsArch as { Group: string }).Group;
      expect(group.startsWith('task:')).toBe(true);
      const task = group.slice('task:'.length);
      expect(placed.get(task) ?? logicalId).toBe(logicalId);
      placed.set(task, logicalId!);
    }
  }
  return placed;
}

const NAMES = names(300);
const CONFIG = generatedConfig(NAMES, { deployment: BUCKET });
const RESULT = compile(CONFIG);
const [ROOT, ...CHILDREN] = RESULT.templates as [CompiledTemplate, ...CompiledTemplate[]];

describe('300 generated tasks through compileProject', () => {
  test('split into a parent and nested stacks that each respect the per-stack limits', () => {
    expect(CHILDREN.length).toBeGreaterThanOrEqual(4);
    expect(ROOT.fileName).toBe('template.json');
    for (const child of CHILDREN) {
      expect(child.fileName).toBe(`stacks/${child.logicalId}.json`);
      expect(ROOT.template.Resources[child.logicalId!]!.Type).toBe('AWS::CloudFormation::Stack');
    }
    for (const { fileName, template } of RESULT.templates) {
      const size = measure(template);
      expect([fileName, size.resources <= STACK_LIMITS.resources, size.parameters <= STACK_LIMITS.parameters, size.outputs <= STACK_LIMITS.outputs, size.bytes <= STACK_LIMITS.bytes]).toEqual([fileName, true, true, true, true]);
    }
    // Every task is in a child; the parent keeps only shared resources and the stacks.
    expect(placement(RESULT.templates).size).toBe(300);
    for (const resource of Object.values(ROOT.template.Resources)) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') expect((resource.Metadata!.EcsArch as { Group: string }).Group).toBe('shared');
    }
  });

  test('a lower deployment.maxResourcesPerStack is respected by every stack', () => {
    const low = compile(generatedConfig(NAMES, { deployment: { ...BUCKET, maxResourcesPerStack: 120 } }));
    expect(low.templates.length).toBeGreaterThan(RESULT.templates.length);
    for (const { template } of low.templates) expect(measure(template).resources).toBeLessThanOrEqual(120);
  });

  test('every Ref / GetAtt / Sub across stacks reads through parameters and outputs what it read unsplit', () => {
    const original = compileModel(buildModel(projectFrom(CONFIG))).template;
    expect(measure(original).resources).toBeGreaterThan(STACK_LIMITS.resources);
    const split = new Resolver(stacksOf(RESULT.templates));
    const unsplit = new Resolver({ root: original, children: new Map() });
    // DependsOn is rewired to the Stack resources, so it is compared separately below; a queue
    // policy kept in a task stack, away from its queue, is retained there (src/stacks/split.ts).
    const strip = ({ DependsOn: _dependsOn, ...rest }: CfnResource) => {
      if (rest.Type !== 'AWS::SQS::QueuePolicy') return rest;
      const { DeletionPolicy: _deletion, UpdateReplacePolicy: _replace, ...policy } = rest;
      return policy;
    };
    for (const [id, resource] of Object.entries(original.Resources)) {
      const scope = split.scopeOf(id);
      expect([id, split.read(scope, strip(scope.template.Resources[id]!))]).toEqual([id, unsplit.read({ template: original }, strip(resource))]);
    }
    for (const [name, output] of Object.entries(original.Outputs ?? {})) {
      const holder = RESULT.templates.find((t) => name in (t.template.Outputs ?? {}))!;
      const scope = holder.logicalId ? { template: holder.template, stackId: holder.logicalId } : { template: holder.template };
      expect([name, split.read(scope, holder.template.Outputs![name]!.Value)]).toEqual([name, unsplit.read({ template: original }, output.Value)]);
    }
    // Each child declares exactly the parameters its Stack resource passes.
    for (const child of CHILDREN) {
      const passed = Object.keys((ROOT.template.Resources[child.logicalId!]!.Properties!.Parameters ?? {}) as object).sort();
      expect(passed).toEqual(Object.keys(child.template.Parameters ?? {}).sort());
    }
  });

  test('the manifest hashes every template body and says where each stateful resource is', () => {
    const { manifest } = RESULT;
    const hash = (t: CompiledTemplate) => createHash('sha256').update(templateBody(t.template)).digest('hex');
    expect(manifest.templates).toEqual(RESULT.templates.map((t) => ({ fileName: t.fileName, hash: hash(t), ...(t.logicalId ? { logicalId: t.logicalId } : {}) })));
    expect(manifest.templateHash).toBe(hash(ROOT));
    // Each child's TemplateURL is its content-addressed key in the artifact bucket.
    for (const child of CHILDREN) {
      expect(ROOT.template.Resources[child.logicalId!]!.Properties!.TemplateURL).toBe(`https://scale-artifacts.s3.us-east-1.amazonaws.com/ecs-arch/scale-dev/${hash(child)}.json`);
    }
    const stateful = RESULT.templates.flatMap(({ logicalId, template }) =>
      Object.entries(template.Resources)
        .filter(([, r]) => ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue'].includes(r.Type))
        .map(([id]) => (logicalId ? { logicalId: id, stack: logicalId } : { logicalId: id })),
    );
    // 5 buckets, 5 queues with their dead-letter queues, the table; a dead-letter queue per s3 and schedule task; the alerts' dead-letter queue.
    expect(stateful.length).toBe(5 + 10 + 1 + 200 + 1);
    expect(manifest.statefulLogicalIds).toEqual(stateful.sort((a, b) => (a.logicalId < b.logicalId ? -1 : 1)));
    expect(manifest.statefulLogicalIds.find((r) => r.logicalId === 'Queue0Queue')).toEqual({ logicalId: 'Queue0Queue', stack: expect.stringMatching(/^DataStack[01]*$/) });
    const total = RESULT.templates.reduce((sum, t) => sum + measure(t.template).resources, 0);
    expect(Object.values(manifest.resourceCounts).reduce((a, b) => a + b, 0)).toBe(total);
    expect(manifest.resourceCounts['AWS::CloudFormation::Stack']).toBe(CHILDREN.length);
  });

  test('same config, byte-identical templates', () => {
    expect(compile(generatedConfig(NAMES, { deployment: BUCKET })).templates.map((t) => templateBody(t.template))).toEqual(RESULT.templates.map((t) => templateBody(t.template)));
  });
});

describe('stable grouping through the compiler', () => {
  const before = placement(RESULT.templates);
  const bodies = new Map(CHILDREN.map((c) => [c.logicalId!, templateBody(c.template)]));

  function check(after: CompileResult, changed: string): void {
    const placed = placement(after.templates);
    expect([...before].filter(([task, stack]) => task !== changed && placed.get(task) !== stack)).toEqual([]);
    // Only the stacks that gain or lose the task or its dead-letter queue change: every other nested template is byte-identical.
    const prefix = changed.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
    const holders = [...RESULT.templates, ...after.templates].filter((t) => t.logicalId && `${prefix}TriggerDeadLetterQueue` in t.template.Resources);
    const touched = new Set([placed.get(changed) ?? before.get(changed), ...holders.map((t) => t.logicalId)]);
    for (const child of after.templates.slice(1)) {
      if (!touched.has(child.logicalId)) expect([child.logicalId, templateBody(child.template) === bodies.get(child.logicalId!)]).toEqual([child.logicalId, true]);
    }
  }

  test.each([0, 150, 299])('removing task %i moves no other task', (index) => {
    const removed = generatedTaskName(index);
    check(compile(generatedConfig(NAMES.filter((n) => n !== removed), { deployment: BUCKET })), removed);
  });

  test.each([300, 301, 1000])('adding task %i moves no other task', (index) => {
    const added = generatedTaskName(index);
    const after = compile(generatedConfig([...NAMES, added], { deployment: BUCKET }));
    expect(placement(after.templates).has(added)).toBe(true);
    check(after, added);
  });
});

describe('without deployment.artifactBucket', () => {
  test('a template over the limit splits into nested stacks read from the bootstrap bucket', () => {
    const project = projectFrom(generatedConfig(NAMES));
    const { diagnostics, templates } = compileProject(project);
    expect(diagnostics).toEqual([]);
    expect(templates.length).toBeGreaterThan(1);
    const url = templates[0]!.template.Resources[templates[1]!.logicalId!]!.Properties!.TemplateURL as { 'Fn::Sub': string };
    expect(url['Fn::Sub']).toMatch(/^https:\/\/ecs-arch-artifacts-\$\{AWS::AccountId\}-\$\{AWS::Region\}\.s3\./);
  });
});

describe('cfn-lint and the built-in rules', () => {
  testWithTool('cfn-lint')(
    'find nothing in the parent or any nested template',
    () => {
      // 80 tasks with at most 100 resources per stack (the parent alone holds 55 shared ones):
      // every construct of the 300-task split (parameters, outputs, Sub variables, stack
      // DependsOn) in templates cfn-lint checks in seconds rather than minutes.
      const result = compile(generatedConfig(names(80), { deployment: { ...BUCKET, maxResourcesPerStack: 100 } }));
      expect(result.templates.length).toBeGreaterThanOrEqual(6);
      expect(result.templates.flatMap((t) => runRules(t.fileName, t.template))).toEqual([]);
      const findings = cfnLint(Object.fromEntries(result.templates.map((t) => [t.logicalId ?? 'template', t.template])));
      expect(findings.map((f) => `${f.Filename.split('/').pop()}: ${f.Level} ${f.Rule.Id} ${(f.Location.Path ?? []).join('/')}: ${f.Message}`)).toEqual([]);
    },
    120_000,
  );
});
