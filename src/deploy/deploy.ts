// Deploys compiled templates as a change set. Returns what happened as a tagged union;
// printing and exit codes belong to the commands (see run.ts).
import { isDeepStrictEqual } from 'node:util';
import type { Capability } from '@aws-sdk/client-cloudformation';
import type { CompiledTemplate, Manifest } from '../compile/types.js';
import type { ChangeSetReview } from '../review/types.js';
import { templateBody } from '../stacks/artifacts.js';
import { analyseChangeSet, type StackChanges } from './analysis.js';
import { needsUpload, uploadTemplate } from './artifacts.js';
import type { Aws } from './aws.js';
import { createChangeSet, deleteChangeSet, nestedChanges, newChangeSetName, waitForChangeSet, type ChangeSetRef } from './changeset.js';
import { watchStack, type FailureReason, type StackActivity } from './events.js';
import { Backoff, sleep, type PollOptions } from './poll.js';
import {
  describeStack,
  getDeployedNestedTemplates,
  getDeployedTemplate,
  isInProgress,
  needsCreate,
  stackOutputs,
  type DeployedTemplate,
  type StackState,
} from './stack.js';

export type DeployManifest = Pick<Manifest, 'stackName' | 'statefulLogicalIds' | 'tags' | 'terminationProtection' | 'artifactBucket'>;

export interface DeployHooks {
  /** Progress messages ("waiting for…", "deleting…"). */
  message(text: string): void;
  /** The change set is ready and analysed; called before any decision is taken. */
  review(review: ChangeSetReview, changeSet: ChangeSetRef): void | Promise<void>;
  /** Execute this change set? */
  confirmExecute(review: ChangeSetReview): Promise<boolean>;
  /** The stack is ROLLBACK_COMPLETE after a failed first create: delete it and create it again? */
  confirmRecreate(stack: StackState): Promise<boolean>;
  /** Execution has started; `total` is the number of resource changes. */
  executing(changeSet: ChangeSetRef, total: number): void;
  event(event: StackActivity): void;
}

export interface DeployInput {
  aws: Aws;
  /** Root first, then nested stacks with their logicalId (CompileResult.templates). */
  templates: readonly Pick<CompiledTemplate, 'fileName' | 'template' | 'logicalId'>[];
  manifest: DeployManifest;
  /** deploy: execute; review: create, print, delete (diff); prepare: leave the change set (--no-execute). */
  mode: 'deploy' | 'review' | 'prepare';
  allowDataLoss: boolean;
  poll: PollOptions;
  signal?: AbortSignal;
  hooks: DeployHooks;
}

export type DeployResult =
  | { kind: 'no-changes'; detectedBy: 'template' | 'change-set'; outputs: Record<string, string> }
  | { kind: 'deployed'; status: string; outputs: Record<string, string>; changeSet: ChangeSetRef }
  | { kind: 'reviewed'; review: ChangeSetReview }
  | { kind: 'change-set-ready'; changeSet: ChangeSetRef; review: ChangeSetReview }
  | { kind: 'refused-data-loss'; resources: string[] }
  | { kind: 'declined' }
  | { kind: 'change-set-failed'; reason: string }
  | { kind: 'failed'; status: string; reasons: FailureReason[]; firstCreate: boolean }
  | { kind: 'busy'; status: string; waitedMs: number }
  | { kind: 'needs-attention'; status: string; instructions: string }
  | { kind: 'interrupted'; phase: 'change-set' | 'execute'; stackName: string }
  | { kind: 'template-too-large'; fileName: string; bytes: number };

/** Statuses a deploy cannot start from, and what the user should do. */
function instructionsFor(stack: StackState): string | undefined {
  const name = stack.name;
  switch (stack.status) {
    case 'UPDATE_ROLLBACK_FAILED':
      return (
        `The last update failed and so did its rollback. Fix the cause shown in the stack's events ` +
        `(aws cloudformation describe-stack-events --stack-name ${name}), then run ` +
        `"aws cloudformation continue-update-rollback --stack-name ${name}" (add --resources-to-skip for resources that cannot be rolled back), ` +
        'wait for UPDATE_ROLLBACK_COMPLETE, and deploy again.'
      );
    case 'ROLLBACK_FAILED':
      return `The stack failed to create and could not roll back. Delete it ("aws cloudformation delete-stack --stack-name ${name}"), then deploy again.`;
    case 'DELETE_FAILED':
      return `An earlier delete failed. Run "ecs-arch remove" again (or fix the resources named in the stack's events), then deploy.`;
    default:
      return undefined;
  }
}

