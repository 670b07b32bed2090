// The deploy, diff, info and remove commands after loading and compiling: connect, call the
// deploy library, print its result, choose the exit code. Commands stay thin glue.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CompileResult } from '../compile/types.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK } from '../commands/types.js';
import { interactive, type Io } from '../io.js';
import { renderReview } from '../review/index.js';
import { BOOTSTRAP_STACK_NAME } from '../bootstrap/names.js';
import { ensureBootstrap, type Bootstrap } from '../bootstrap/ensure.js';
import { templateBody } from '../stacks/artifacts.js';
import { needsUpload, TEMPLATE_BODY_LIMIT } from './artifacts.js';
import { connect, errorMessage, type Aws } from './aws.js';
import { deployStack, type DeployResult } from './deploy.js';
import { pollOptionsFromEnv } from './poll.js';
import { removeStack } from './remove.js';
import { formatChangeSet, formatReasons, linePrinter, livePrinter, type ProgressPrinter } from './render.js';
import type { Placement } from '../stacks/index.js';
import { deployedPlacement, describeStack, getDeployedTemplate, stackOutputs } from './stack.js';

function progressPrinter(io: Io): ProgressPrinter {
  return interactive(io) ? livePrinter(io.stdout) : linePrinter(io.stdout);
}

function followOrCancel(stackName: string, operation: 'update' | 'delete'): string {
  return (
    `CloudFormation keeps going without ecs-arch.\n` +
    `  Follow it: aws cloudformation describe-stack-events --stack-name ${stackName}\n` +
    (operation === 'update' ? `  Cancel it: aws cloudformation cancel-update-stack --stack-name ${stackName} (a first create is stopped by deleting the stack)\n` : '')
  );
}

/** Runs a command body with AWS clients, turning unexpected AWS errors into a message and exit 1. */
async function withAws(io: Io, region: string, command: string, body: (aws: Aws) => Promise<number>): Promise<number> {
  const aws = await connect(io.env, region);
  try {
    return await body(aws);
  } catch (error) {
    io.stderr.write(`ecs-arch ${command}: ${errorMessage(error)}\n`);
    return EXIT_FAILED;
  } finally {
    aws.destroy();
  }
}

/**
 * Where the deployed stack keeps its stateful resources, so compile leaves them there; the
 * exit code when CloudFormation cannot be read.
 */
export async function readPlacement(io: Io, command: string, stackName: string, region: string): Promise<Placement | number> {
  let placement: Placement = new Map();
  const code = await withAws(io, region, command, async (aws) => {
    placement = await deployedPlacement(aws, stackName);
    return EXIT_OK;
  });
  return code === EXIT_OK ? placement : code;
}

/** The bootstrap stack, created or upgraded when needed with a line saying so, or the exit code. */
async function readyBootstrap(io: Io, aws: Aws, printer: ProgressPrinter, unchanged: string): Promise<Bootstrap | number> {
  const ensured = await ensureBootstrap({
    aws,
    poll: pollOptionsFromEnv(io.env),
    signal: io.signal,
    message: (text) => io.stdout.write(`${text}\n`),
    event: (event) => printer.event(event),
  });
  printer.stop();
  if (ensured.kind === 'interrupted') return fail(io, `Interrupted while preparing the bootstrap stack ${BOOTSTRAP_STACK_NAME}. ${unchanged}\n`, EXIT_INTERRUPTED);
  if (ensured.kind === 'failed') {
    return fail(io, `The bootstrap stack ${BOOTSTRAP_STACK_NAME} could not be made ready: ${ensured.status}\n${formatReasons(ensured.reasons)}${unchanged}\n`);
  }
  if (ensured.action !== 'none') io.stdout.write(`Bootstrap stack ${BOOTSTRAP_STACK_NAME} ${ensured.action} (version ${ensured.bootstrap.version}).\n`);
  return ensured.bootstrap;
}

export async function runBootstrap(io: Io, region: string, json: boolean): Promise<number> {
  return withAws(io, region, 'bootstrap', async (aws) => {
    const ready = await readyBootstrap(io, aws, progressPrinter(io), '');
    if (typeof ready === 'number') return ready;
    if (json) io.stdout.write(`${JSON.stringify({ stackName: BOOTSTRAP_STACK_NAME, region, ...ready })}\n`);
    else io.stdout.write(`Bootstrap stack ${BOOTSTRAP_STACK_NAME} in ${region} is ready (version ${ready.version}):\n  artifact bucket   ${ready.artifactBucket}\n  image repository  ${ready.repositoryUri}\n`);
    return EXIT_OK;
  });
}

export interface DeployCommandInput {
  io: Io;
  compiled: CompileResult;
  /** Where compile wrote template.json; review.md goes next to it. */
  outDir: string;
  mode: 'deploy' | 'diff';
  yes?: boolean;
  noExecute?: boolean;
  allowDataLoss?: boolean;
  outputsFile?: string;
}

