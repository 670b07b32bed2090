// The deployed stack as deploy sees it: status, tags, outputs, template.
import { isMissingStack, type Aws } from './aws.js';

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
    const { parse } = await import('yaml');
    return (parse(body, { strict: false, logLevel: 'silent' }) ?? {}) as DeployedTemplate;
  }
}
