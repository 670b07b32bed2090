// Turns a loaded project into CloudFormation templates and a manifest. Pure: no I/O.
// model → shared parts (cluster, storage) → every task trigger (triggers/registry.ts) →
// stack-level parts (alerts.ts) → task definitions and roles with what the triggers asked for
// → resource policies → outputs → the escape hatch, applied last → split into nested stacks
// when the template would break CloudFormation's per-stack limits.
import type { LoadedProject } from '../config/index.js';
import type { Value } from '../cfn/intrinsics.js';
import { policyDocument, resource, type Group, type PolicyStatement } from '../cfn/resources.js';
import { resourceSource } from '../cfn/template.js';
import { STATEFUL_TYPES } from '../cfn/aws.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { buildModel, type Model } from '../model/index.js';
import { sha256, splitTemplate, STACK_LIMITS, templateBody, type Placement, type SplitProblem } from '../stacks/index.js';
import { compileCluster } from './cluster.js';
import type { CompileContext, Contribution } from './contribution.js';
import { applyEscapeHatch } from './escape-hatch.js';
import { LogicalIds, type IdClash } from './ids.js';
import { Names } from './names.js';
import { compileStorage } from './storage.js';
import { compileAccess, compileTask, mergeStatements } from './tasks.js';
import { compileAlerts } from './alerts.js';
import type { Grant } from './access.js';
import { kindOf } from './triggers/registry.js';
import type { CfnResource, CompiledTemplate, CompileResult, Manifest, Template } from './types.js';

export type * from './types.js';

const sourceOf = (r: CfnResource): string => resourceSource(r) ?? '';

/**
 * Claims each resource's ID for the config path that made it. A clash between two paths is
 * recorded by the allocator (the first resource stays); resources several parts of one item
 * produce (a task's dead-letter queue, its run-task role) must agree exactly.
 */
function mergeResources(ids: LogicalIds, into: Record<string, CfnResource>, from: Record<string, CfnResource> = {}): void {
  for (const [id, res] of Object.entries(from)) {
    if (!ids.claim(id, sourceOf(res))) continue;
    const existing = into[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(res)) {
      throw new Error(`internal error: two different resources were generated with the logical ID ${id}`);
    }
    into[id] = res;
  }
}

function mergeEnvironment(into: Record<string, Value>, from: Record<string, Value>, task: string): void {
  for (const [name, value] of Object.entries(from)) {
    if (name in into && JSON.stringify(into[name]) !== JSON.stringify(value)) {
      throw new Error(`internal error: task ${task} was given two values for ${name}`);
    }
    into[name] = value;
  }
}

function resourcePolicy(targetId: string, target: CfnResource, statements: PolicyStatement[], source: string, group: Group): CfnResource {
  const document = policyDocument(mergeStatements(statements));
  if (target.Type === 'AWS::SNS::Topic') return resource('AWS::SNS::TopicPolicy', { Topics: [{ Ref: targetId }], PolicyDocument: document }, { source, group });
  return resource('AWS::SQS::QueuePolicy', { Queues: [{ Ref: targetId }], PolicyDocument: document }, { source, group });
}

export function compileModel(model: Model): { template: Template; sources: Record<string, string>; grants: Record<string, Grant[]>; clashes: IdClash[] } {
  const ctx: CompileContext = { model, names: new Names(model) };
  const ids = new LogicalIds();
  const shared = [compileCluster(ctx), ...compileStorage(ctx)];
  const taskParts = model.tasks.flatMap((task) => [
    compileAccess(ctx, task),
    ...task.triggers.map((trigger) => kindOf(trigger).compile(ctx, task, trigger)),
  ]);
  const produced = [...shared, ...taskParts];
  // Stack-level kinds run after every trigger and see what they produced.
  const stackParts = [compileAlerts(ctx, produced)];
  const parts: Contribution[] = [...produced, ...stackParts];

  const roleGrants = new Map<string, Grant[]>();
  const environments = new Map<string, Record<string, Value>>();
  for (const part of parts) {
    for (const [task, grants] of Object.entries(part.taskRole ?? {})) roleGrants.set(task, [...(roleGrants.get(task) ?? []), ...grants]);
    for (const [task, env] of Object.entries(part.environment ?? {})) {
      const merged = environments.get(task) ?? {};
      mergeEnvironment(merged, env, task);
      environments.set(task, merged);
    }
  }
  const grants = Object.fromEntries(model.tasks.map((task) => [task.name, mergeStatements(roleGrants.get(task.name) ?? [])]));
  const taskDefinitions = model.tasks.map((task) => compileTask(ctx, task, grants[task.name]!, environments.get(task.name) ?? {}));

  // Order in the template: shared, then per task its definition before its triggers, then alerts.
  const ordered = [...shared, ...model.tasks.flatMap((_, i) => [taskDefinitions[i]!]), ...taskParts, ...stackParts];
  const resources: Record<string, CfnResource> = {};
  const outputs: NonNullable<Template['Outputs']> = {};
  for (const part of ordered) {
    mergeResources(ids, resources, part.resources);
    Object.assign(outputs, part.outputs);
  }

  const policies = new Map<string, { source: string; group: Group; statements: PolicyStatement[] }>();
  for (const part of parts) {
    for (const [target, request] of Object.entries(part.resourcePolicies ?? {})) {
      const current = policies.get(target);
      policies.set(target, current ? { ...current, statements: [...current.statements, ...request.statements] } : { ...request, statements: [...request.statements] });
    }
  }
  for (const [target, request] of policies) {
    mergeResources(ids, resources, { [`${target}Policy`]: resourcePolicy(target, resources[target]!, request.statements, request.source, request.group) });
  }

  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${model.stackName}: ECS Fargate workloads and their triggers, generated by ecs-arch from ${model.name}'s ecs-arch.yml`,
    Resources: resources,
    ...(Object.keys(outputs).length ? { Outputs: outputs } : {}),
  };
  const sources = Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, sourceOf(r)]));
  return { template, sources, grants, clashes: ids.clashes };
}

