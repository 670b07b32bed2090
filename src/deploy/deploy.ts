// Deploys compiled templates as a change set. Returns what happened as a tagged union;
// printing and exit codes belong to the commands (see run.ts).
import { isDeepStrictEqual } from 'node:util';
import type { Capability, Change } from '@aws-sdk/client-cloudformation';
import type { CompiledTemplate, Manifest } from '../compile/types.js';
import type { ChangeSetReview } from '../review/types.js';
import { templateBody } from '../stacks/artifacts.js';
import { analyseChangeSet, type StackChanges } from './analysis.js';
import { needsUpload, uploadTemplate } from './artifacts.js';
import { errorMessage, type Aws } from '../aws/clients.js';
import { createChangeSet, deleteChangeSet, nestedChanges, newChangeSetName, waitForChangeSet, type ChangeSetRef } from './changeset.js';
import { watchStack, type FailureReason, type StackActivity } from './events.js';
import { Backoff, sleep, type PollOptions } from './poll.js';
import { checkResourceQuota } from './quota.js';
import {
  describeStack,
  getDeployedNestedTemplates,
  getDeployedTemplate,
  isInProgress,
  NESTED_STACK,
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
  /** A phase starts (for --verbose timings): settle, change-set, review, execute, finish. */
  phase?(name: DeployPhase): void;
}

export type DeployPhase = 'settle' | 'change-set' | 'review' | 'execute' | 'finish';

export interface DeployInput {
  aws: Aws;
  /** Root first, then nested stacks with their logicalId (CompileResult.templates). */
  templates: readonly Pick<CompiledTemplate, 'fileName' | 'template' | 'logicalId'>[];
  manifest: DeployManifest;
  /** deploy: execute; review: create, print, delete (diff); prepare: leave the change set (--no-execute). */
  mode: 'deploy' | 'review' | 'prepare';
  allowDataLoss: boolean;
  /** Create a change set even when the skip check says the stack already runs this template. */
  force?: boolean;
  poll: PollOptions;
  signal?: AbortSignal;
  hooks: DeployHooks;
}

export type DeployResult =
  | { kind: 'no-changes'; detectedBy: 'template' | 'change-set'; reason: string; outputs: Record<string, string>; warnings: string[] }
  | { kind: 'deployed'; status: string; outputs: Record<string, string>; changeSet: ChangeSetRef; review: ChangeSetReview; warnings: string[] }
  | { kind: 'reviewed'; review: ChangeSetReview }
  | { kind: 'change-set-ready'; changeSet: ChangeSetRef; review: ChangeSetReview }
  | { kind: 'refused-data-loss'; resources: string[]; review: ChangeSetReview }
  | { kind: 'declined'; review?: ChangeSetReview }
  | { kind: 'change-set-failed'; reason: string }
  | { kind: 'failed'; status: string; reasons: FailureReason[]; firstCreate: boolean; review?: ChangeSetReview }
  | { kind: 'busy'; status: string; waitedMs: number }
  /** Another operation started on the stack after the change set was made: it was deleted. */
  | { kind: 'raced'; reason: string }
  | { kind: 'needs-attention'; status: string; instructions: string }
  /** ROLLBACK_COMPLETE and this run may not delete it (diff, --no-execute). */
  | { kind: 'needs-recreate'; status: string }
  | { kind: 'interrupted'; phase: 'change-set' | 'execute'; stackName: string }
  /** The endpoint stopped answering while the stack was changing. */
  | { kind: 'lost-connection'; stackName: string; error: string; waitedMs: number }
  | { kind: 'template-too-large'; fileName: string; bytes: number };

/** Why a deploy may be skipped without a change set, or why it may not (CDK's canSkipDeploy). */
export type SkipDecision = { skip: true; reason: string } | { skip: false; reason: string };

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
  if (resources.some((r) => r.Type === NESTED_STACK)) capabilities.push('CAPABILITY_AUTO_EXPAND');
  return capabilities;
}

