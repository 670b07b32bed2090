// Splits a compiled template that would break CloudFormation's per-stack limits into a parent
// stack and nested stacks (AWS::CloudFormation::Stack). Pure: template in, templates out.
//
// Three kinds of stack:
// - the parent: shared resources (Metadata.EcsArch.Group "shared", or no group: escape-hatch
//   resources), the nested Stack resources, and the stateful units already deployed in it;
// - task stacks ("TaskStack<bits>"): task groups ("task:<name>") packed by ./partition.ts; a
//   task may move between them as others come and go: it holds nothing that keeps data;
// - data stacks ("DataStack<bits>"): stateful units (./units.ts: buckets, tables, queues with
//   their dead-letter queues, policies and alarms), whatever group made them, packed by the same
//   trie, and pinned: `placement` says where each stateful resource is deployed now, and a unit
//   deployed in the parent or in a data stack stays there, so growing, shrinking or renaming
//   other things never moves it (a unit deployed in a task stack by an earlier version is
//   placed afresh; deploy's data-loss analysis then refuses the move).
// A project that fits one stack is one stack, unless a unit it keeps is deployed in a data
// stack. Units not deployed yet join the parent when all of them fit there beside the task
// stacks, else they all go to data stacks. So a project that starts small keeps its first
// units in the parent forever, and a large one adds its new units to data stacks.
// Every resource is copied unchanged apart from its references (and Retain on a queue or bucket
// policy kept away from its queue or bucket, see retainIfRemote), so DeletionPolicy /
// UpdateReplacePolicy Retain travel with stateful resources. Root outputs about one nested
// stack's resources move into that stack (info and deploy still collect them), so the parent's
// outputs stay within 200 at any size. References that cross a stack boundary are rewired:
// - child → parent resource or root parameter: a child Parameter, passed by the parent's Stack
//   resource as the original Ref / GetAtt;
// - parent → child resource: a child Output, read with Fn::GetAtt [Stack, Outputs.Name];
// - child → other child: an Output of one passed as a Parameter of the other by the parent;
// - DependsOn across stacks: a DependsOn between the Stack resources (or the parent resource).
// A child Parameter is named after what it carries (Ref X → "X", GetAtt X.Arn → "XArn"), so a
// child's template changes only when its own groups or what they use change.
import { resourceSource, resourceTaskGroup, type CfnResource, type CompiledTemplate, type EcsArchMetadata, type Template } from '../cfn/template.js';
import type { CloudFormationStack } from '../cfn/resource-types.generated.js';
import { nestedTemplateUrl, templateBody, templateKey } from './artifacts.js';
import { partition, type Evaluation } from './partition.js';
import { conditionNames, dependsOnList, references, rewrite, type Reference, type Resolver } from './references.js';
import { shortHash } from '../cfn/logical-id.js';
import { STATEFUL_TYPES } from '../cfn/aws.js';
import { POLICY_TYPES, statefulUnits } from './units.js';

/**
 * CloudFormation's per-stack quotas that a split must respect
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 * resources, parameters and outputs per template, the body of a template read from S3, and
 * dynamic references ({{resolve:…}}) per template.
 */
export const STACK_LIMITS = { resources: 500, parameters: 200, outputs: 200, bytes: 1_000_000, dynamicReferences: 60 } as const;

/**
 * Where resources are deployed: logical ID → logical ID of the nested stack holding it, "" for
 * the parent. Stateful resources stay where they are; tasks stay in their task stack.
 */
export type Placement = ReadonlyMap<string, string>;

export interface SplitOptions {
  /** deployment.maxResourcesPerStack (at most 500). */
  maxResources: number;
  /** Template body limit for a template read from S3. */
  maxBytes: number;
  stackName: string;
  /** deployment.artifactBucket; absent: the bootstrap stack's bucket. */
  artifactBucket?: string;
  region: string;
  /** Where the deployed stack holds its stateful resources (empty or absent: not deployed). */
  placement?: Placement;
}

