import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnResource, CompiledTemplate, Template } from '../../src/compile/types.js';
import { measure, splitTemplate, STACK_LIMITS, templateBody, templateKey, templateUrl, type SplitOptions } from '../../src/stacks/index.js';
import { dependsOnList } from '../../src/stacks/references.js';
import { findTool, testWithTool } from '../support/tools.js';
import { Resolver, stacksOf } from './resolve.js';
import { ecsTemplate, pascal, taskNames } from './synthetic.js';

const OPTIONS: SplitOptions = {
  maxResources: 500,
  maxBytes: 1_000_000,
  stackName: 'scale-test-dev',
  artifactBucket: 'ecs-arch-artifacts',
  region: 'eu-west-1',
};

function split(template: Template, options: Partial<SplitOptions> = {}): CompiledTemplate[] {
  const result = splitTemplate(template, { ...OPTIONS, ...options });
  if (!result.ok) throw new Error(`split failed: ${JSON.stringify(result.problems)}`);
  return result.templates;
}

/** Task name → logical ID of the task stack holding it (its stateful resources live in data stacks). */
function placement(templates: CompiledTemplate[]): Map<string, string> {
  const placed = new Map<string, string>();
  for (const { logicalId, template } of templates.slice(1).filter((t) => t.logicalId!.startsWith('TaskStack'))) {
    for (const resource of Object.values(template.Resources)) {
      const group = (resource.Metadata?.EcsArch as { Group: string }).Group;
      placed.set(group.slice('task:'.length), logicalId!);
    }
  }
  return placed;
}

const NAMES = taskNames(300);
const ORIGINAL = ecsTemplate(NAMES);
const TEMPLATES = split(ORIGINAL);
const [ROOT, ...CHILDREN] = TEMPLATES as [CompiledTemplate, ...CompiledTemplate[]];

describe('a template within the limits', () => {
  test('is returned unchanged as the only template', () => {
    const template = ecsTemplate(taskNames(20));
    const result = splitTemplate(template, { ...OPTIONS, artifactBucket: undefined });
    expect(result).toEqual({ ok: true, templates: [{ fileName: 'template.json', template }] });
    expect(result.ok && result.templates[0]!.template).toBe(template);
  });
});