export function capabilitiesFor(templates: DeployInput['templates']): Capability[] {
  const resources = templates.flatMap((t) => Object.values(t.template.Resources));
  const capabilities: Capability[] = [];
  const iam = resources.filter((r) => r.Type.startsWith('AWS::IAM::'));
  if (iam.length) capabilities.push('CAPABILITY_IAM');
  const namedIam = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];
  if (iam.some((r) => namedIam.some((p) => r.Properties?.[p] !== undefined))) capabilities.push('CAPABILITY_NAMED_IAM');
  if (resources.some((r) => r.Type === 'AWS::CloudFormation::Stack')) capabilities.push('CAPABILITY_AUTO_EXPAND');
  return capabilities;
}

/** Waits while another operation runs on the stack; null when it is still busy after the timeout. */
async function waitUntilIdle(input: DeployInput, stack: StackState): Promise<StackState | null | 'timeout' | 'interrupted'> {
  const started = Date.now();
  const backoff = new Backoff(input.poll);
  let current: StackState | null = stack;
  input.hooks.message(`Stack ${stack.name} is busy (${stack.status}); waiting for the current operation to finish…`);
  while (current && isInProgress(current.status) && current.status !== 'REVIEW_IN_PROGRESS') {
    if (Date.now() - started >= input.poll.busyTimeoutMs) return 'timeout';
    await sleep(Math.min(backoff.next(), input.poll.busyTimeoutMs), input.signal);
    if (input.signal?.aborted) return 'interrupted';
    current = await describeStack(input.aws, stack.id);
    if (current?.status === 'DELETE_COMPLETE') current = null;
  }
  return current;
}

async function deleteForRecreate(input: DeployInput, stack: StackState): Promise<'deleted' | 'interrupted' | string> {
  const { aws } = input;
  input.hooks.message(`Deleting stack ${stack.name} (${stack.status} after a failed first create) so it can be created again…`);
  await aws.cfn.send(new aws.sdk.DeleteStackCommand({ StackName: stack.id }));
  const outcome = await watchStack(aws, { stackId: stack.id, since: new Date(), poll: input.poll, signal: input.signal, onEvent: input.hooks.event });
  if (outcome.kind === 'interrupted') return 'interrupted';
  return outcome.status === 'DELETE_COMPLETE' ? 'deleted' : outcome.status;
}

async function setTerminationProtection(aws: Aws, stack: StackState, wanted: boolean): Promise<void> {
  if (stack.terminationProtection === wanted) return;
  await aws.cfn.send(new aws.sdk.UpdateTerminationProtectionCommand({ StackName: stack.id, EnableTerminationProtection: wanted }));
}

/**
 * The deployed stack already runs this template with these tags (the CDK's skip check). A
 * root template names each nested template by its content hash (TemplateURL), so an
 * unchanged root means unchanged nested stacks too.
 */
function isUnchanged(stack: StackState, deployed: DeployedTemplate, root: object, tags: Record<string, string>): boolean {
  const settled = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE'];
  return (
    settled.includes(stack.status) &&
    stack.parameterCount === 0 &&
    isDeepStrictEqual(stack.tags, tags) &&
    isDeepStrictEqual(deployed, JSON.parse(JSON.stringify(root)))
  );
}