/** A reason the template cannot be split, with the config path it is about (for a Diagnostic). */
export interface SplitProblem {
  path: string;
  message: string;
}

export type SplitResult = { ok: true; templates: CompiledTemplate[] } | { ok: false; problems: SplitProblem[] };

export interface TemplateSize {
  resources: number;
  parameters: number;
  outputs: number;
  bytes: number;
  dynamicReferences: number;
}

const dynamicReferences = (body: string): number => body.split('{{resolve:').length - 1;

export function measure(template: Template): TemplateSize {
  const body = templateBody(template);
  return {
    resources: Object.keys(template.Resources).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    bytes: Buffer.byteLength(body),
    dynamicReferences: dynamicReferences(body),
  };
}

/**
 * Which limit `template` breaks, in words, or undefined when it fits. Counts come first so the
 * template is serialised only when they fit; `body` is its serialisation when already made.
 */
function brokenLimit(template: Template, options: SplitOptions, body?: string): string | undefined {
  const resources = Object.keys(template.Resources).length;
  const parameters = Object.keys(template.Parameters ?? {}).length;
  const outputs = Object.keys(template.Outputs ?? {}).length;
  if (resources > options.maxResources) return `${resources} resources (at most ${options.maxResources} per stack)`;
  if (parameters > STACK_LIMITS.parameters) return `${parameters} parameters (at most ${STACK_LIMITS.parameters})`;
  if (outputs > STACK_LIMITS.outputs) return `${outputs} outputs (at most ${STACK_LIMITS.outputs})`;
  const text = body ?? templateBody(template);
  const bytes = Buffer.byteLength(text);
  if (bytes > options.maxBytes) return `${bytes} bytes (at most ${options.maxBytes} per template)`;
  const dynamic = dynamicReferences(text);
  if (dynamic > STACK_LIMITS.dynamicReferences) return `${dynamic} dynamic references (at most ${STACK_LIMITS.dynamicReferences} per template)`;
  return undefined;
}

/** Attributes whose value is a list: they cross a stack boundary as a joined CommaDelimitedList. */
const LIST_ATTRIBUTES = new Set([
  'AWS::EC2::VPC.CidrBlockAssociations',
  'AWS::EC2::VPC.Ipv6CidrBlocks',
  'AWS::EC2::Subnet.Ipv6CidrBlocks',
  'AWS::ElasticLoadBalancingV2::LoadBalancer.SecurityGroups',
  'AWS::Route53::HostedZone.NameServers',
]);

const PARENT = '';
const STACK_ID_PREFIX = 'TaskStack';
const DATA_STACK_PREFIX = 'DataStack';
const DATA_STACK_ID = /^DataStack([01]*)$/;
const TASK_STACK_ID = /^TaskStack([01]*)$/;
const UNIT = 'unit:';

/** The task name of "task:<name>", the first stateful logical ID of "unit:<id>". */
const groupName = (group: string): string => group.slice(group.indexOf(':') + 1);

/** Does a stateful resource of this template live in a data stack? Then it must split. */
function pinnedToDataStack(template: Template, placement: Placement | undefined): boolean {
  if (!placement?.size) return false;
  return Object.entries(template.Resources).some(([id, r]) => STATEFUL_TYPES.has(r.Type) && DATA_STACK_ID.test(placement.get(id) ?? ''));
}

