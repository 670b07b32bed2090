// Issue 17 through compileProject: a project of n copies of the three task architectures
// (bench/copies.mjs) grows from 1 copy to 10, 60 and 150 and shrinks back, each step compiled
// with the placement the previous step deployed (what deploy reads from CloudFormation). No
// stateful resource, nor a policy or alarm of one, ever changes stack; every template at every
// step is within CloudFormation's per-template quotas
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html:
// 500 resources, 200 parameters, 200 outputs, 1 MB from S3, 60 dynamic references, names of 255
// characters, descriptions of 1,024 bytes, 200 mappings). Not checked here: the same page's
// 2,500 resources one nested-stack operation may create, update or delete (150 copies hold
// about 5,300; deploy warns before executing a change set over it, and docs/large-projects.md
// says how to grow past it) and parameter values of 4,096 bytes, known only once deployed
// (every value crossing stacks here is one ID, ARN or name).
// test/stacks/growth-moto.test.ts deploys such a sequence into moto through the CLI.
import { describe, expect, test } from '@jest/globals';
import { copiesConfig } from '../../bench/copies.mjs';
import { compileProject, type CompiledTemplate, type CompileResult } from '../../src/compile/index.js';
import type { EcsArchConfig } from '../../src/config/index.js';
import { measure, STACK_LIMITS, type Placement } from '../../src/stacks/index.js';
import { cfnLint, projectFrom } from '../compile/helpers.js';
import { testWithTool } from '../support/tools.js';

function compile(config: EcsArchConfig, placement?: Placement): CompileResult {
  const result = compileProject(projectFrom(config), placement ? { placement } : {});
  expect(result.diagnostics).toEqual([]);
  return result;
}

/** What deploy would read back from the stack: stateful logical ID → nested stack ("" for the root). */
const deployed = (result: CompileResult): Placement => new Map(result.manifest.statefulLogicalIds.map((r) => [r.logicalId, r.stack ?? '']));

const STATEFUL = new Set(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue']);
const POLICIES = new Set(['AWS::SQS::QueuePolicy', 'AWS::S3::BucketPolicy']);

/**
 * Where each stateful resource, each queue and bucket policy and each dead-letter alarm lives.
 * Left out: the policy of a task's trigger dead-letter queue once it lives in a task stack (it
 * names the task's rules, so it moves with the task, retained: src/stacks/split.ts).
 */
function kept(templates: readonly CompiledTemplate[]): Map<string, string> {
  const where = new Map<string, string>();
  for (const { logicalId = '', template } of templates) {
    for (const [id, resource] of Object.entries(template.Resources)) {
      const policy = POLICIES.has(resource.Type);
      if (!STATEFUL.has(resource.Type) && !policy && !(resource.Type === 'AWS::CloudWatch::Alarm' && id.endsWith('DeadLetterQueueAlarm'))) continue;
      if (policy && logicalId.startsWith('TaskStack')) {
        expect([id, resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual([id, 'Retain', 'Retain']);
        continue;
      }
      where.set(id, logicalId);
    }
  }
  return where;
}

function moved(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([id, stack]) => before.has(id) && before.get(id) !== stack).map(([id, stack]) => `${id}: ${before.get(id) || 'root'} → ${stack || 'root'}`);
}

function withinLimits(result: CompileResult): void {
  for (const { fileName, template } of result.templates) {
    const size = measure(template);
    expect([fileName, size.resources <= STACK_LIMITS.resources, size.parameters <= STACK_LIMITS.parameters, size.outputs <= STACK_LIMITS.outputs, size.bytes <= STACK_LIMITS.bytes, size.dynamicReferences <= STACK_LIMITS.dynamicReferences]).toEqual([fileName, true, true, true, true, true]);
    // The same page: resource, parameter and output names at most 255 characters, a description
    // at most 1,024 bytes, at most 200 mappings.
    const names = [...Object.keys(template.Resources), ...Object.keys(template.Parameters ?? {}), ...Object.keys(template.Outputs ?? {})];
    expect([fileName, names.filter((name) => name.length > 255)]).toEqual([fileName, []]);
    expect([fileName, Buffer.byteLength(template.Description ?? '') <= 1024, Object.keys((template as { Mappings?: object }).Mappings ?? {}).length <= 200]).toEqual([fileName, true, true]);
    // Amazon SNS: a topic policy of at most 30 KB
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html),
    // each value CloudFormation fills in (an alarm's ARN) counted at 256 characters.
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::SNS::TopicPolicy') continue;
      const resolved = JSON.stringify(resource.Properties!.PolicyDocument, (_, value) => (value && typeof value === 'object' && !Array.isArray(value) && /^(Ref|Fn::)/.test(Object.keys(value)[0] ?? '') ? 'x'.repeat(256) : value));
      expect([fileName, id, Buffer.byteLength(resolved) <= 30 * 1024]).toEqual([fileName, id, true]);
    }
    // The parent passes each nested stack exactly the parameters it declares.
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
      const child = result.templates.find((t) => t.logicalId === id)!;
      expect(Object.keys((resource.Properties!.Parameters ?? {}) as object).sort()).toEqual(Object.keys(child.template.Parameters ?? {}).sort());
    }
  }
}

