// Deletes a stack and reports the retained resources that outlive it, also those of its
// nested stacks (a split template keeps each task's queues in the task's nested stack).
import type { Aws } from '../aws/clients.js';
import { watchStack, type FailureReason, type StackActivity } from './events.js';
import type { PollOptions } from './poll.js';
import { describeStack, getDeployedTemplate, isInProgress, listStackResources, NESTED_STACK } from './stack.js';

export interface RetainedResource {
  logicalId: string;
  resourceType: string;
  physicalId: string;
}

export type RemoveResult =
  | { kind: 'missing' }
  | { kind: 'protected' }
  | { kind: 'busy'; status: string }
  | { kind: 'declined' }
  | { kind: 'removed'; retained: RetainedResource[] }
  | { kind: 'failed'; status: string; reasons: FailureReason[] }
  /** started: the delete had begun (CloudFormation continues without us). */
  | { kind: 'interrupted'; started: boolean }
  | { kind: 'lost-connection'; error: string; waitedMs: number };

export interface RemoveInput {
  aws: Aws;
  stackName: string;
  poll: PollOptions;
  signal?: AbortSignal;
  /** Asked before anything is deleted, with what CloudFormation will leave behind (retained). */
  confirm(stackId: string, retained: RetainedResource[]): Promise<boolean>;
  event(event: StackActivity): void;
}

// Retain and RetainExceptOnCreate keep the resource when the stack is deleted; Snapshot deletes
// it after taking a snapshot (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html).
const RETAINING = new Set(['Retain', 'RetainExceptOnCreate']);

export async function removeStack(input: RemoveInput): Promise<RemoveResult> {
  const { aws } = input;
  const stack = await describeStack(aws, input.stackName);
  if (!stack) return { kind: 'missing' };
  if (stack.terminationProtection) return { kind: 'protected' };
  if (isInProgress(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') return { kind: 'busy', status: stack.status };
  // Read what will be retained before the stacks (and their record of physical ids) are gone.
  const retained = await retainedResources(aws, stack.id);
  if (!(await input.confirm(stack.id, retained))) return input.signal?.aborted ? { kind: 'interrupted', started: false } : { kind: 'declined' };

  const since = new Date();
  await aws.cfn.send(new aws.sdk.DeleteStackCommand({ StackName: stack.id }));
  const outcome = await watchStack(aws, { stackId: stack.id, since, poll: input.poll, signal: input.signal, onEvent: input.event });
  if (outcome.kind === 'interrupted') return { kind: 'interrupted', started: true };
  if (outcome.kind === 'lost-connection') return outcome;
  if (outcome.status !== 'DELETE_COMPLETE') return { kind: 'failed', status: outcome.status, reasons: outcome.reasons };

  const remaining: RetainedResource[] = [];
  for (const resource of retained) {
    if (resource.resourceType === 'AWS::S3::Bucket' && !(await bucketExists(aws, resource.physicalId))) continue;
    remaining.push(resource);
  }
  return { kind: 'removed', retained: remaining };
}

/**
 * The resources of a stack and of its nested stacks (at any depth) whose DeletionPolicy keeps
 * them when the stack is deleted, with their physical IDs: the root's first, then each nested
 * stack's in logical ID order, each in template order.
 */
export async function retainedResources(aws: Aws, stackId: string): Promise<RetainedResource[]> {
  const [template, resources] = await Promise.all([getDeployedTemplate(aws, stackId), listStackResources(aws, stackId)]);
  const physical = new Map(resources.map((r) => [r.logicalId, r]));
  const found: RetainedResource[] = [];
  for (const [logicalId, declared] of Object.entries(template.Resources ?? {})) {
    const resource = physical.get(logicalId);
    if (resource && declared.DeletionPolicy && RETAINING.has(declared.DeletionPolicy)) found.push({ logicalId, resourceType: resource.type, physicalId: resource.physicalId });
  }
  const nested = resources.filter((r) => r.type === NESTED_STACK).sort((a, b) => (a.logicalId < b.logicalId ? -1 : 1));
  for (const child of await Promise.all(nested.map((r) => retainedResources(aws, r.physicalId)))) found.push(...child);
  return found;
}

/** Buckets can be checked with the S3 client deploy already carries; other types are reported as retained. */
async function bucketExists(aws: Aws, bucket: string): Promise<boolean> {
  const { client, sdk } = await aws.s3();
  try {
    await client.send(new sdk.HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return status !== 404;
  }
}