/** Everything about the whole template the split needs more than once. */
class Index {
  readonly ids: string[];
  /** Logical ID → its position in the template, to keep resources in template order. */
  readonly position: Map<string, number>;
  readonly groups = new Map<string, string[]>();
  readonly shared: string[] = [];
  /** Unit group → the data stack (trie leaf name) it is deployed in. */
  readonly unitPins = new Map<string, string>();
  /** Task group → the task stack (trie leaf name) it is deployed in. */
  readonly taskPins = new Map<string, string>();
  /** Resource → its group; absent for the parent's. */
  private readonly groupOf = new Map<string, string>();
  /** Task group → root outputs that read only its resources: they move into its child. */
  readonly ownedOutputs = new Map<string, string[]>();
  /** Resource (or "#Outputs", or "#Output:<name>" for an owned output) → references it makes. */
  readonly outgoing = new Map<string, Reference[]>();
  /** Resource → the resources (or "#Outputs") that reference it, and with which attribute. */
  readonly incoming = new Map<string, { from: string; attribute?: string }[]>();
  private readonly names = new Map<string, string>();
  /** "target.attribute" ("target" for a Ref) → the root output whose value is exactly that reference. */
  private readonly sharedOutputs = new Map<string, string>();

  /** `rootBudget`: resources the parent may hold with every unit not yet deployed; over it they go to data stacks. */
  constructor(
    readonly template: Template,
    placement: Placement = new Map(),
    rootBudget = 0,
  ) {
    this.ids = Object.keys(template.Resources);
    this.position = new Map(this.ids.map((id, i) => [id, i]));
    const referencesOf = new Map(this.ids.map((id) => [id, references(template.Resources[id])]));
    const { unitOf: units, rootOnly } = statefulUnits(template, referencesOf, (id) => resourceTaskGroup(template.Resources[id]!) !== undefined);
    // A unit is pinned to the parent if any of its stateful resources is deployed there, else to its data stack.
    const unitStacks = new Map<string, string>();
    for (const [id, unit] of units) {
      const stack = placement.get(id);
      if (stack === undefined || unitStacks.get(unit) === PARENT) continue;
      if (stack === PARENT || DATA_STACK_ID.test(stack)) unitStacks.set(unit, stack);
    }
    const parentCount = this.ids.filter((id) => (units.has(id) ? unitStacks.get(units.get(id)!) !== undefined && unitStacks.get(units.get(id)!) !== PARENT : resourceTaskGroup(template.Resources[id]!) !== undefined)).length;
    if (this.ids.length - parentCount <= rootBudget) for (const unit of new Set(units.values())) if (!unitStacks.has(unit)) unitStacks.set(unit, PARENT);
    for (const [unit, ids] of rootOnly) if (unitStacks.get(unit) === PARENT) for (const id of ids) units.set(id, unit);
    for (const id of this.ids) {
      const unit = units.get(id);
      const group = unit === undefined ? resourceTaskGroup(template.Resources[id]!) : unitStacks.get(unit) === PARENT ? undefined : `${UNIT}${unit}`;
      if (group) {
        this.groups.set(group, [...(this.groups.get(group) ?? []), id]);
        this.groupOf.set(id, group);
      } else {
        this.shared.push(id);
      }
      this.record(id, referencesOf.get(id)!);
    }
    for (const [unit, stack] of unitStacks) if (stack !== PARENT) this.unitPins.set(`${UNIT}${unit}`, DATA_STACK_ID.exec(stack)![1]!);
    // A task is pinned to the task stack that holds its resources (all of them, or it moves anyway).
    for (const [group, ids] of this.groups) {
      if (group.startsWith(UNIT)) continue;
      const stacks = new Set(ids.map((id) => placement.get(id)));
      const [stack] = stacks;
      const leaf = stacks.size === 1 && stack !== undefined ? TASK_STACK_ID.exec(stack)?.[1] : undefined;
      if (leaf !== undefined) this.taskPins.set(group, leaf);
    }
    const sharedOutputs: Record<string, unknown> = {};
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
      const found = references(output).filter((r) => this.isResource(r.target) || this.isParameter(r.target));
      const groups = new Set(found.map((r) => (this.isResource(r.target) ? this.groupOf.get(r.target) : undefined)));
      const [group] = groups;
      if (groups.size === 1 && group) {
        this.ownedOutputs.set(group, [...(this.ownedOutputs.get(group) ?? []), name]);
        this.record(`#Output:${name}`, found);
      } else {
        sharedOutputs[name] = output;
      }
    }
    this.record('#Outputs', references(sharedOutputs));
    this.findSharedOutputs();
    this.assignNames();
  }

  isResource(id: string): boolean {
    return id in this.template.Resources;
  }

  isParameter(id: string): boolean {
    return id in (this.template.Parameters ?? {});
  }

  private record(from: string, found: Reference[]): void {
    const known = found.filter((r) => this.isResource(r.target) || this.isParameter(r.target));
    this.outgoing.set(from, known);
    for (const { target, attribute } of known) {
      const list = this.incoming.get(target) ?? [];
      list.push({ from, ...(attribute ? { attribute } : {}) });
      this.incoming.set(target, list);
    }
  }

  /**
   * A root output that is exactly one Ref or GetAtt (a bucket's name, a queue's ARN) already
   * carries that value out of whichever stack holds its resource: cross-stack references to the
   * same value read it under its name instead of adding a second output with the same value.
   */
  private findSharedOutputs(): void {
    const outputs = this.template.Outputs ?? {};
    for (const name of Object.keys(outputs).sort()) {
      const output = outputs[name] as { Value?: unknown; Condition?: unknown };
      const [reference, ...more] = references(output.Value);
      if (!reference || more.length || output.Condition !== undefined || !this.isResource(reference.target) || this.isList(reference)) continue;
      if (JSON.stringify(output.Value) !== JSON.stringify(this.direct(reference))) continue;
      const key = reference.attribute ? `${reference.target}.${reference.attribute}` : reference.target;
      if (!this.sharedOutputs.has(key)) this.sharedOutputs.set(key, name);
    }
  }

  /** The root output a reference shares (see findSharedOutputs), if any. */
  sharedOutput({ target, attribute }: Reference): string | undefined {
    return this.sharedOutputs.get(attribute ? `${target}.${attribute}` : target);
  }

  /**
   * Parameter / Output names for every referenced (target, attribute): "X" for Ref X,
   * "XAttr" for GetAtt X.Attr, with a short hash where that would be ambiguous (another logical
   * ID, or two pairs giving the same name) or too long.
   */
  private assignNames(): void {
    const claims = new Map<string, Set<string>>();
    for (const list of this.outgoing.values()) {
      for (const { target, attribute } of list) {
        if (!attribute) continue;
        const base = `${target}${attribute.replace(/[^A-Za-z0-9]/g, '')}`;
        claims.set(base, (claims.get(base) ?? new Set()).add(`${target}.${attribute}`));
      }
    }
    for (const [base, pairs] of claims) {
      const ambiguous = pairs.size > 1 || this.isResource(base) || this.isParameter(base) || base in (this.template.Outputs ?? {});
      for (const pair of pairs) {
        const name = ambiguous || base.length > 255 ? `${base.slice(0, 247)}${shortHash(pair)}` : base;
        this.names.set(pair, name);
      }
    }
  }

  nameFor(reference: Reference): string {
    const { target, attribute } = reference;
    return this.sharedOutput(reference) ?? (attribute ? this.names.get(`${target}.${attribute}`)! : target);
  }

  isList({ target, attribute }: Reference): boolean {
    if (!attribute) {
      const parameter = this.template.Parameters?.[target] as { Type?: string } | undefined;
      return !!parameter?.Type && (parameter.Type.startsWith('List<') || parameter.Type === 'CommaDelimitedList');
    }
    const resource = this.template.Resources[target];
    return !!resource && LIST_ATTRIBUTES.has(`${resource.Type}.${attribute}`);
  }

  /** The Ref / GetAtt that reads this reference where its target lives. */
  direct(reference: Reference): unknown {
    return reference.attribute ? { 'Fn::GetAtt': [reference.target, reference.attribute] } : { Ref: reference.target };
  }

  /** Conditions `roots` use, with the conditions those use in turn. */
  conditionsFor(roots: Iterable<string>): Record<string, unknown> | undefined {
    const all = (this.template.Conditions ?? {}) as Record<string, unknown>;
    const needed = new Set<string>();
    const pending = [...roots];
    while (pending.length) {
      const name = pending.pop()!;
      if (needed.has(name) || !(name in all)) continue;
      needed.add(name);
      pending.push(...conditionNames(all[name]));
    }
    if (!needed.size) return undefined;
    return Object.fromEntries(Object.keys(all).filter((name) => needed.has(name)).map((name) => [name, all[name]]));
  }
}