/**
 * Waits while another operation runs on the stack: the stack once it is idle (null when the
 * operation deleted it), or why the wait ended.
 */
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
  if (outcome.kind === 'lost-connection') return `unknown (${outcome.error})`;
  return outcome.status === 'DELETE_COMPLETE' ? 'deleted' : outcome.status;
}

async function setTerminationProtection(aws: Aws, stack: StackState, wanted: boolean): Promise<void> {
  if (stack.terminationProtection === wanted) return;
  await aws.cfn.send(new aws.sdk.UpdateTerminationProtectionCommand({ StackName: stack.id, EnableTerminationProtection: wanted }));
}

/**
 * Whether the deployed stack already runs this template with these tags (the CDK's skip
 * check), and why. A root template names each nested template by its content hash
 * (TemplateURL), so an unchanged root means unchanged nested stacks too.
 */
export function skipDecision(stack: StackState, deployed: DeployedTemplate, root: object, tags: Record<string, string>, force: boolean): SkipDecision {
  const settled = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE'];
  if (force) return { skip: false, reason: '--force given' };
  if (!settled.includes(stack.status)) return { skip: false, reason: `the stack is ${stack.status}` };
  if (stack.parameterCount !== 0) return { skip: false, reason: 'the stack has parameters' };
  if (!isDeepStrictEqual(stack.tags, tags)) return { skip: false, reason: 'the stack tags changed' };
  if (!isDeepStrictEqual(deployed, JSON.parse(JSON.stringify(root)))) return { skip: false, reason: 'the template changed' };
  return { skip: true, reason: 'the deployed template and tags are identical; --force creates a change set anyway' };
}

/** Steps after a successful execution or a skip: a failure here never undoes the deploy, it becomes a warning. */
async function finish(input: DeployInput, stack: StackState | null, template: object): Promise<{ outputs: Record<string, string>; warnings: string[] }> {
  input.hooks.phase?.('finish');
  const warnings: string[] = [];
  let outputs: Record<string, string> = stack?.outputs ?? {};
  if (stack) {
    try {
      await setTerminationProtection(input.aws, stack, input.manifest.terminationProtection);
    } catch (error) {
      warnings.push(`could not turn termination protection ${input.manifest.terminationProtection ? 'on' : 'off'}: ${errorMessage(error)}`);
    }
    try {
      outputs = await stackOutputs(input.aws, stack, template);
    } catch (error) {
      warnings.push(`could not read the outputs of the nested stacks: ${errorMessage(error)}`);
    }
  }
  return { outputs, warnings };
}

/** Nested templates always travel through the bucket, a large root template too: the first that cannot without one. */
function withoutBucket(bodies: readonly { fileName: string; body: string }[], artifactBucket: string | undefined): DeployResult | undefined {
  if (artifactBucket) return undefined;
  const template = bodies.find((t, index) => index > 0 || needsUpload(t.body));
  return template && { kind: 'template-too-large', fileName: template.fileName, bytes: Buffer.byteLength(template.body) };
}

