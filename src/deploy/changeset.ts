// Change sets in one place: create, wait, describe, delete, and recognising an empty one.
import type { Change, DescribeChangeSetOutput, Capability, Tag } from '@aws-sdk/client-cloudformation';
import { errorMessage, isThrottling, type Aws } from '../aws/clients.js';
import { Backoff, sleep, type PollOptions } from './poll.js';
import { NESTED_STACK } from './stack.js';

/** CloudFormation's two wordings for "nothing to do" (change sets, and UpdateStack). */
export const NO_CHANGES_REASONS = [
  "The submitted information didn't contain changes. Submit different information to create a change set.",
  'No updates are to be performed.',
];

export function isNoChangesReason(reason: string | undefined): boolean {
  return !!reason && NO_CHANGES_REASONS.some((known) => reason.includes(known));
}

/** Unique and sortable: ecs-arch-20250101T120000-x7k2. */
export function newChangeSetName(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  return `ecs-arch-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

export interface ChangeSetInput {
  stackName: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  template: { TemplateBody: string } | { TemplateURL: string };
  capabilities: Capability[];
  tags: Record<string, string>;
  /** The template has nested stacks: create a change set for each of them too. */
  includeNestedStacks: boolean;
}

export interface ChangeSetRef {
  stackName: string;
  name: string;
  id: string;
  stackId: string;
}

export async function createChangeSet(aws: Aws, input: ChangeSetInput): Promise<ChangeSetRef> {
  const tags: Tag[] = Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }));
  const response = await aws.cfn.send(
    new aws.sdk.CreateChangeSetCommand({
      StackName: input.stackName,
      ChangeSetName: input.changeSetName,
      ChangeSetType: input.type,
      ...input.template,
      Capabilities: input.capabilities,
      Tags: tags,
      ...(input.includeNestedStacks ? { IncludeNestedStacks: true } : {}),
      Description: 'ecs-arch deploy',
    }),
  );
  return { stackName: input.stackName, name: input.changeSetName, id: response.Id ?? input.changeSetName, stackId: response.StackId ?? input.stackName };
}

export type ChangeSetOutcome =
  | { kind: 'ready'; description: DescribeChangeSetOutput; changes: Change[] }
  | { kind: 'empty' }
  | { kind: 'failed'; reason: string }
  | { kind: 'interrupted' };

/** Polls until the change set is created or failed; then reads all its pages of changes. */
export async function waitForChangeSet(aws: Aws, ref: ChangeSetRef, poll: PollOptions, signal?: AbortSignal): Promise<ChangeSetOutcome> {
  const backoff = new Backoff(poll);
  for (;;) {
    if (signal?.aborted) return { kind: 'interrupted' };
    let description: DescribeChangeSetOutput | undefined;
    try {
      description = await aws.cfn.send(new aws.sdk.DescribeChangeSetCommand({ StackName: ref.stackId, ChangeSetName: ref.id }));
    } catch (error) {
      if (!isThrottling(error)) throw error;
      backoff.throttled();
    }
    if (description?.Status === 'FAILED') {
      return isNoChangesReason(description.StatusReason) ? { kind: 'empty' } : { kind: 'failed', reason: description.StatusReason ?? 'no reason given' };
    }
    if (description?.Status === 'CREATE_COMPLETE') {
      const changes = [...(description.Changes ?? [])];
      let next = description.NextToken;
      while (next) {
        const page = await aws.cfn.send(new aws.sdk.DescribeChangeSetCommand({ StackName: ref.stackId, ChangeSetName: ref.id, NextToken: next }));
        changes.push(...(page.Changes ?? []));
        next = page.NextToken;
      }
      return { kind: 'ready', description, changes };
    }
    await sleep(backoff.next(), signal);
  }
}

/** All pages of a change set's changes. */
async function allChanges(aws: Aws, changeSetId: string): Promise<Change[]> {
  const changes: Change[] = [];
  let next: string | undefined;
  do {
    const page = await aws.cfn.send(new aws.sdk.DescribeChangeSetCommand({ ChangeSetName: changeSetId, NextToken: next }));
    changes.push(...(page.Changes ?? []));
    next = page.NextToken;
  } while (next);
  return changes;
}

/**
 * The changes inside nested stacks, by the nested stack's logical ID: a change set created
 * with IncludeNestedStacks names each nested change set in its AWS::CloudFormation::Stack
 * change (ChangeSetId). Stacks without one (an emulator, a stack being added) are absent.
 */
export async function nestedChanges(aws: Aws, changes: readonly Change[]): Promise<Map<string, Change[]>> {
  const found = new Map<string, Change[]>();
  for (const { ResourceChange: rc } of changes) {
    if (rc?.ResourceType === NESTED_STACK && rc.ChangeSetId && rc.LogicalResourceId) found.set(rc.LogicalResourceId, await allChanges(aws, rc.ChangeSetId));
  }
  return found;
}

/** Best effort: a change set left behind is harmless, so a failure here is only reported. */
export async function deleteChangeSet(aws: Aws, ref: ChangeSetRef): Promise<string | undefined> {
  try {
    await aws.cfn.send(new aws.sdk.DeleteChangeSetCommand({ StackName: ref.stackId, ChangeSetName: ref.id }));
    return undefined;
  } catch (error) {
    return `could not delete change set ${ref.name}: ${errorMessage(error)}`;
  }
}