describe('300 tasks', () => {
  test('the source template is over the limit, the split has a parent and nested stacks', () => {
    expect(measure(ORIGINAL).resources).toBe(5 + 300 * 9);
    expect(ROOT.fileName).toBe('template.json');
    expect(ROOT.logicalId).toBeUndefined();
    expect(CHILDREN.length).toBeGreaterThanOrEqual(6);
    for (const child of CHILDREN) {
      expect(child.fileName).toBe(`stacks/${child.logicalId}.json`);
      expect(child.logicalId).toMatch(/^(Task|Data)Stack[01]*$/);
      expect(ROOT.template.Resources[child.logicalId!]!.Type).toBe('AWS::CloudFormation::Stack');
    }
    expect(CHILDREN.map((c) => c.logicalId)).toEqual(CHILDREN.map((c) => c.logicalId).sort());
  });

  test('every stack respects the resource, parameter, output and size limits', () => {
    for (const { template } of TEMPLATES) {
      const size = measure(template);
      expect(size.resources).toBeLessThanOrEqual(STACK_LIMITS.resources);
      expect(size.parameters).toBeLessThanOrEqual(STACK_LIMITS.parameters);
      expect(size.outputs).toBeLessThanOrEqual(STACK_LIMITS.outputs);
      expect(size.bytes).toBeLessThanOrEqual(STACK_LIMITS.bytes);
    }
  });

  test('a lower maxResourcesPerStack is respected too', () => {
    const templates = split(ORIGINAL, { maxResources: 100 });
    for (const { template } of templates) expect(measure(template).resources).toBeLessThanOrEqual(100);
    expect(templates.length).toBeGreaterThan(TEMPLATES.length);
  });

  test('shared resources stay in the parent, each task lives whole in one child, policies unchanged', () => {
    const shared = ['Cluster', 'SecurityGroup', 'AlertsTopic', 'AlertsRule', 'AlertsTopicPolicy'];
    expect(Object.keys(ROOT.template.Resources)).toEqual([...shared, ...CHILDREN.map((c) => c.logicalId!)]);
    const everywhere = CHILDREN.flatMap((c) => Object.keys(c.template.Resources));
    expect(everywhere.length).toBe(300 * 9);
    expect(new Set(everywhere).size).toBe(300 * 9);
    const placed = placement(TEMPLATES);
    expect(placed.size).toBe(300);
    // Each task's queue, dead-letter queue and its policy are one stateful unit, in a data stack.
    for (const child of CHILDREN) {
      const unitIds = Object.keys(child.template.Resources).filter((id) => /(Queue|QueuePolicy)$/.test(id));
      expect(unitIds.length === Object.keys(child.template.Resources).length).toBe(child.logicalId!.startsWith('DataStack'));
      for (const [id, resource] of Object.entries(child.template.Resources)) {
        const group = (resource.Metadata!.EcsArch as { Group: string }).Group;
        if (child.logicalId!.startsWith('TaskStack')) expect(placed.get(group.slice(5))).toBe(child.logicalId);
        expect(resource.DeletionPolicy).toBe(ORIGINAL.Resources[id]!.DeletionPolicy);
        expect(resource.UpdateReplacePolicy).toBe(ORIGINAL.Resources[id]!.UpdateReplacePolicy);
      }
    }
    expect(CHILDREN.flatMap((c) => Object.values(c.template.Resources)).filter((r) => r.DeletionPolicy === 'Retain').length).toBe(600);
  });

  test('every reference in every stack reads the same resource as in the original template', () => {
    const resolver = new Resolver(stacksOf(TEMPLATES));
    const original = new Resolver({ root: ORIGINAL, children: new Map() });
    const strip = ({ DependsOn: _d, ...rest }: CfnResource) => rest;
    for (const [id, resource] of Object.entries(ORIGINAL.Resources)) {
      const scope = resolver.scopeOf(id);
      const moved = scope.template.Resources[id]!;
      expect(resolver.read(scope, strip(moved))).toEqual(original.read({ template: ORIGINAL }, strip(resource)));
    }
    for (const [name, output] of Object.entries(ORIGINAL.Outputs!)) {
      const holder = name in ROOT.template.Outputs! ? { template: ROOT.template } : resolver.scopeOf('Task0000Queue');
      expect(resolver.read(holder, holder.template.Outputs![name])).toEqual(original.read({ template: ORIGINAL }, output));
    }
    // The spot check a reader would make by hand.
    expect(resolver.read({ template: ROOT.template }, ROOT.template.Outputs!.Summary!.Value)).toBe('<Cluster> runs <Task0000Queue.Arn>');
  });

  test('each child declares exactly the parameters the parent passes, every one used', () => {
    for (const child of CHILDREN) {
      const passed = (ROOT.template.Resources[child.logicalId!]!.Properties!.Parameters ?? {}) as Record<string, unknown>;
      expect(Object.keys(passed).sort()).toEqual(Object.keys(child.template.Parameters ?? {}).sort());
      const body = templateBody({ ...child.template, Parameters: {} });
      for (const name of Object.keys(passed)) expect(body.includes(`"Ref":"${name}"`) || body.includes(`\${${name}}`)).toBe(true);
      for (const definition of Object.values(child.template.Parameters ?? {})) expect(definition).toEqual({ Type: 'String' });
    }
    const withTask = (task: string) => CHILDREN.find((c) => `${pascal(task)}TaskDefinition` in c.template.Resources)!;
    const first = withTask(NAMES[0]!);
    const data = CHILDREN.find((c) => 'Task0000Queue' in c.template.Resources)!;
    // GetAtt X.Arn crosses as a parameter named XArn; Ref X as X; either under the name of a
    // root output that is exactly that Ref or GetAtt (ClusterName, FirstQueueUrl), which carries
    // it out of its stack once. Shared resources come from the parent, the task's queues from
    // the data stack that holds them (through the parent).
    expect(Object.keys(first.template.Parameters!)).toEqual(expect.arrayContaining(['AlertsTopic', 'ClusterName', 'ClusterArn', 'SecurityGroupGroupId', 'FirstQueueUrl', 'Task0000QueueArn', 'Task0000DeadLetterQueueArn']));
    expect(ROOT.template.Resources[first.logicalId!]!.Properties!.Parameters).toMatchObject({
      AlertsTopic: { Ref: 'AlertsTopic' },
      ClusterName: { Ref: 'Cluster' },
      ClusterArn: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
      SecurityGroupGroupId: { 'Fn::GetAtt': ['SecurityGroup', 'GroupId'] },
      FirstQueueUrl: { 'Fn::GetAtt': [data.logicalId, 'Outputs.FirstQueueUrl'] },
      Task0000QueueArn: { 'Fn::GetAtt': [data.logicalId, 'Outputs.Task0000QueueArn'] },
    });
    expect(data.template.Outputs!.FirstQueueUrl).toEqual({ Value: { Ref: 'Task0000Queue' }, Description: 'queue of the first task' });
    expect(data.template.Outputs!.Task0000Queue).toBeUndefined();
    // A task that sends to the first task's queue in another child gets its ARN through the parent.
    const sender = withTask(NAMES[24]!);
    expect(sender.logicalId).not.toBe(first.logicalId);
    expect((ROOT.template.Resources[sender.logicalId!]!.Properties!.Parameters as Record<string, unknown>).Task0000QueueArn).toEqual({
      'Fn::GetAtt': [data.logicalId, 'Outputs.Task0000QueueArn'],
    });
    expect(data.template.Outputs!.Task0000QueueArn).toEqual({ Value: { 'Fn::GetAtt': ['Task0000Queue', 'Arn'] } });
  });

  test('the parent reads child resources through outputs, also inside Fn::Sub; task-only outputs move to the task', () => {
    const first = CHILDREN.find((c) => 'Task0000Queue' in c.template.Resources)!;
    expect(ROOT.template.Outputs).toEqual({
      ClusterName: { Value: { Ref: 'Cluster' } },
      Summary: { Value: { 'Fn::Sub': ['${Cluster} runs ${Task0000QueueArn}', { Task0000QueueArn: { 'Fn::GetAtt': [first.logicalId, 'Outputs.Task0000QueueArn'] } }] } },
    });
    expect(first.template.Outputs!.FirstQueueUrl).toEqual({ Value: { Ref: 'Task0000Queue' }, Description: 'queue of the first task' });
    expect(first.template.Outputs!.FirstQueueArn).toEqual({ Value: { 'Fn::Sub': 'queue ${Task0000Queue.Arn} in ${AWS::Region}' } });
    const pattern = (ROOT.template.Resources.AlertsRule!.Properties!.EventPattern as { detail: { taskDefinitionArn: unknown[] } }).detail;
    expect(pattern.taskDefinitionArn).toHaveLength(20);
    const definitions = CHILDREN.find((c) => 'Task0000TaskDefinition' in c.template.Resources)!;
    expect(pattern.taskDefinitionArn[0]).toEqual({ 'Fn::GetAtt': [definitions.logicalId, 'Outputs.Task0000TaskDefinition'] });
  });

  test('DependsOn across stacks becomes a dependency of the Stack resource', () => {
    const holder = (id: string) => CHILDREN.find((c) => id in c.template.Resources)!.logicalId!;
    for (const child of CHILDREN) {
      const stack = ROOT.template.Resources[child.logicalId!]!;
      const rules = Object.keys(child.template.Resources).filter((id) => id.endsWith('Rule'));
      // Every rule DependsOn the shared topic, in the parent, and its dead-letter queue's policy, in a data stack.
      const expected = rules.length ? ['AlertsTopic', ...new Set(rules.map((id) => holder(`${id.slice(0, -'Rule'.length)}DeadLetterQueuePolicy`)))].sort() : [];
      expect(dependsOnList(stack.DependsOn)).toEqual(expected);
      for (const id of rules) expect(child.template.Resources[id]!.DependsOn).toBeUndefined();
    }
  });

  // deploy uploads through the same src/stacks/artifacts.ts (test/deploy/nested.test.ts checks the keys it uses).
  test('TemplateURL is the content-addressed key of the child body', () => {
    for (const child of CHILDREN) {
      const body = templateBody(child.template);
      expect(body).toBe(JSON.stringify(child.template));
      const key = templateKey(OPTIONS.stackName, body);
      expect(key).toMatch(/^ecs-arch\/scale-test-dev\/[0-9a-f]{64}\.json$/);
      const url = templateUrl(OPTIONS.artifactBucket!, OPTIONS.region, key);
      expect(url).toBe(`https://ecs-arch-artifacts.s3.eu-west-1.amazonaws.com/${key}`);
      expect(ROOT.template.Resources[child.logicalId!]!.Properties!.TemplateURL).toBe(url);
    }
  });

  test('the same input gives byte-identical templates, whatever the order of resources', () => {
    expect(JSON.stringify(split(ecsTemplate(NAMES)))).toBe(JSON.stringify(TEMPLATES));
    const reversed = { ...ORIGINAL, Resources: Object.fromEntries(Object.entries(ORIGINAL.Resources).reverse()) };
    expect(placement(split(reversed))).toEqual(placement(TEMPLATES));
  });
});