/** Phase 1: the stack is idle and in a state a change set can start from, or the result that ends the deploy. */
async function settle(input: DeployInput): Promise<{ stack: StackState | null } | DeployResult> {
  input.hooks.phase?.('settle');
  const stackName = input.manifest.stackName;
  let stack = await describeStack(input.aws, stackName);
  if (stack && isInProgress(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
    const idle = await waitUntilIdle(input, stack);
    if (idle === 'timeout') return { kind: 'busy', status: stack.status, waitedMs: input.poll.busyTimeoutMs };
    if (idle === 'interrupted') return { kind: 'interrupted', phase: 'change-set', stackName };
    stack = idle;
  }
  const instructions = stack && instructionsFor(stack);
  if (stack && instructions) return { kind: 'needs-attention', status: stack.status, instructions };
  if (stack?.status === 'ROLLBACK_COMPLETE') {
    if (input.mode !== 'deploy') return { kind: 'needs-recreate', status: stack.status };
    if (!(await input.hooks.confirmRecreate(stack))) return input.signal?.aborted ? { kind: 'interrupted', phase: 'change-set', stackName } : { kind: 'declined' };
    const deleted = await deleteForRecreate(input, stack);
    if (deleted === 'interrupted') return { kind: 'interrupted', phase: 'change-set', stackName };
    if (deleted !== 'deleted') return { kind: 'failed', status: deleted, reasons: [], firstCreate: true };
    stack = null;
  }
  return { stack };
}

/** CloudFormation refuses a change set or its execution because another operation runs on the stack. */
function isBusyError(error: unknown): boolean {
  return /_IN_PROGRESS state and can ?not be (updated|executed)|is in [A-Z_]+_IN_PROGRESS state|InvalidChangeSetStatus|OBSOLETE/.test(`${(error as Error)?.name ?? ''} ${errorMessage(error)}`);
}

/** Phase 2: templates uploaded, change set created and waited for. Nested templates first: the parent's TemplateURLs must resolve. */
async function makeChangeSet(input: DeployInput, bodies: { fileName: string; body: string }[], creating: boolean): Promise<ChangeSetRef> {
  input.hooks.phase?.('change-set');
  const { aws, manifest } = input;
  for (const template of bodies.slice(1)) await uploadTemplate(aws, manifest.artifactBucket!, manifest.stackName, template.body);
  const root = bodies[0]!;
  const source = needsUpload(root.body) ? { TemplateURL: await uploadTemplate(aws, manifest.artifactBucket!, manifest.stackName, root.body) } : { TemplateBody: root.body };
  return createChangeSet(aws, {
    stackName: manifest.stackName,
    changeSetName: newChangeSetName(),
    type: creating ? 'CREATE' : 'UPDATE',
    template: source,
    capabilities: capabilitiesFor(input.templates),
    tags: manifest.tags,
    includeNestedStacks: input.templates.length > 1,
  });
}

/** Phase 3: the change set's changes, across nested stacks, analysed for IAM, data loss and the concurrent-resources quota. */
async function reviewChangeSet(input: DeployInput, changeSet: ChangeSetRef, changes: Change[], deployedTemplate: DeployedTemplate, deployedNested: Map<string, DeployedTemplate>): Promise<ChangeSetReview> {
  input.hooks.phase?.('review');
  // Nested stacks that are added, changed or removed: a stack that moves out of the template
  // is compared with nothing, so its stateful resources count as removed.
  const inside = await nestedChanges(input.aws, changes);
  const children = new Map(input.templates.slice(1).map((t) => [t.logicalId!, t.template]));
  const nestedIds = [...new Set([...deployedNested.keys(), ...children.keys()])].sort();
  const stacks: StackChanges[] = [
    { changes, deployedTemplate, newTemplate: input.templates[0]!.template },
    ...nestedIds.map((id) => ({ stack: id, changes: inside.get(id) ?? [], deployedTemplate: deployedNested.get(id) ?? {}, newTemplate: children.get(id) ?? {} })),
  ];
  const review = await analyseChangeSet({
    stackName: input.manifest.stackName,
    changeSetName: changeSet.name,
    stacks,
    statefulLogicalIds: input.manifest.statefulLogicalIds.map((r) => r.logicalId),
  });
  const quota = await checkResourceQuota(input.aws, review.resourceChanges, input.poll.quotaCheckFrom);
  if (quota) review.quota = quota;
  await input.hooks.review(review, changeSet);
  return review;
}

/** After the review: refuse, discard (diff), keep (--no-execute), or go on to execute once confirmed. */
async function decide(input: DeployInput, changeSet: ChangeSetRef, review: ChangeSetReview, discard: () => Promise<void>): Promise<DeployResult | 'execute'> {
  const { signal } = input;
  const stackName = input.manifest.stackName;
  if (review.dataLossRisks.length && !input.allowDataLoss && input.mode !== 'review') {
    await discard();
    return { kind: 'refused-data-loss', resources: review.dataLossRisks, review };
  }
  if (input.mode === 'review') {
    await discard();
    return { kind: 'reviewed', review };
  }
  if (input.mode === 'prepare') return { kind: 'change-set-ready', changeSet, review };
  // Ctrl-C at the prompt aborts the signal and answers no: the change set goes either way.
  const confirmed = !signal?.aborted && (await input.hooks.confirmExecute(review));
  if (confirmed && !signal?.aborted) return 'execute';
  await discard();
  return signal?.aborted ? { kind: 'interrupted', phase: 'change-set', stackName } : { kind: 'declined', review };
}

/** Phase 4: execute and follow the stack to its end; a failure after success only warns. */
async function execute(input: DeployInput, changeSet: ChangeSetRef, review: ChangeSetReview, since: Date, creating: boolean, discard: () => Promise<void>): Promise<DeployResult> {
  input.hooks.phase?.('execute');
  const { aws, signal } = input;
  const stackName = input.manifest.stackName;
  try {
    await aws.cfn.send(new aws.sdk.ExecuteChangeSetCommand({ StackName: changeSet.stackId, ChangeSetName: changeSet.id }));
  } catch (error) {
    if (!isBusyError(error)) throw error;
    await discard();
    return { kind: 'raced', reason: errorMessage(error) };
  }
  input.hooks.executing(changeSet, review.changes.length);
  const watched = await watchStack(aws, { stackId: changeSet.stackId, since, poll: input.poll, signal, onEvent: input.hooks.event });
  if (watched.kind === 'interrupted') return { kind: 'interrupted', phase: 'execute', stackName };
  if (watched.kind === 'lost-connection') return { kind: 'lost-connection', stackName, error: watched.error, waitedMs: watched.waitedMs };
  if (watched.status !== 'CREATE_COMPLETE' && watched.status !== 'UPDATE_COMPLETE') {
    return { kind: 'failed', status: watched.status, reasons: watched.reasons, firstCreate: creating, review };
  }
  const { outputs, warnings } = await finish(input, watched.stack, input.templates[0]!.template);
  return { kind: 'deployed', status: watched.status, outputs, changeSet, review, warnings };
}

export async function deployStack(input: DeployInput): Promise<DeployResult> {
  const { aws, manifest, hooks, signal } = input;
  const stackName = manifest.stackName;
  const bodies = input.templates.map((t) => ({ fileName: t.fileName, body: templateBody(t.template) }));
  const unsendable = withoutBucket(bodies, manifest.artifactBucket);
  if (unsendable) return unsendable;

  const settled = await settle(input);
  if ('kind' in settled) return settled;
  const { stack } = settled;
  const creating = needsCreate(stack);
  const deployedTemplate: DeployedTemplate = creating ? {} : await getDeployedTemplate(aws, stackName);
  if (stack && !creating && input.mode === 'deploy') {
    const decision = skipDecision(stack, deployedTemplate, input.templates[0]!.template, manifest.tags, input.force === true);
    if (decision.skip) return { kind: 'no-changes', detectedBy: 'template', reason: decision.reason, ...(await finish(input, stack, deployedTemplate)) };
  }
  const deployedNested = stack && !creating ? await getDeployedNestedTemplates(aws, stack.id, deployedTemplate) : new Map<string, DeployedTemplate>();

  let changeSet: ChangeSetRef;
  try {
    changeSet = await makeChangeSet(input, bodies, creating);
  } catch (error) {
    // Another deploy started between our look at the stack and our change set.
    if (!isBusyError(error)) throw error;
    return { kind: 'raced', reason: errorMessage(error) };
  }
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
    return { kind: 'no-changes', detectedBy: 'change-set', reason: 'CloudFormation found no changes', ...(await finish(input, stack, deployedTemplate)) };
  }
  if (outcome.kind === 'failed') return { kind: 'change-set-failed', reason: outcome.reason };

  const review = await reviewChangeSet(input, changeSet, outcome.changes, deployedTemplate, deployedNested);
  const decision = await decide(input, changeSet, review, discard);
  if (decision !== 'execute') return decision;
  return execute(input, changeSet, review, outcome.description.CreationTime ?? new Date(), creating, discard);
}