describe('growing from 1 copy to 150 and back', () => {
  const steps = [1, 10, 60, 150, 60, 10, 1];
  const results: CompileResult[] = [];
  let placement: Placement | undefined;
  for (const copies of steps) {
    results.push(compile(copiesConfig(copies), placement));
    placement = deployed(results.at(-1)!);
  }

  test('small projects are one stack; 60 and 150 copies split, the root within 200 outputs', () => {
    expect(results.map((r) => r.templates.length > 1)).toEqual([false, false, true, true, true, false, false]);
    for (const result of results) expect(measure(result.templates[0]!.template).outputs).toBeLessThanOrEqual(STACK_LIMITS.outputs);
  });

  test('no stateful resource, nor a policy or alarm of one, changes stack at any step', () => {
    for (let i = 1; i < results.length; i++) {
      expect([`${steps[i - 1]} → ${steps[i]} copies`, moved(kept(results[i - 1]!.templates), kept(results[i]!.templates))]).toEqual([`${steps[i - 1]} → ${steps[i]} copies`, []]);
    }
    // What the first 10 copies deployed in the single stack (policies and alarms too) stays in the root at 150 copies.
    const root150 = kept(results[3]!.templates);
    for (const [id, stack] of kept(results[1]!.templates)) expect([id, root150.get(id)]).toEqual([id, stack]);
  });

  test('every template at every step is within the limits', () => {
    for (const result of results) withinLimits(result);
  });

  test('the same config and placement give byte-identical templates', () => {
    const again = compile(copiesConfig(60), deployed(results[1]!));
    expect(again.templates.map((t) => JSON.stringify(t.template))).toEqual(results[2]!.templates.map((t) => JSON.stringify(t.template)));
  });
});