export async function deployStack(input: DeployInput): Promise<DeployResult> {
  const { aws, manifest, hooks, signal } = input;
  const stackName = manifest.stackName;
  const bodies = input.templates.map((t) => ({ fileName: t.fileName, body: templateBody(t.template) }));
  const root = bodies[0]!;
  // Nested templates always travel through the bucket, a large root template too.
  for (const [index, template] of bodies.entries()) {
    if ((index > 0 || needsUpload(template.body)) && !manifest.artifactBucket) {
      return { kind: 'template-too-large', fileName: template.fileName, bytes: Buffer.byteLength(template.body) };
    }
  }

  let stack = await describeStack(aws, stackName);
  if (stack && isInProgress(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
    const idle = await waitUntilIdle(input, stack);
    if (idle === 'timeout') return { kind: 'busy', status: stack.status, waitedMs: input.poll.busyTimeoutMs };
    if (idle === 'interrupted') return { kind: 'interrupted', phase: 'change-set', stackName };
    stack = idle;
  }
  if (stack) {
    const instructions = instructionsFor(stack);
    if (instructions) return { kind: 'needs-attention', status: stack.status, instructions };
  }
  if (stack?.status === 'ROLLBACK_COMPLETE') {
    if (input.mode !== 'deploy' || !(await hooks.confirmRecreate(stack))) return { kind: 'declined' };
    const deleted = await deleteForRecreate(input, stack);
    if (deleted === 'interrupted') return { kind: 'interrupted', phase: 'change-set', stackName };
    if (deleted !== 'deleted') return { kind: 'failed', status: deleted, reasons: [], firstCreate: true };
    stack = null;
  }

  const creating = needsCreate(stack);
  const deployedTemplate: DeployedTemplate = creating ? {} : await getDeployedTemplate(aws, stackName);
  if (stack && !creating && input.mode === 'deploy' && isUnchanged(stack, deployedTemplate, input.templates[0]!.template, manifest.tags)) {
    await setTerminationProtection(aws, stack, manifest.terminationProtection);
    return { kind: 'no-changes', detectedBy: 'template', outputs: await stackOutputs(aws, stack, deployedTemplate) };
  }
  const deployedNested = stack && !creating ? await getDeployedNestedTemplates(aws, stack.id, deployedTemplate) : new Map<string, DeployedTemplate>();

  // Children first: the parent's TemplateURLs must resolve when the change set is created.
  for (const template of bodies.slice(1)) await uploadTemplate(aws, manifest.artifactBucket!, stackName, template.body);
  const source = needsUpload(root.body)
    ? { TemplateURL: await uploadTemplate(aws, manifest.artifactBucket!, stackName, root.body) }
    : { TemplateBody: root.body };

  const changeSet = await createChangeSet(aws, {
    stackName,
    changeSetName: newChangeSetName(),
    type: creating ? 'CREATE' : 'UPDATE',
    template: source,
    capabilities: capabilitiesFor(input.templates),
    tags: manifest.tags,
    includeNestedStacks: input.templates.length > 1,
  });
  // Throw away what this run created: the change set, and the empty REVIEW_IN_PROGRESS
  // stack a CREATE change set leaves behind when the stack did not exist before.
  const discard = async () => {
    const problem = await deleteChangeSet(aws, changeSet);
    if (problem) hooks.message(problem);
    if (stack === null) await aws.cfn.send(new aws.sdk.DeleteStackCommand({ StackName: changeSet.stackId })).catch(() => undefined);
  };

  const outcome = await waitForChangeSet(aws, changeSet, input.poll, signal);
  if (outcome.kind !== 'ready') await discard();
  if (outcome.kind === 'interrupted') return { kind: 'interrupted', phase: 'change-set', stackName };
  if (outcome.kind === 'empty') {
    if (stack) await setTerminationProtection(aws, stack, manifest.terminationProtection);
    return { kind: 'no-changes', detectedBy: 'change-set', outputs: stack ? await stackOutputs(aws, stack, deployedTemplate) : {} };
  }
  if (outcome.kind === 'failed') return { kind: 'change-set-failed', reason: outcome.reason };

  // Nested stacks that are added, changed or removed: a stack that moves out of the template
  // is compared with nothing, so its stateful resources count as removed.
  const inside = await nestedChanges(aws, outcome.changes);
  const children = new Map(input.templates.slice(1).map((t) => [t.logicalId!, t.template]));
  const nestedIds = [...new Set([...deployedNested.keys(), ...children.keys()])].sort();
  const stacks: StackChanges[] = [
    { changes: outcome.changes, deployedTemplate, newTemplate: input.templates[0]!.template },
    ...nestedIds.map((id) => ({ stack: id, changes: inside.get(id) ?? [], deployedTemplate: deployedNested.get(id) ?? {}, newTemplate: children.get(id) ?? {} })),
  ];
  const review = await analyseChangeSet({
    stackName,
    changeSetName: changeSet.name,
    stacks,
    statefulLogicalIds: manifest.statefulLogicalIds.map((r) => r.logicalId),
  });
  await hooks.review(review, changeSet);

  if (review.dataLossRisks.length && !input.allowDataLoss && input.mode !== 'review') {
    await discard();
    return { kind: 'refused-data-loss', resources: review.dataLossRisks };
  }
  if (input.mode === 'review') {
    await discard();
    return { kind: 'reviewed', review };
  }
  if (input.mode === 'prepare') return { kind: 'change-set-ready', changeSet, review };
  if (!(await hooks.confirmExecute(review))) {
    await discard();
    return signal?.aborted ? { kind: 'interrupted', phase: 'change-set', stackName } : { kind: 'declined' };
  }
  if (signal?.aborted) {
    await discard();
    return { kind: 'interrupted', phase: 'change-set', stackName };
  }

  const since = outcome.description.CreationTime ?? new Date();
  await aws.cfn.send(new aws.sdk.ExecuteChangeSetCommand({ StackName: changeSet.stackId, ChangeSetName: changeSet.id }));
  hooks.executing(changeSet, review.changes.length);
  const watched = await watchStack(aws, { stackId: changeSet.stackId, since, poll: input.poll, signal, onEvent: hooks.event });
  if (watched.kind === 'interrupted') return { kind: 'interrupted', phase: 'execute', stackName };
  if (watched.status !== 'CREATE_COMPLETE' && watched.status !== 'UPDATE_COMPLETE') {
    return { kind: 'failed', status: watched.status, reasons: watched.reasons, firstCreate: creating };
  }
  if (watched.stack) await setTerminationProtection(aws, watched.stack, manifest.terminationProtection);
  const outputs = watched.stack ? await stackOutputs(aws, watched.stack, input.templates[0]!.template) : {};
  return { kind: 'deployed', status: watched.status, outputs, changeSet };
}
