// The deployed stack as deploy sees it: status, tags, outputs, template, nested stacks.
import { parse } from 'yaml';
import { STATEFUL_TYPES } from '../cfn/aws.js';
import { ecsArchMetadata, type CfnResource } from '../cfn/template.js';
import type { Placement } from '../stacks/index.js';
import { references } from '../stacks/references.js';
import { isMissingStack, type Aws } from '../aws/clients.js';

export const NESTED_STACK = 'AWS::CloudFormation::Stack';

export interface StackState {
  id: string;
  name: string;
  status: string;
  statusReason?: string;
  terminationProtection: boolean;
  tags: Record<string, string>;
  parameterCount: number;
  outputs: Record<string, string>;
  lastUpdated: Date;
}

/** The stack, or null when it does not exist (or was deleted, when asked by name). */
export async function describeStack(aws: Aws, nameOrId: string, signal?: AbortSignal): Promise<StackState | null> {
  try {
    const response = await aws.cfn.send(new aws.sdk.DescribeStacksCommand({ StackName: nameOrId }), { abortSignal: signal });
    const stack = response.Stacks?.[0];
    if (!stack) return null;
    return {
      id: stack.StackId ?? nameOrId,
      name: stack.StackName ?? nameOrId,
      status: stack.StackStatus ?? 'UNKNOWN',
      statusReason: stack.StackStatusReason,
      terminationProtection: stack.EnableTerminationProtection === true,
      tags: Object.fromEntries((stack.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      parameterCount: stack.Parameters?.length ?? 0,
      outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])),
      lastUpdated: stack.LastUpdatedTime ?? stack.CreationTime ?? new Date(0),
    };
  } catch (error) {
    if (isMissingStack(error)) return null;
    throw error;
  }
}

export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS');
}

export function isSuccess(status: string): boolean {
  return status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || status === 'DELETE_COMPLETE' || status === 'IMPORT_COMPLETE';
}

/**
 * A stack in REVIEW_IN_PROGRESS only holds change sets that were never executed; like a
 * missing stack, it takes a CREATE change set.
 */
export function needsCreate(stack: StackState | null): boolean {
  return stack === null || stack.status === 'REVIEW_IN_PROGRESS';
}

export type DeployedTemplate = { Resources?: Record<string, { Type?: string; DeletionPolicy?: string }> } & Record<string, unknown>;

/** The template the stack was last deployed with, as CloudFormation stores it (JSON or YAML). */
export async function getDeployedTemplate(aws: Aws, stackName: string): Promise<DeployedTemplate> {
  const response = await aws.cfn.send(new aws.sdk.GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  const body = response.TemplateBody ?? '{}';
  try {
    return JSON.parse(body) as DeployedTemplate;
  } catch {
    // Stacks deployed by other tools may hold YAML; short-form tags (!Ref) lose their tag,
    // which is enough for finding resources and their types.
    return (parse(body, { strict: false, logLevel: 'silent' }) ?? {}) as DeployedTemplate;
  }
}

/** Logical IDs of the nested stacks a template declares. */
export function nestedStackIds(template: DeployedTemplate | { Resources: Record<string, { Type: string }> }): string[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === NESTED_STACK)
    .map(([logicalId]) => logicalId)
    .sort();
}

export interface StackResource {
  logicalId: string;
  type: string;
  /** The physical ID (a name, a URL or an ARN, as CloudFormation reports it for the type). */
  physicalId: string;
  /** The stack (root or nested) the resource belongs to. */
  stackId: string;
}

/**
 * Every resource of one stack that exists (has a physical ID and is not deleted), all pages.
 * ListStackResources, not DescribeStackResources, which returns only the first 100.
 */
export async function listStackResources(aws: Aws, stackId: string): Promise<StackResource[]> {
  const found: StackResource[] = [];
  let token: string | undefined;
  do {
    const page = await aws.cfn.send(new aws.sdk.ListStackResourcesCommand({ StackName: stackId, NextToken: token }));
    for (const r of page.StackResourceSummaries ?? []) {
      if (!r.LogicalResourceId || !r.PhysicalResourceId || r.ResourceStatus === 'DELETE_COMPLETE') continue;
      found.push({ logicalId: r.LogicalResourceId, type: r.ResourceType ?? '', physicalId: r.PhysicalResourceId, stackId });
    }
    token = page.NextToken;
  } while (token);
  return found;
}

/** Nested stack logical ID → its stack ARN, for the nested stacks that exist. */
export async function nestedStacks(aws: Aws, stackId: string): Promise<Map<string, string>> {
  const nested = (await listStackResources(aws, stackId)).filter((r) => r.type === NESTED_STACK);
  return new Map(nested.map((r) => [r.logicalId, r.physicalId]));
}

/** The deployed templates of a stack's nested stacks, by logical ID (none when its template declares none). */
export async function getDeployedNestedTemplates(aws: Aws, stackId: string, root: DeployedTemplate): Promise<Map<string, DeployedTemplate>> {
  const templates = new Map<string, DeployedTemplate>();
  if (!nestedStackIds(root).length) return templates;
  for (const [logicalId, id] of [...(await nestedStacks(aws, stackId))].sort(([a], [b]) => (a < b ? -1 : 1))) {
    templates.set(logicalId, await getDeployedTemplate(aws, id));
  }
  return templates;
}

/**
 * Where the deployed stack holds its resources: logical ID → logical ID of its nested stack,
 * "" for the root (stateful resources only there). Empty when there is nothing deployed to
 * keep (no stack, a stack that only holds change sets, or a failed first create that deploy
 * deletes).
 */
export async function deployedPlacement(aws: Aws, stackName: string): Promise<Placement> {
  const placement = new Map<string, string>();
  const stack = await describeStack(aws, stackName);
  if (needsCreate(stack) || stack!.status === 'ROLLBACK_COMPLETE') return placement;
  // The root's stateful resources; every resource of a nested stack (a task stays in its task stack).
  const add = (template: DeployedTemplate, stackId: string) => {
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) if (stackId || (resource.Type && STATEFUL_TYPES.has(resource.Type))) placement.set(logicalId, stackId);
  };
  const root = await getDeployedTemplate(aws, stack!.id);
  add(root, '');
  for (const [logicalId, template] of await getDeployedNestedTemplates(aws, stack!.id, root)) add(template, logicalId);
  return placement;
}

/**
 * The stack's outputs and those of its nested stacks (`root` is the template it runs): the
 * splitter moves outputs about one task into that task's nested stack. Outputs the parent
 * reads (Fn::GetAtt [Stack, Outputs.X]) only carry values between stacks and are left out,
 * unless the nested stack's Metadata.EcsArch.Outputs names them as the project's own.
 */
export async function stackOutputs(aws: Aws, stack: StackState, root: object): Promise<Record<string, string>> {
  if (!nestedStackIds(root as DeployedTemplate).length) return stack.outputs;
  const readByParent = new Set(references(root).map((r) => `${r.target}.${r.attribute ?? ''}`));
  const resources = (root as { Resources?: Record<string, CfnResource> }).Resources ?? {};
  const outputs = { ...stack.outputs };
  for (const [logicalId, id] of [...(await nestedStacks(aws, stack.id))].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const nested = await describeStack(aws, id);
    const own = new Set(ecsArchMetadata(resources[logicalId]).Outputs ?? []);
    for (const [key, value] of Object.entries(nested?.outputs ?? {})) {
      if (own.has(key) || !readByParent.has(`${logicalId}.Outputs.${key}`)) outputs[key] = value;
    }
  }
  return outputs;
}