export async function runDeploy(input: DeployCommandInput): Promise<number> {
  const { io, compiled, mode } = input;
  const { manifest } = compiled;
  const command = mode;
  if (mode === 'deploy' && !input.yes && !input.noExecute && !interactive(io)) {
    io.stderr.write(
      `ecs-arch deploy: refusing to deploy without confirmation: running under CI (CI=true or no terminal). ` +
        'Pass --yes to deploy, --no-execute to only create the change set, or run "ecs-arch diff" to preview.\n',
    );
    return EXIT_INVALID;
  }
  return withAws(io, manifest.region, command, async (aws) => {
    const printer = progressPrinter(io);
    // The bootstrap stack is made on first need: nested or large templates without
    // deployment.artifactBucket, or images to push.
    const needsBucket = !manifest.artifactBucket && (compiled.templates.length > 1 || needsUpload(templateBody(compiled.templates[0]!.template)));
    let bootstrap: Bootstrap | undefined;
    if (needsBucket || (mode === 'deploy' && manifest.images.length)) {
      const ready = await readyBootstrap(io, aws, printer, `Nothing of ${manifest.stackName} was changed.`);
      if (typeof ready === 'number') return ready;
      bootstrap = ready;
    }
    const result = await deployStack({
      aws,
      templates: compiled.templates,
      manifest: { ...manifest, ...(needsBucket && bootstrap ? { artifactBucket: bootstrap.artifactBucket } : {}) },
      mode: mode === 'diff' ? 'review' : input.noExecute ? 'prepare' : 'deploy',
      allowDataLoss: input.allowDataLoss === true,
      poll: pollOptionsFromEnv(io.env),
      signal: io.signal,
      hooks: {
        message: (text) => io.stdout.write(`${text}\n`),
        async review(review) {
          io.stdout.write(formatChangeSet(review));
          await writeFile(join(input.outDir, 'review.md'), renderReview(compiled, review));
        },
        confirmExecute: async (review) =>
          input.yes === true || (await io.confirm!(`Execute change set ${review.changeSetName} on stack ${review.stackName}?`)),
        confirmRecreate: async (stack) =>
          input.yes === true || (await io.confirm!(`Stack ${stack.name} is ROLLBACK_COMPLETE after a failed first create. Delete it and create it again?`)),
        executing(changeSet, total) {
          io.stdout.write(`Executing change set ${changeSet.name}…\n`);
          printer.start(total);
        },
        event: (event) => printer.event(event),
      },
    });
    printer.stop();
    return report(input, result);
  });
}

function fail(io: Io, text: string, code = EXIT_FAILED): number {
  io.stderr.write(text);
  return code;
}

