// Deletes a stack and reports the retained resources that outlive it, also those of its
// nested stacks (a split template keeps each task's queues in the task's nested stack).
import type { Aws } from '../aws/clients.js';
import { watchStack, type FailureReason, type StackActivity } from './events.js';
import type { PollOptions } from './poll.js';
import { describeStack, getDeployedTemplate, isInProgress, nestedStackIds, nestedStacks, type DeployedTemplate } from './stack.js';

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
  confirm(stackId: string): Promise<boolean>;
  event(event: StackActivity): void;
}

const RETAINING = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

export async function removeStack(input: RemoveInput): Promise<RemoveResult> {
  const { aws } = input;
  const stack = await describeStack(aws, input.stackName);
  if (!stack) return { kind: 'missing' };
  if (stack.terminationProtection) return { kind: 'protected' };
  if (isInProgress(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') return { kind: 'busy', status: stack.status };
  if (!(await input.confirm(stack.id))) return input.signal?.aborted ? { kind: 'interrupted', started: false } : { kind: 'declined' };

  // Read what will be retained before the stacks (and their record of physical ids) are gone.
  const root = await getDeployedTemplate(aws, stack.id);
  const stacks: { id: string; template: DeployedTemplate }[] = [{ id: stack.id, template: root }];
  if (nestedStackIds(root).length) {
    for (const [, id] of [...(await nestedStacks(aws, stack.id))].sort(([a], [b]) => (a < b ? -1 : 1))) stacks.push({ id, template: await getDeployedTemplate(aws, id) });
  }
  const retainedIds: string[] = [];
  const physical = new Map<string, { type: string; id: string }>();
  for (const { id, template } of stacks) {
    const retainedHere = Object.entries(template.Resources ?? {})
      .filter(([, resource]) => resource.DeletionPolicy && RETAINING.has(resource.DeletionPolicy))
      .map(([logicalId]) => logicalId);
    if (!retainedHere.length) continue;
    retainedIds.push(...retainedHere);
    const resources = await aws.cfn.send(new aws.sdk.DescribeStackResourcesCommand({ StackName: id }));
    for (const r of resources.StackResources ?? []) {
      if (r.LogicalResourceId && r.PhysicalResourceId) physical.set(r.LogicalResourceId, { type: r.ResourceType ?? '', id: r.PhysicalResourceId });
    }
  }

  const since = new Date();
  await aws.cfn.send(new aws.sdk.DeleteStackCommand({ StackName: stack.id }));
  const outcome = await watchStack(aws, { stackId: stack.id, since, poll: input.poll, signal: input.signal, onEvent: input.event });
  if (outcome.kind === 'interrupted') return { kind: 'interrupted', started: true };
  if (outcome.kind === 'lost-connection') return outcome;
  if (outcome.status !== 'DELETE_COMPLETE') return { kind: 'failed', status: outcome.status, reasons: outcome.reasons };

  const retained: RetainedResource[] = [];
  for (const logicalId of retainedIds) {
    const resource = physical.get(logicalId);
    if (!resource) continue;
    if (resource.type === 'AWS::S3::Bucket' && !(await bucketExists(aws, resource.id))) continue;
    retained.push({ logicalId, resourceType: resource.type, physicalId: resource.id });
  }
  return { kind: 'removed', retained };
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