describe('150 copies deployed fresh', () => {
  const result = compile(copiesConfig(150));

  test('every template within the limits; stateful resources in data stacks, tasks in task stacks', () => {
    withinLimits(result);
    const ids = result.templates.slice(1).map((t) => t.logicalId!);
    expect(ids.every((id) => /^(Task|Data)Stack[01]*$/.test(id))).toBe(true);
    expect(result.manifest.statefulLogicalIds.every((r) => r.stack?.startsWith('DataStack'))).toBe(true);
    // 150 queues with dead-letter queues, 300 trigger dead-letter queues, 40 buckets, 40 tables, the alerts' dead-letter queue.
    expect(result.manifest.statefulLogicalIds).toHaveLength(300 + 300 + 40 + 40 + 1);
  });

  test("the alerts topic lets this stack's alarms publish by name prefix once their ARNs would not fit its policy", () => {
    const policies = result.templates.flatMap(({ template }) => Object.values(template.Resources).filter((r) => r.Type === 'AWS::SNS::TopicPolicy'));
    const alarms = policies.flatMap((p) => (p.Properties!.PolicyDocument as { Statement: { Sid: string; Condition?: unknown }[] }).Statement.filter((s) => s.Sid === 'AlarmsPublish'));
    expect(alarms.map((s) => s.Condition)).toEqual([{ ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:large-dev-*' } } }]);
  });

  test('one output per value: a value other stacks read shares the root output that already carries it', () => {
    for (const { fileName, template } of result.templates) {
      const values = Object.values(template.Outputs ?? {}).map((output) => JSON.stringify(output.Value));
      expect([fileName, values.length - new Set(values).size]).toEqual([fileName, 0]);
    }
  });

});

/** What deploy reads back from a deployed split: every nested stack's resources, and the root's stateful ones. */
const deployedEverywhere = (result: CompileResult): Placement =>
  new Map([...deployed(result), ...result.templates.slice(1).flatMap(({ logicalId, template }) => Object.keys(template.Resources).map((id) => [id, logicalId!] as const))]);

/** Resource → [its stack, its definition], for every resource but the nested stacks themselves. */
function definitions(result: CompileResult): Map<string, [string, string]> {
  const found = new Map<string, [string, string]>();
  for (const { logicalId = 'root', template } of result.templates) {
    for (const [id, resource] of Object.entries(template.Resources)) if (resource.Type !== 'AWS::CloudFormation::Stack') found.set(id, [logicalId, JSON.stringify(resource)]);
  }
  return found;
}

describe('adding or removing one task of a deployed 150-copy project', () => {
  const base = compile(copiesConfig(150));
  const before = definitions(base);
  // Resources that moved or changed, but for the root's alert rule and topic policy, which list every task and alarm.
  const LISTS = new Set(['TaskStoppedAlertRule', 'AlertsTopicPolicy']);
  const changed = (after: Map<string, [string, string]>) =>
    [...after].filter(([id, where]) => before.has(id) && JSON.stringify(before.get(id)) !== JSON.stringify(where) && !(LISTS.has(id) && where[0] === 'root')).map(([id]) => id);

  // Placed by the hash trie alone, removing worker-004 merged two task stacks and moved 28 other
  // tasks (their services and task definitions recreated); pinned, nothing else moves.
  test('removing a task changes only its own resources: no other task moves', () => {
    const config = copiesConfig(150);
    const removed = compile({ ...config, tasks: Object.fromEntries(Object.entries(config.tasks!).filter(([name]) => name !== 'worker-004')) }, deployedEverywhere(base));
    const after = definitions(removed);
    expect(changed(after)).toEqual([]);
    const gone = [...before.keys()].filter((id) => !after.has(id));
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.filter((id) => !id.startsWith('Worker004'))).toEqual([]);
    // Only the nested stacks that held its resources have other resources than before (outputs
    // that only carried values to it go too).
    const stacks = (result: CompileResult) => new Map(result.templates.slice(1).map((t) => [t.fileName, JSON.stringify(t.template.Resources)]));
    const [old, now] = [stacks(base), stacks(removed)];
    const held = new Set(gone.map((id) => `stacks/${before.get(id)![0]}.json`));
    expect([...now].filter(([file, body]) => old.get(file) !== body).map(([file]) => file)).toEqual([...held].sort());
  });

  test('adding a task moves no other task', () => {
    const config = copiesConfig(150);
    const extra = { ...config, tasks: { ...config.tasks, 'report-extra': config.tasks!['report-075']! } };
    expect(changed(definitions(compile(extra, deployedEverywhere(base))))).toEqual([]);
  });
});

describe('changes to a deployed 60-copy project', () => {
  const base = compile(copiesConfig(60));

  test('adding, removing or renaming other resources moves no stateful resource', () => {
    const before = kept(base.templates);
    const config = copiesConfig(60);
    const tasks = Object.entries(config.tasks!);
    const variants: Record<string, EcsArchConfig> = {
      'copy 60 added': copiesConfig(61),
      'task worker-007 and its queue removed': {
        ...config,
        tasks: Object.fromEntries(tasks.filter(([name]) => name !== 'worker-007')),
        queues: Object.fromEntries(Object.entries(config.queues!).filter(([name]) => name !== 'jobs-007')),
      },
      'task ingest-042 renamed': { ...config, tasks: Object.fromEntries(tasks.map(([name, task]) => [name === 'ingest-042' ? 'ingest-renamed' : name, task])) },
    };
    for (const [change, variant] of Object.entries(variants)) {
      const after = kept(compile(variant, deployed(base)).templates);
      expect([change, moved(before, after)]).toEqual([change, []]);
    }
  });

  testWithTool('cfn-lint')(
    'cfn-lint finds nothing in a sample of nested templates (the smallest task and data stacks)',
    () => {
      const smallest = (prefix: string) =>
        base.templates.filter((t) => t.logicalId?.startsWith(prefix)).sort((a, b) => JSON.stringify(a.template).length - JSON.stringify(b.template).length)[0]!;
      const sample = [smallest('TaskStack'), smallest('DataStack')];
      const findings = cfnLint(Object.fromEntries(sample.map((t) => [t.logicalId ?? 'template', t.template])));
      expect(findings.map((f) => `${f.Filename.split('/').pop()}: ${f.Level} ${f.Rule.Id} ${(f.Location.Path ?? []).join('/')}: ${f.Message}`)).toEqual([]);
    },
    180_000,
  );
});

describe('a 4-copy single stack redeployed with maxResourcesPerStack 100 (issue 17)', () => {
  const single = compile(copiesConfig(4));
  const split = compile(copiesConfig(4, { maxResourcesPerStack: 100 }), deployed(single));

  test('splits, keeps every stateful resource, policy and alarm of one in the root', () => {
    expect(single.templates).toHaveLength(1);
    expect(split.templates.length).toBeGreaterThan(1);
    expect(moved(kept(single.templates), kept(split.templates))).toEqual([]);
    expect(Object.keys(split.templates[0]!.template.Resources)).toEqual(expect.arrayContaining(['Ingest000TriggerDeadLetterQueue', 'Report000TriggerDeadLetterQueue']));
    for (const { template } of split.templates) expect(measure(template).resources).toBeLessThanOrEqual(100);
  });
});