async function writeOutputs(input: DeployCommandInput, outputs: Record<string, string>): Promise<void> {
  const text = `${JSON.stringify(outputs, null, 2)}\n`;
  const files = [join(input.io.cwd, '.ecs-arch', input.compiled.manifest.stage, 'outputs.json')];
  if (input.outputsFile) files.push(resolve(input.io.cwd, input.outputsFile));
  for (const file of files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

async function report(input: DeployCommandInput, result: DeployResult): Promise<number> {
  const { io } = input;
  const stackName = input.compiled.manifest.stackName;
  const fail = (text: string, code = EXIT_FAILED) => {
    io.stderr.write(text);
    return code;
  };
  switch (result.kind) {
    case 'no-changes':
      io.stdout.write(`No changes: stack ${stackName} is up to date.\n`);
      if (input.mode === 'deploy') await writeOutputs(input, result.outputs);
      return EXIT_OK;
    case 'deployed':
      io.stdout.write(`Stack ${stackName}: ${result.status}\n`);
      for (const [key, value] of Object.entries(result.outputs)) io.stdout.write(`  ${key} = ${value}\n`);
      await writeOutputs(input, result.outputs);
      return EXIT_OK;
    case 'reviewed':
      io.stdout.write('Change set deleted (diff only).\n');
      return EXIT_OK;
    case 'change-set-ready':
      io.stdout.write(
        `Change set left for review (--no-execute): ${result.changeSet.name}\n  ARN: ${result.changeSet.id}\n` +
          `  Execute it: aws cloudformation execute-change-set --change-set-name ${result.changeSet.id}\n`,
      );
      return EXIT_OK;
    case 'refused-data-loss':
      return fail(
        `Refusing to deploy: the change set would replace or remove stateful resources, losing their data:\n` +
          result.resources.map((r) => `  ${r}\n`).join('') +
          'The change set was deleted. Re-run with --allow-data-loss if this is intended.\n',
      );
    case 'declined':
      return fail('Deploy cancelled; nothing was changed.\n');
    case 'change-set-failed':
      return fail(`The change set failed: ${result.reason}\n`);
    case 'failed':
      return fail(
        `Stack ${stackName}: ${result.status}\n` +
          (result.reasons.length ? `First failure${result.reasons.length > 1 ? 's' : ''}:\n${formatReasons(result.reasons)}` : '') +
          (result.status === 'ROLLBACK_COMPLETE' && result.firstCreate ? 'The next deploy deletes the failed stack and creates it again.\n' : ''),
      );
    case 'busy':
      return fail(`Stack ${stackName} is still ${result.status} after waiting ${Math.round(result.waitedMs / 1000)}s; try again when it has finished.\n`);
    case 'needs-attention':
      return fail(`Stack ${stackName} is ${result.status}. ${result.instructions}\n`);
    case 'interrupted':
      if (result.phase === 'change-set') return fail('Interrupted; the change set was deleted and nothing was changed.\n', EXIT_INTERRUPTED);
      return fail(`Interrupted. ${followOrCancel(stackName, 'update')}`, EXIT_INTERRUPTED);
    case 'template-too-large':
      return fail(
        `${result.fileName} is ${result.bytes} bytes, over CloudFormation's ${TEMPLATE_BODY_LIMIT}-byte limit for an inline template ` +
          '(or it is a nested stack template), so it must be uploaded to S3: set deployment.artifactBucket in the configuration.\n',
        EXIT_INVALID,
      );
  }
}

export async function runInfo(io: Io, stackName: string, region: string, json: boolean): Promise<number> {
  return withAws(io, region, 'info', async (aws) => {
    const stack = await describeStack(aws, stackName);
    if (!stack) {
      if (json) io.stdout.write(`${JSON.stringify({ stackName, exists: false })}\n`);
      io.stderr.write(`Stack ${stackName} does not exist in ${region}.\n`);
      return EXIT_FAILED;
    }
    // Outputs about one task live in that task's nested stack once the template is split.
    const outputs = await stackOutputs(aws, stack, await getDeployedTemplate(aws, stack.id));
    if (json) {
      const { name, id, status, statusReason, lastUpdated, terminationProtection } = stack;
      io.stdout.write(`${JSON.stringify({ stackName: name, stackId: id, exists: true, status, statusReason, lastUpdated, terminationProtection, outputs }, null, 2)}\n`);
      return EXIT_OK;
    }
    const lines = [`Stack:        ${stack.name}`, `Status:       ${stack.status}${stack.statusReason ? ` (${stack.statusReason})` : ''}`, `Last updated: ${stack.lastUpdated.toISOString()}`];
    const listed = Object.entries(outputs);
    lines.push(listed.length ? 'Outputs:' : 'Outputs:      (none)', ...listed.map(([key, value]) => `  ${key} = ${value}`));
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  });
}

export async function runRemove(io: Io, stackName: string, region: string, yes: boolean): Promise<number> {
  if (!yes && !interactive(io)) {
    io.stderr.write('ecs-arch remove: refusing to delete without confirmation under CI (CI=true or no terminal). Pass --yes.\n');
    return EXIT_INVALID;
  }
  return withAws(io, region, 'remove', async (aws) => {
    const printer = progressPrinter(io);
    const result = await removeStack({
      aws,
      stackName,
      poll: pollOptionsFromEnv(io.env),
      signal: io.signal,
      confirm: async () => yes || (await io.confirm!(`Delete stack ${stackName} in ${region}?`)),
      event: (event) => printer.event(event),
    });
    printer.stop();
    switch (result.kind) {
      case 'missing':
        io.stdout.write(`Stack ${stackName} does not exist in ${region}; nothing to remove.\n`);
        return EXIT_OK;
      case 'protected':
        io.stderr.write(
          `Stack ${stackName} has termination protection on (deployment.terminationProtection). To remove it, set ` +
            `deployment.terminationProtection: false and deploy, or run "aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${stackName}".\n`,
        );
        return EXIT_FAILED;
      case 'busy':
        io.stderr.write(`Stack ${stackName} is busy (${result.status}); try again when the current operation has finished.\n`);
        return EXIT_FAILED;
      case 'declined':
        io.stderr.write('Remove cancelled; nothing was deleted.\n');
        return EXIT_FAILED;
      case 'interrupted':
        io.stderr.write(`Interrupted. ${followOrCancel(stackName, 'delete')}`);
        return EXIT_INTERRUPTED;
      case 'failed':
        io.stderr.write(`Stack ${stackName}: ${result.status}\n${formatReasons(result.reasons)}`);
        return EXIT_FAILED;
      case 'removed':
        io.stdout.write(`Stack ${stackName} removed.\n`);
        if (result.retained.length) {
          io.stdout.write('Retained resources that remain (delete them yourself when no longer needed):\n');
          for (const r of result.retained) io.stdout.write(`  ${r.logicalId} (${r.resourceType}): ${r.physicalId}\n`);
        }
        return EXIT_OK;
    }
  });
}