/**
 * The bytes written to template.json and stacks/*.json: indented for people to read. What
 * CloudFormation receives, what is hashed and what the limits measure is the compact body of
 * src/stacks/artifacts.ts (templateBody), which keeps more templates under the inline limit.
 */
export const serializeTemplate = (template: Template): string => `${JSON.stringify(template, null, 2)}\n`;

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function splitDiagnostic(project: LoadedProject, problem: SplitProblem): Diagnostic {
  const { line, col } = project.locate(problem.path);
  return { file: project.displayPath, line, col, path: problem.path, message: `${problem.path}: ${problem.message}.`, severity: 'error' };
}

export interface CompileOptions {
  /**
   * Where the deployed stack holds its stateful resources (deploy and diff read it from
   * CloudFormation): they stay there, whatever else changes. Absent: placed as for a new stack.
   */
  placement?: Placement;
}

/** At the second claimant, naming both: the user renames one of them. */
function clashDiagnostic(project: LoadedProject, clash: IdClash): Diagnostic {
  const { line, col } = project.locate(clash.second);
  return {
    file: project.displayPath,
    line,
    col,
    path: clash.second,
    message: `${clash.second}: its logical ID ${clash.id} is also generated for ${clash.first} (IDs join names without separators); rename one of them.`,
    severity: 'error',
  };
}

export function compileProject(project: LoadedProject, options: CompileOptions = {}): CompileResult {
  const model = buildModel(project);
  const compiled = compileModel(model);
  const patched = applyEscapeHatch(compiled.template, model, project);
  const diagnostics = [...compiled.clashes.map((clash) => clashDiagnostic(project, clash)), ...patched.diagnostics];
  const sources = { ...compiled.sources };
  for (const id of Object.keys(model.cloudformation.resources)) sources[id] = `cloudformation.resources.${id}`;

  let templates: CompiledTemplate[] = [{ fileName: 'template.json', template: patched.template }];
  // A template the escape hatch broke is reported and never written: splitting it would only add noise.
  if (!diagnostics.length) {
    const split = splitTemplate(patched.template, {
      maxResources: model.deployment.maxResourcesPerStack ?? STACK_LIMITS.resources,
      maxBytes: STACK_LIMITS.bytes,
      stackName: model.stackName,
      region: model.region,
      ...(options.placement ? { placement: options.placement } : {}),
      ...(model.deployment.artifactBucket ? { artifactBucket: model.deployment.artifactBucket } : {}),
    });
    if (split.ok) templates = split.templates;
    else diagnostics.push(...split.problems.map((problem) => splitDiagnostic(project, problem)));
  }

  const resourceCounts: Record<string, number> = {};
  const stateful: Manifest['statefulLogicalIds'] = [];
  for (const { logicalId: stack, template } of templates) {
    for (const [id, r] of Object.entries(template.Resources)) {
      resourceCounts[r.Type] = (resourceCounts[r.Type] ?? 0) + 1;
      if (STATEFUL_TYPES.has(r.Type)) stateful.push(stack ? { logicalId: id, stack } : { logicalId: id });
    }
  }
  const hashes = templates.map(({ fileName, logicalId, template }) => ({ fileName, hash: sha256(templateBody(template)), ...(logicalId ? { logicalId } : {}) }));
  const manifest: Manifest = {
    stackName: model.stackName,
    region: model.region,
    stage: model.stage,
    templateHash: hashes[0]!.hash,
    // Plain code-unit order: localeCompare would load ICU collation data, a visible start-up cost.
    resourceCounts: Object.fromEntries(Object.entries(resourceCounts).sort(([a], [b]) => byCodeUnit(a, b))),
    statefulLogicalIds: stateful.sort((a, b) => byCodeUnit(a.logicalId, b.logicalId)),
    tags: model.deployment.tags,
    terminationProtection: model.deployment.terminationProtection,
    ...(model.deployment.artifactBucket ? { artifactBucket: model.deployment.artifactBucket } : {}),
    // --param overrides of this run: the templates differ from what the file alone gives.
    ...(Object.keys(project.params ?? {}).length ? { params: project.params } : {}),
    templates: hashes,
    images: model.tasks.flatMap((task) => ('build' in task.image ? [task.image.build] : [])),
  };
  return { project, model, templates, manifest, sources, grants: compiled.grants, diagnostics: sortDiagnostics(diagnostics) };
}