describe('stable grouping', () => {
  const before = placement(TEMPLATES);
  const moved = (after: Map<string, string>, except: string) => [...before].filter(([task, stack]) => task !== except && after.get(task) !== stack);

  test.each(['task-0000', 'task-0123'])('removing %s moves no other task', (removed) => {
    const after = placement(split(ecsTemplate(NAMES.filter((name) => name !== removed))));
    expect(after.has(removed)).toBe(false);
    expect(moved(after, removed)).toEqual([]);
  });

  test('removing task-0299 takes its stack under the parameter limit: only its sibling merges into it', () => {
    const after = placement(split(ecsTemplate(NAMES.filter((name) => name !== 'task-0299'))));
    const movedTasks = moved(after, 'task-0299');
    expect(movedTasks.length).toBeGreaterThan(0);
    expect(new Set(movedTasks.map(([, stack]) => stack))).toEqual(new Set(['TaskStack001']));
    const targets = new Set(movedTasks.map(([task]) => after.get(task)!));
    expect(targets.size).toBe(1);
    expect('TaskStack001'.startsWith([...targets][0]!)).toBe(true);
  });

  test.each(['added-one', 'zz-last', 'a-first'])('adding %s moves no other task', (added) => {
    const after = placement(split(ecsTemplate([...NAMES, added])));
    expect(after.has(added)).toBe(true);
    expect(moved(after, added)).toEqual([]);
  });

  test('when a child overflows, only tasks of that child move, into one new child', () => {
    // Grow a small project (about 11 tasks per child) until an addition splits a child.
    let names = taskNames(40);
    let current = placement(split(ecsTemplate(names), { maxResources: 100 }));
    for (let i = 0; i < 100; i++) {
      names = [...names, `grow-${i}`];
      const next = placement(split(ecsTemplate(names), { maxResources: 100 }));
      const movedTasks = [...current].filter(([task, stack]) => next.get(task) !== stack);
      if (movedTasks.length) {
        const from = new Set(movedTasks.map(([, stack]) => stack));
        const to = new Set(movedTasks.map(([task]) => next.get(task)));
        expect(from.size).toBe(1);
        expect(to.size).toBe(1);
        const [source] = [...from];
        const [target] = [...to];
        expect([...current.values()]).not.toContain(target);
        // The child keeps the half whose next hash bit is 0; the other half moves.
        expect(target!.startsWith(source!)).toBe(true);
        const stayed = [...current].filter(([task, stack]) => stack === source && next.get(task) === source);
        expect(stayed.length).toBeGreaterThan(0);
        return;
      }
      current = next;
    }
    throw new Error('no child split within 100 added tasks');
  });
});

