// Creates or upgrades the bootstrap stack when a deploy first needs it (or on `ecs-arch
// bootstrap`), and reads what it owns from its outputs.
import { isMissingStack, type Aws } from '../aws/clients.js';
import { watchStack, type FailureReason, type StackActivity } from '../deploy/events.js';
import type { PollOptions } from '../deploy/poll.js';
import { describeStack, isInProgress, type StackState } from '../deploy/stack.js';
import { templateBody } from '../stacks/artifacts.js';
import { BOOTSTRAP_STACK_NAME, BOOTSTRAP_VERSION } from './names.js';
import { bootstrapTemplate } from './template.js';

export interface Bootstrap {
  version: number;
  artifactBucket: string;
  repositoryName: string;
  repositoryUri: string;
}

export type BootstrapResult =
  | { kind: 'ready'; bootstrap: Bootstrap; action: 'none' | 'created' | 'upgraded' }
  | { kind: 'failed'; status: string; reasons: FailureReason[] }
  | { kind: 'interrupted' };

export interface BootstrapInput {
  aws: Aws;
  poll: PollOptions;
  signal?: AbortSignal;
  /** One line when the stack is created, upgraded or waited for. */
  message(text: string): void;
  event(event: StackActivity): void;
}

const SETTLED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']);

const versionOf = (stack: StackState): number => Number(stack.outputs.Version) || 0;

function fromOutputs(stack: StackState): Bootstrap {
  const { ArtifactBucketName, ImageRepositoryName, ImageRepositoryUri } = stack.outputs;
  return { version: versionOf(stack), artifactBucket: ArtifactBucketName ?? '', repositoryName: ImageRepositoryName ?? '', repositoryUri: ImageRepositoryUri ?? '' };
}

/** The bootstrap stack at BOOTSTRAP_VERSION or newer (a newer one, from a newer ecs-arch, is used as it is). */
export async function ensureBootstrap(input: BootstrapInput): Promise<BootstrapResult> {
  const { aws, poll, signal } = input;
  let stack = await describeStack(aws, BOOTSTRAP_STACK_NAME, signal);
  if (stack && isInProgress(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
    input.message(`Waiting for the bootstrap stack ${BOOTSTRAP_STACK_NAME} (${stack.status})…`);
    const watched = await watchStack(aws, { stackId: stack.id, since: new Date(), poll, signal, onEvent: input.event });
    if (watched.kind === 'interrupted') return { kind: 'interrupted' };
    if (watched.kind === 'lost-connection') return { kind: 'failed', status: `unknown: lost the connection to CloudFormation (${watched.error})`, reasons: [] };
    stack = watched.stack;
  }
  if (stack && SETTLED.has(stack.status) && versionOf(stack) >= BOOTSTRAP_VERSION) return { kind: 'ready', bootstrap: fromOutputs(stack), action: 'none' };
  if (stack?.status === 'ROLLBACK_COMPLETE' || stack?.status === 'REVIEW_IN_PROGRESS') {
    // A first create that failed (or never ran) holds nothing: start again.
    await aws.cfn.send(new aws.sdk.DeleteStackCommand({ StackName: stack.id }));
    const deleted = await watchStack(aws, { stackId: stack.id, since: new Date(), poll, signal, onEvent: input.event });
    if (deleted.kind === 'interrupted') return { kind: 'interrupted' };
    stack = null;
  }

  const creating = stack === null;
  const request = { StackName: BOOTSTRAP_STACK_NAME, TemplateBody: templateBody(bootstrapTemplate()), Tags: [{ Key: 'ecs-arch:bootstrap-version', Value: String(BOOTSTRAP_VERSION) }] };
  input.message(
    creating
      ? `Creating the bootstrap stack ${BOOTSTRAP_STACK_NAME} in ${aws.region} (artifact bucket and image repository, once per account and region)…`
      : `Upgrading the bootstrap stack ${BOOTSTRAP_STACK_NAME} in ${aws.region} from version ${versionOf(stack!)} to ${BOOTSTRAP_VERSION}…`,
  );
  const since = new Date();
  let stackId: string;
  try {
    stackId = creating
      ? ((await aws.cfn.send(new aws.sdk.CreateStackCommand(request))).StackId ?? BOOTSTRAP_STACK_NAME)
      : ((await aws.cfn.send(new aws.sdk.UpdateStackCommand(request))).StackId ?? stack!.id);
  } catch (error) {
    // An update with nothing to change: the stack is what this version makes, its outputs say otherwise only if edited by hand.
    if (!creating && !isMissingStack(error) && /No updates are to be performed/.test(String((error as Error).message))) {
      return { kind: 'ready', bootstrap: fromOutputs(stack!), action: 'none' };
    }
    throw error;
  }
  const watched = await watchStack(aws, { stackId, since, poll, signal, onEvent: input.event });
  if (watched.kind === 'interrupted') return { kind: 'interrupted' };
  if (watched.kind === 'lost-connection') return { kind: 'failed', status: `unknown: lost the connection to CloudFormation (${watched.error})`, reasons: [] };
  if (!watched.stack || (watched.status !== 'CREATE_COMPLETE' && watched.status !== 'UPDATE_COMPLETE')) {
    return { kind: 'failed', status: watched.status, reasons: watched.reasons };
  }
  return { kind: 'ready', bootstrap: fromOutputs(watched.stack), action: creating ? 'created' : 'upgraded' };
}
