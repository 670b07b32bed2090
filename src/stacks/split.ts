// Splits a compiled template that would break CloudFormation's per-stack limits into a parent
// stack and nested stacks (AWS::CloudFormation::Stack). Pure: template in, templates out.
//
// Shared resources (Metadata.EcsArch.Group "shared", or no group: escape-hatch resources) stay
// in the parent; task groups ("task:<name>") are packed into children by ./partition.ts.
// Every resource is copied unchanged apart from its references, so DeletionPolicy /
// UpdateReplacePolicy Retain travel with stateful resources. References that cross a stack
// boundary are rewired:
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

/** CloudFormation's per-stack quotas that a split must respect. */
export const STACK_LIMITS = { resources: 500, parameters: 200, outputs: 200, bytes: 1_000_000 } as const;

export interface SplitOptions {
  /** deployment.maxResourcesPerStack (at most 500). */
  maxResources: number;
  /** Template body limit for a template read from S3. */
  maxBytes: number;
  stackName: string;
  /** deployment.artifactBucket; absent: the bootstrap stack's bucket. */
  artifactBucket?: string;
  region: string;
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
}

export function measure(template: Template): TemplateSize {
  return {
    resources: Object.keys(template.Resources).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    bytes: Buffer.byteLength(templateBody(template)),
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
  const bytes = Buffer.byteLength(body ?? templateBody(template));
  if (bytes > options.maxBytes) return `${bytes} bytes (at most ${options.maxBytes} per template)`;
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


const taskName = (group: string): string => group.slice('task:'.length);

/** Everything about the whole template the split needs more than once. */
class Index {
  readonly ids: string[];
  /** Logical ID → its position in the template, to keep resources in template order. */
  readonly position: Map<string, number>;
  readonly groups = new Map<string, string[]>();
  readonly shared: string[] = [];
  /** Task group → root outputs that read only its resources: they move into its child. */
  readonly ownedOutputs = new Map<string, string[]>();
  /** Resource (or "#Outputs", or "#Output:<name>" for an owned output) → references it makes. */
  readonly outgoing = new Map<string, Reference[]>();
  /** Resource → the resources (or "#Outputs") that reference it, and with which attribute. */
  readonly incoming = new Map<string, { from: string; attribute?: string }[]>();
  private readonly names = new Map<string, string>();

  constructor(readonly template: Template) {
    this.ids = Object.keys(template.Resources);
    this.position = new Map(this.ids.map((id, i) => [id, i]));
    for (const id of this.ids) {
      const resource = template.Resources[id]!;
      const group = resourceTaskGroup(resource);
      if (group) this.groups.set(group, [...(this.groups.get(group) ?? []), id]);
      else this.shared.push(id);
      this.record(id, references(resource));
    }
    const sharedOutputs: Record<string, unknown> = {};
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
      const found = references(output).filter((r) => this.isResource(r.target) || this.isParameter(r.target));
      const groups = new Set(found.map((r) => (this.isResource(r.target) ? resourceTaskGroup(template.Resources[r.target]!) : undefined)));
      const [group] = groups;
      if (groups.size === 1 && group) {
        this.ownedOutputs.set(group, [...(this.ownedOutputs.get(group) ?? []), name]);
        this.record(`#Output:${name}`, found);
      } else {
        sharedOutputs[name] = output;
      }
    }
    this.record('#Outputs', references(sharedOutputs));
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

  nameFor({ target, attribute }: Reference): string {
    return attribute ? this.names.get(`${target}.${attribute}`)! : target;
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

function buildChild(index: Index, groups: string[], name: string, stackName: string): Child {
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
    resources[id] = local.length ? { ...copy, DependsOn: local.length === 1 ? local[0]! : local } : copy;
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
    Description: `${stackName}: nested stack ${STACK_ID_PREFIX}${name} (tasks ${groups.map(taskName).join(', ')})`.slice(0, 1024),
    ...(Object.keys(parameters).length ? { Parameters: parameters } : {}),
    ...(rewrittenConditions ? { Conditions: rewrittenConditions } : {}),
    Resources: resources,
    ...(Object.keys(sortedOutputs).length ? { Outputs: sortedOutputs } : {}),
  };
  return { template, imports, dependsOnOutside, body: templateBody(template) };
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
  if (!brokenLimit(template, limits)) return { ok: true, templates: [{ fileName: 'template.json', template }] };
  const index = new Index(template);
  const problems: SplitProblem[] = [];
  const evaluate = (groups: string[], name: string): Evaluation<Child> => {
    // Counting is cheap and settles most nodes of a large split before any child is built.
    const count = groups.reduce((sum, group) => sum + index.groups.get(group)!.length, 0);
    if (count > maxResources) return { fits: false, reason: `${count} resources (at most ${maxResources} per stack)` };
    const child = buildChild(index, groups, name, options.stackName);
    const broken = brokenLimit(child.template, limits, child.body);
    return broken ? { fits: false, reason: broken } : { fits: true, value: child };
  };
  const { leaves, tooLarge } = partition([...index.groups.keys()], evaluate);
  for (const { group, reason } of [...tooLarge].sort((a, b) => (a.group < b.group ? -1 : 1))) {
    problems.push({ path: `tasks.${taskName(group)}`, message: `task "${taskName(group)}" alone needs ${reason}, more than one nested stack can hold` });
  }
  const stackIds = leaves.map((leaf) => `${STACK_ID_PREFIX}${leaf.name}`);
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
    stackResources[id] = {
      Type: 'AWS::CloudFormation::Stack',
      ...(dependsOn.length ? { DependsOn: dependsOn.length === 1 ? dependsOn[0]! : dependsOn } : {}),
      Properties: {
        TemplateURL: nestedTemplateUrl(options.artifactBucket, options.region, key),
        ...(Object.keys(parameters).length ? { Parameters: parameters } : {}),
      } satisfies CloudFormationStack,
      Metadata: { EcsArch: { Source: 'tasks', Group: 'shared', Tasks: leaf.groups.map(taskName) } satisfies EcsArchMetadata },
    };
    children.push({ fileName: `stacks/${id}.json`, logicalId: id, template: child.template });
  }

  const parentResources: Record<string, CfnResource> = {};
  for (const id of index.shared) {
    const { DependsOn: dependsOn, ...rest } = template.Resources[id]!;
    const copy = rewrite(rest, exporting) as CfnResource;
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
  if (parentBroken) {
    problems.push({ path: 'tasks', message: `the parent stack still has ${parentBroken} after moving every task into nested stacks` });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, templates: [{ fileName: 'template.json', template: parent }, ...children] };
}