/**
 * A queue or bucket policy kept in another stack than its queue or bucket (a task's trigger
 * dead-letter queue's policy, which names the task's rules) moves whenever its task moves.
 * CloudFormation creates the new policy before it deletes the old one, and deleting a policy
 * clears what the queue or bucket holds: retained, the old one is left alone instead.
 */
function retainIfRemote(resource: CfnResource, original: CfnResource, index: Index, local: (id: string) => boolean): CfnResource {
  if (!POLICY_TYPES.has(resource.Type)) return resource;
  const remote = references(original).some(({ target }) => index.isResource(target) && STATEFUL_TYPES.has(index.template.Resources[target]!.Type) && !local(target));
  return remote ? { ...resource, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } : resource;
}

/** Conditions named by resources or outputs (their own Condition key, Fn::If inside). */
function usedConditions(items: Iterable<object>): Set<string> {
  const names = new Set<string>();
  for (const item of items) {
    const condition = (item as { Condition?: unknown }).Condition;
    if (typeof condition === 'string') names.add(condition);
    conditionNames(item, names);
  }
  return names;
}

/** A child template for a set of groups, and what it needs from and gives to other stacks. */
interface Child {
  template: Template;
  /** Parameter name → the reference the parent must supply. */
  imports: Map<string, Reference>;
  /** Resources outside this child that its resources DependsOn. */
  dependsOnOutside: Set<string>;
  /** The serialised template: what is measured, hashed and uploaded. */
  body: string;
}