describe('problems', () => {
  test('without an artifact bucket, nested templates are read from the bootstrap bucket of the account and region', () => {
    const result = splitTemplate(ORIGINAL, { ...OPTIONS, artifactBucket: undefined });
    if (!result.ok) throw new Error('split failed');
    const [root, child] = result.templates as [CompiledTemplate, CompiledTemplate];
    const key = templateKey(OPTIONS.stackName, templateBody(child.template));
    expect(root.template.Resources[child.logicalId!]!.Properties!.TemplateURL).toEqual({
      'Fn::Sub': `https://ecs-arch-artifacts-\${AWS::AccountId}-\${AWS::Region}.s3.\${AWS::Region}.\${AWS::URLSuffix}/${key}`,
    });
  });

  test('a task too large for one nested stack is named', () => {
    // 6 resources per task; its queue, dead-letter queue and their policy (3) go to a data stack.
    const template = ecsTemplate(taskNames(12));
    expect(splitTemplate(template, { ...OPTIONS, maxResources: 5 })).toEqual({
      ok: false,
      problems: taskNames(12).map((name) => ({ path: `tasks.${name}`, message: `task "${name}" alone needs 6 resources (at most 5 per stack), more than one nested stack can hold` })),
    });
  });

  test('a shared resource that task resources refer to and that refers to them is a cycle', () => {
    const template = ecsTemplate(taskNames(60));
    template.Resources.SharedRunRole = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
        Policies: [{ PolicyName: 'run', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:RunTask', Resource: { Ref: 'Task0000TaskDefinition' } }] } }],
      },
      Metadata: { EcsArch: { Source: 'alerts.role', Group: 'shared' } },
    };
    (template.Resources.Task0000Rule!.Properties!.Targets as { RoleArn: unknown }[])[0]!.RoleArn = { 'Fn::GetAtt': ['SharedRunRole', 'Arn'] };
    const result = splitTemplate(template, OPTIONS);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      {
        path: 'alerts.role',
        message: expect.stringMatching(/^splitting into nested stacks would make a dependency cycle \((SharedRunRole → TaskStack[01]* → SharedRunRole|TaskStack[01]* → SharedRunRole → TaskStack[01]*)\): a shared resource refers to a task resource that refers back to it$/),
      },
    ]);
  });
});

describe('cfn-lint', () => {
  testWithTool('cfn-lint')(
    'reports no errors on the parent and every nested template',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-stacks-'));
      try {
        mkdirSync(join(dir, 'stacks'));
        // The constructs of the 300-task split (parameters, outputs, Sub variables, stack
        // DependsOn) at a size cfn-lint checks in seconds rather than minutes.
        const templates = split(ecsTemplate(taskNames(60)), { maxResources: 100 });
        expect(templates.length).toBeGreaterThan(5);
        const files = templates.map(({ fileName, template }) => {
          writeFileSync(join(dir, fileName), JSON.stringify(template, null, 2));
          return join(dir, fileName);
        });
        const tool = findTool('cfn-lint')!;
        let output: string;
        try {
          output = execFileSync(tool.command, [...tool.args, '--format', 'json', '--regions', 'eu-west-1', '--', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
        } catch (error) {
          const { status, stdout } = error as { status: number; stdout: string };
          // Bit mask: 2 errors, 4 warnings, 8 informational; 1 is cfn-lint itself failing.
          expect(status & 3).toBe(0);
          output = stdout;
        }
        const errors = (JSON.parse(output) as { Level: string; Filename: string; Message: string }[]).filter((f) => f.Level === 'Error');
        expect(errors).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