function buildChild(index: Index, groups: string[], stackId: string, stackName: string): Child {
  const ids = new Set(groups.flatMap((group) => index.groups.get(group)!));
  const imports = new Map<string, Reference>();
  const dependsOnOutside = new Set<string>();
  const importing: Resolver = (reference) => {
    if (ids.has(reference.target) || !(index.isResource(reference.target) || index.isParameter(reference.target))) return undefined;
    const parameter = index.nameFor(reference);
    imports.set(parameter, reference);
    return { ref: parameter };
  };

  const resources: Record<string, CfnResource> = {};
  for (const id of [...ids].sort((a, b) => index.position.get(a)! - index.position.get(b)!)) {
    const original = index.template.Resources[id]!;
    const { DependsOn: dependsOn, ...rest } = original;
    const copy = rewrite(rest, importing) as CfnResource;
    const local = dependsOnList(dependsOn).filter((dependency) => {
      if (ids.has(dependency)) return true;
      dependsOnOutside.add(dependency);
      return false;
    });
    const retained = retainIfRemote(copy, original, index, (target) => ids.has(target));
    resources[id] = local.length ? { ...retained, DependsOn: local.length === 1 ? local[0]! : local } : retained;
  }

  // Conditions may import root parameters of their own, so they are rewritten before the
  // parameter list is made.
  const conditions = index.conditionsFor(usedConditions(Object.values(resources)));
  const rewrittenConditions = conditions && (rewrite(conditions, importing) as Record<string, unknown>);

  // Root outputs about these tasks alone stay with them: the parent's 200 outputs would not
  // hold one per task. Written first so generated outputs cannot take their names.
  const outputs: NonNullable<Template['Outputs']> = {};
  const owned = new Set(groups.flatMap((group) => index.ownedOutputs.get(group) ?? []));
  for (const name of owned) outputs[name] = rewrite(index.template.Outputs![name], importing) as NonNullable<Template['Outputs']>[string];
  for (const id of ids) {
    for (const { from, attribute } of index.incoming.get(id) ?? []) {
      if (ids.has(from) || (from.startsWith('#Output:') && owned.has(from.slice('#Output:'.length)))) continue;
      const reference = { target: id, ...(attribute ? { attribute } : {}) };
      const value = index.direct(reference);
      const name = index.nameFor(reference);
      if (owned.has(name) && index.sharedOutput(reference) === name) continue;
      if (owned.has(name)) throw new Error(`internal error: output ${name} of a nested stack is both a root output and a generated one`);
      outputs[name] = { Value: index.isList(reference) ? { 'Fn::Join': [',', value] } : value };
    }
  }

  const parameters: Record<string, unknown> = {};
  for (const parameterName of [...imports.keys()].sort()) {
    const reference = imports.get(parameterName)!;
    if (index.isParameter(reference.target)) {
      const { Default: _default, ...definition } = index.template.Parameters![reference.target] as Record<string, unknown>;
      parameters[parameterName] = definition;
    } else {
      parameters[parameterName] = { Type: index.isList(reference) ? 'CommaDelimitedList' : 'String' };
    }
  }

  const sortedOutputs = Object.fromEntries(Object.keys(outputs).sort().map((key) => [key, outputs[key]!]));
  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${stackName}: nested stack ${stackId} (${describeGroups(groups)})`.slice(0, 1024),
    ...(Object.keys(parameters).length ? { Parameters: parameters } : {}),
    ...(rewrittenConditions ? { Conditions: rewrittenConditions } : {}),
    Resources: resources,
    ...(Object.keys(sortedOutputs).length ? { Outputs: sortedOutputs } : {}),
  };
  return { template, imports, dependsOnOutside, body: templateBody(template) };
}

function describeGroups(groups: readonly string[]): string {
  const [tasks, units] = [groups.filter((g) => !g.startsWith(UNIT)), groups.filter((g) => g.startsWith(UNIT))];
  return [tasks.length ? `tasks ${tasks.map(groupName).join(', ')}` : '', units.length ? `stateful resources ${units.map(groupName).join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
}

/** Resource → resources it depends on (references and DependsOn), within one template. */
function dependencyCycle(template: Template): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const targets = [...references(resource).map((r) => r.target), ...dependsOnList(resource.DependsOn)];
    edges.set(id, [...new Set(targets.filter((target) => target in template.Resources))]);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const next of edges.get(id)!) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}


/**
 * The template unchanged when it fits one stack; otherwise a parent (fileName "template.json")
 * and children ("stacks/<StackLogicalId>.json") that each fit, root first, children sorted by
 * logical ID. Byte-identical output for the same input.
 */
export function splitTemplate(template: Template, options: SplitOptions): SplitResult {
  const maxResources = Math.min(options.maxResources, STACK_LIMITS.resources);
  const limits = { ...options, maxResources, maxBytes: Math.min(options.maxBytes, STACK_LIMITS.bytes) };
  // A unit the deployed stack keeps in a data stack stays there even when the rest would fit one stack.
  if (!brokenLimit(template, limits) && !pinnedToDataStack(template, options.placement)) return { ok: true, templates: [{ fileName: 'template.json', template }] };
  // Units not deployed yet stay in the parent when all of them fit there beside the task stacks
  // (about two per 500 task resources), else they all go to data stacks.
  const taskResources = Object.values(template.Resources).filter((r) => resourceTaskGroup(r) !== undefined).length;
  const rootBudget = maxResources - 2 * Math.ceil(taskResources / maxResources);
  return splitWith(template, options, limits, rootBudget) ?? splitWith(template, options, limits, 0)!;
}

/** The split with units not yet deployed in the parent (within `rootBudget`); undefined when the parent then breaks a limit. */
function splitWith(template: Template, options: SplitOptions, limits: SplitOptions, rootBudget: number): SplitResult | undefined {
  const { maxResources } = limits;
  const index = new Index(template, options.placement, rootBudget);
  const problems: SplitProblem[] = [];
  const evaluate =
    (prefix: string) =>
    (groups: string[], name: string): Evaluation<Child> => {
      // Counting is cheap and settles most nodes of a large split before any child is built.
      const count = groups.reduce((sum, group) => sum + index.groups.get(group)!.length, 0);
      if (count > maxResources) return { fits: false, reason: `${count} resources (at most ${maxResources} per stack)` };
      const child = buildChild(index, groups, `${prefix}${name}`, options.stackName);
      const broken = brokenLimit(child.template, limits, child.body);
      return broken ? { fits: false, reason: broken } : { fits: true, value: child };
    };
  const groups = [...index.groups.keys()];
  // Tasks stay in the task stack they are deployed in, so adding or removing one moves no other
  // (a merge or split of a trie node would move many). Tasks pinned to a stack they no longer fit
  // in together (one grew) are placed afresh: a task holds nothing that keeps data.
  const taskGroups = groups.filter((g) => !g.startsWith(UNIT));
  const pinnedTasks = partition(taskGroups, evaluate(STACK_ID_PREFIX), index.taskPins);
  const tasks = pinnedTasks.tooLarge.some(({ group }) => index.taskPins.has(group)) ? partition(taskGroups, evaluate(STACK_ID_PREFIX)) : pinnedTasks;
  const data = partition(groups.filter((g) => g.startsWith(UNIT)), evaluate(DATA_STACK_PREFIX), index.unitPins);
  for (const { group, reason } of [...tasks.tooLarge, ...data.tooLarge].sort((a, b) => (a.group < b.group ? -1 : 1))) {
    const first = template.Resources[index.groups.get(group)![0]!];
    problems.push(
      group.startsWith(UNIT)
        ? { path: resourceSource(first) ?? 'tasks', message: `the stateful resources of ${groupName(group)} need ${reason}, more than their nested stack can hold` }
        : { path: `tasks.${groupName(group)}`, message: `task "${groupName(group)}" alone needs ${reason}, more than one nested stack can hold` },
    );
  }
  const leaves = [
    ...tasks.leaves.map((leaf) => ({ ...leaf, id: `${STACK_ID_PREFIX}${leaf.name}` })),
    ...data.leaves.map((leaf) => ({ ...leaf, id: `${DATA_STACK_PREFIX}${leaf.name}` })),
  ];
  const stackIds = leaves.map((leaf) => leaf.id);
  for (const stackId of stackIds) {
    if (index.isResource(stackId) || index.isParameter(stackId)) {
      problems.push({ path: 'cloudformation.resources', message: `the logical ID ${stackId} is reserved for a nested stack; rename that resource` });
    }
  }
  if (problems.length) return { ok: false, problems };

  const home = new Map<string, string>();
  leaves.forEach((leaf, i) => {
    for (const group of leaf.groups) for (const id of index.groups.get(group)!) home.set(id, stackIds[i]!);
  });
  const stackOf = (id: string): string => home.get(id) ?? PARENT;
  /** How the parent reads a reference: directly, or through the output of the child that holds it. */
  const inParent = (reference: Reference): unknown => {
    const stackId = stackOf(reference.target);
    if (stackId === PARENT) return index.direct(reference);
    return { 'Fn::GetAtt': [stackId, `Outputs.${index.nameFor(reference)}`] };
  };
  const exporting: Resolver = (reference) => {
    if (stackOf(reference.target) === PARENT) return undefined;
    const output = inParent(reference);
    return { value: index.isList(reference) ? { 'Fn::Split': [',', output] } : output, variable: index.nameFor(reference) };
  };

  const children: CompiledTemplate[] = [];
  const stackResources: Record<string, CfnResource> = {};
  const order = stackIds.map((id, i) => ({ id, leaf: leaves[i]! })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { id, leaf } of order) {
    const child = leaf.value;
    const key = templateKey(options.stackName, child.body);
    const parameters = Object.fromEntries(
      [...child.imports].map(([name, reference]) => {
        const value = inParent(reference);
        const fromParent = stackOf(reference.target) === PARENT;
        return [name, fromParent && index.isList(reference) ? { 'Fn::Join': [',', value] } : value];
      }),
    );
    const dependsOn = [...new Set([...child.dependsOnOutside].map((dependency) => stackOf(dependency) || dependency))]
      .filter((dependency) => dependency !== id)
      .sort();
    // The project's outputs this child holds: the parent may read one too (one output per value).
    const userOutputs = leaf.groups.flatMap((group) => index.ownedOutputs.get(group) ?? []).sort();
    stackResources[id] = {
      Type: 'AWS::CloudFormation::Stack',
      ...(dependsOn.length ? { DependsOn: dependsOn.length === 1 ? dependsOn[0]! : dependsOn } : {}),
      Properties: {
        TemplateURL: nestedTemplateUrl(options.artifactBucket, options.region, key),
        ...(Object.keys(parameters).length ? { Parameters: parameters } : {}),
      } satisfies CloudFormationStack,
      Metadata: {
        EcsArch: {
          ...(leaf.groups[0]!.startsWith(UNIT)
            ? { Source: resourceSource(template.Resources[index.groups.get(leaf.groups[0]!)![0]!]) ?? 'tasks', Group: 'shared', StatefulResources: leaf.groups.map(groupName) }
            : { Source: 'tasks', Group: 'shared', Tasks: leaf.groups.map(groupName) }),
          ...(userOutputs.length ? { Outputs: userOutputs } : {}),
        } satisfies EcsArchMetadata,
      },
    };
    children.push({ fileName: `stacks/${id}.json`, logicalId: id, template: child.template });
  }

  const parentResources: Record<string, CfnResource> = {};
  for (const id of index.shared) {
    const { DependsOn: dependsOn, ...rest } = template.Resources[id]!;
    const copy = retainIfRemote(rewrite(rest, exporting) as CfnResource, template.Resources[id]!, index, (target) => stackOf(target) === PARENT);
    const dependencies = [...new Set(dependsOnList(dependsOn).map((dependency) => stackOf(dependency) || dependency))];
    parentResources[id] = dependencies.length ? { ...copy, DependsOn: dependencies.length === 1 ? dependencies[0]! : dependencies } : copy;
  }
  Object.assign(parentResources, stackResources);
  const ownedOutputs = new Set([...index.ownedOutputs.values()].flat());
  const sharedOutputs = Object.entries(template.Outputs ?? {}).filter(([name]) => !ownedOutputs.has(name));
  const outputs = sharedOutputs.length ? (rewrite(Object.fromEntries(sharedOutputs), exporting) as Template['Outputs']) : undefined;
  const conditions = index.conditionsFor(usedConditions([...Object.values(parentResources), ...Object.values(outputs ?? {})]));
  const { Conditions: _conditions, Resources: _resources, Outputs: _outputs, ...head } = template;
  const parent: Template = {
    ...head,
    ...(conditions ? { Conditions: conditions } : {}),
    Resources: parentResources,
    ...(outputs ? { Outputs: outputs } : {}),
  };

  const cycle = dependencyCycle(parent);
  if (cycle) {
    const sharedResource = cycle.find((id) => !(id in stackResources));
    problems.push({
      path: (sharedResource && resourceSource(template.Resources[sharedResource])) ?? 'tasks',
      message:
        `splitting into nested stacks would make a dependency cycle (${cycle.join(' → ')}): ` +
        'a shared resource refers to a task resource that refers back to it',
    });
  }
  const parentBroken = brokenLimit(parent, limits);
  if (parentBroken && rootBudget > 0) return undefined;
  if (parentBroken) {
    problems.push({ path: 'tasks', message: `the parent stack still has ${parentBroken} after moving every task and every stateful resource it does not already hold into nested stacks` });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, templates: [{ fileName: 'template.json', template: parent }, ...children] };
}
