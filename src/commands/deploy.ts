// ecs-arch deploy (and diff): load → compile → write artifacts → change set → review →
// execute → outputs. deploy/ decides and returns a DeployResult; this module asks the
// questions, prints progress and the result (text, or one JSON document with --json) and
// chooses the exit code.
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { palette } from '../ui/colour.js';
import { deployStack, type DeployPhase, type DeployResult } from '../deploy/deploy.js';
import { needsUpload, TEMPLATE_BODY_LIMIT } from '../deploy/artifacts.js';
import type { Bootstrap } from '../bootstrap/ensure.js';
import { templateBody } from '../stacks/artifacts.js';
import { readyBootstrap } from './bootstrap.js';
import { publishPhase } from './build.js';
import { writeArtifactsOrReport } from './compile.js';
import { loadAndCompile } from './compile.js';
import type { CompiledTemplate, CompileResult, Manifest } from '../compile/types.js';
import { readArtifact } from '../emit/read.js';
import { imageBuilds } from '../images/context.js';
import { version } from '../util/package-file.js';
import { loadFromContext } from './shared.js';
import { renderReview } from '../review/index.js';
import type { ChangeSetReview } from '../review/types.js';
import { followOrCancel, formatChangeSet, formatReasons } from '../ui/deploy.js';
import { formatTimings } from '../ui/timings.js';
import { quotaText } from '../util/text.js';
import { checkWritable, writeEach } from '../util/files.js';
import { interactive, pollOptions, withAws, type AwsSession, progressPrinter } from './aws.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

export function run(context: CommandContext): Promise<number> {
  const from = context.options.from;
  return typeof from === 'string' ? deployFrom(context, from) : runChangeSet(context, 'deploy');
}

/**
 * deploy --from DIR: the templates compile wrote there, deployed as they are. Refused when
 * another ecs-arch version wrote them, when they were changed since, when they are for another
 * stack or region than this command's configuration and options, or when an image's sources
 * no longer hash to the tag that was compiled.
 */
async function deployFrom(context: CommandContext, from: string): Promise<number> {
  const { io, global } = context;
  const refuse = (text: string) => {
    io.stderr.write(`ecs-arch deploy: --from ${from}: ${text}; nothing was deployed.\n`);
    return EXIT_INVALID;
  };
  const dir = resolve(io.cwd, from);
  const artifact = await readArtifact(dir);
  if (!artifact.ok) return refuse(artifact.problem);
  const { manifest, templates } = artifact;
  if (manifest.ecsArchVersion !== version()) {
    return refuse(`it was compiled by ecs-arch ${manifest.ecsArchVersion ?? '(unknown)'}, this is ${version()}: compile again with this version, or deploy with that one`);
  }
  let configFile: string | undefined;
  if (existsSync(resolve(io.cwd, global.config))) {
    const project = await loadFromContext(context);
    if (typeof project === 'number') return project;
    const stackName = `${project.config.name}-${project.stage}`;
    if (stackName !== manifest.stackName || project.region !== manifest.region) {
      return refuse(`it is for stack ${manifest.stackName} in ${manifest.region}, but ${project.displayPath} with these options deploys ${stackName} in ${project.region}`);
    }
    configFile = project.file;
    const { builds } = imageBuilds(project.file, project.config.tasks ?? {});
    for (const image of manifest.images) {
      if (builds.find((b) => b.task === image.task)?.tag !== image.tag) return refuse(`the sources of task ${image.task}'s image changed since compile (its tag would differ); compile again`);
    }
  } else {
    if (global.region && global.region !== manifest.region) return refuse(`it is for region ${manifest.region}, not ${global.region}`);
    if (global.stage && global.stage !== manifest.stage) return refuse(`it is for stage ${manifest.stage}, not ${global.stage}`);
    if (manifest.images.length) return refuse(`its images are built from source: run it where ${global.config} and the build contexts are (or name the file with -c)`);
  }
  return deployCompiled(context, { compiled: { manifest, templates, ...(configFile ? { configFile } : {}) }, outDir: dir, mode: 'deploy' });
}

export async function runChangeSet(context: CommandContext, mode: 'deploy' | 'diff'): Promise<number> {
  const started = performance.now();
  // Without a confirmation under CI, deploy stops before calling AWS (deployCompiled): it reads nothing first either.
  const { io, options } = context;
  const goesOn = mode === 'diff' || options.yes === true || options['no-execute'] === true || interactive(io);
  // A bad knob is invalid input: said before compile reads the deployed stacks' placement from AWS.
  if (goesOn && typeof pollOptions(context) === 'number') return EXIT_INVALID;
  const compiled = await loadAndCompile(context, goesOn ? { deployedBy: mode } : {});
  if (typeof compiled === 'number') return compiled;
  const written = await writeArtifactsOrReport(context, compiled, { format: 'json' });
  if (typeof written === 'number') return written;
  return deployCompiled(context, { compiled, outDir: written.outDir, mode, compileMs: performance.now() - started });
}

/** A compile result, or (deploy --from) the manifest and templates read back from its output. */
export type Deployable = CompileResult | { manifest: Manifest; templates: CompiledTemplate[]; configFile?: string };

export interface CompiledRun {
  compiled: Deployable;
  /** Where the compile output is: review.md and outputs.json go there. */
  outDir: string;
  mode: 'deploy' | 'diff';
  compileMs?: number;
}

/** The change-set part of deploy and diff, from a compile result (tests start here too). */
export async function deployCompiled(context: CommandContext, run: CompiledRun): Promise<number> {
  const { io, global, options } = context;
  const { compiled, mode } = run;
  const noExecute = mode === 'deploy' && options['no-execute'] === true;
  const yes = options.yes === true;
  if (mode === 'deploy' && !yes && !noExecute && !interactive(io)) {
    io.stderr.write(
      `ecs-arch deploy: refusing to deploy without confirmation: running under CI (CI=true or no terminal). ` +
        'Pass --yes to deploy, --no-execute to only create the change set, or run "ecs-arch diff" to preview.\n',
    );
    return EXIT_INVALID;
  }
  const poll = pollOptions(context);
  if (typeof poll === 'number') return poll;
  const outputsFile = mode === 'deploy' && typeof options['outputs-file'] === 'string' ? options['outputs-file'] : undefined;
  // Found out now, not after the stack was changed.
  if (outputsFile !== undefined) {
    const problem = await checkWritable(io.cwd, outputsFile);
    if (problem) {
      io.stderr.write(`ecs-arch deploy: --outputs-file ${problem}; nothing was deployed.\n`);
      return EXIT_INVALID;
    }
  }
  const written = { outDir: run.outDir };
  const phases: { name: string; ms: number }[] = run.compileMs === undefined ? [] : [{ name: 'compile', ms: run.compileMs }];

  return withAws(context, compiled.manifest.region, async (session) => {
    // Progress goes to stderr under --json: stdout is the one JSON document.
    const out = global.json ? io.stderr : io.stdout;
    const printer = progressPrinter(io, global.json);
    let phaseStart = performance.now();
    let phaseName = 'connect';
    // Phase before the change set: the bootstrap stack is made on first need (nested or large
    // templates without deployment.artifactBucket, or images to push).
    const { manifest } = compiled;
    const needsBucket = !manifest.artifactBucket && (compiled.templates.length > 1 || needsUpload(templateBody(compiled.templates[0]!.template)));
    let bootstrap: Bootstrap | undefined;
    if (needsBucket || (mode === 'deploy' && manifest.images.length)) {
      const ready = await readyBootstrap(context, session, poll, printer, `Nothing of ${manifest.stackName} was changed.`);
      if (typeof ready === 'number') return ready;
      bootstrap = ready;
    }
    // Images are built and pushed before any change set: a failed build changes nothing.
    if (mode === 'deploy' && manifest.images.length) {
      const failed = await publishPhase(context, session, bootstrap!, manifest.images, 'project' in compiled ? compiled.project.file : compiled.configFile!);
      if (failed !== undefined) {
        io.stderr.write(`No change set was created; nothing of ${manifest.stackName} was changed.\n`);
        return failed;
      }
    }
    const result = await deployStack({
      aws: session.aws,
      templates: compiled.templates,
      manifest: { ...manifest, ...(needsBucket && bootstrap ? { artifactBucket: bootstrap.artifactBucket } : {}) },
      mode: mode === 'diff' ? 'review' : noExecute ? 'prepare' : 'deploy',
      allowDataLoss: options['allow-data-loss'] === true,
      force: options.force === true,
      poll,
      signal: io.signal,
      hooks: {
        message: (text) => out.write(`${text}\n`),
        async review(review) {
          // deploy --from leaves the reviewed folder as it was.
          const reviewFile = 'project' in compiled ? join(written.outDir, 'review.md') : undefined;
          out.write(formatChangeSet(review, { verbose: global.verbose, paint: palette(out, io.env), ...(reviewFile ? { reviewFile: relative(io.cwd, reviewFile) || reviewFile } : {}) }));
          const refused = mode === 'deploy' && review.dataLossRisks.length > 0 && options['allow-data-loss'] !== true;
          if (reviewFile && 'project' in compiled) await writeFile(reviewFile, renderReview(compiled, review, { command: mode, refused }));
        },
        confirmExecute: async (review) => yes || (await io.confirm!(`Execute change set ${review.changeSetName} on stack ${review.stackName}?`)),
        confirmRecreate: async (stack) => yes || (await io.confirm!(`Stack ${stack.name} is ROLLBACK_COMPLETE after a failed first create. Delete it and create it again?`)),
        executing(changeSet, total) {
          out.write(`Executing change set ${changeSet.name}…\n`);
          printer.start(total);
        },
        event: (event) => printer.event(event),
        phase(name: DeployPhase) {
          const now = performance.now();
          phases.push({ name: phaseName, ms: now - phaseStart });
          phaseName = name;
          phaseStart = now;
        },
      },
    });
    printer.stop();
    phases.push({ name: phaseName, ms: performance.now() - phaseStart });
    const code = await report(context, { compiled, session, mode, outputsFile, outDir: written.outDir }, result);
    if (global.verbose) io.stderr.write(formatTimings(phases));
    return code;
  });
}

interface Reported {
  compiled: Deployable;
  session: AwsSession;
  mode: 'deploy' | 'diff';
  outputsFile?: string;
  outDir: string;
}

/** outputs.json next to the other compile output, and --outputs-file; each written if it can be. */
async function writeOutputs(context: CommandContext, run: Reported, outputs: Record<string, string>): Promise<string[]> {
  const files = [join(run.outDir, 'outputs.json'), ...(run.outputsFile ? [run.outputsFile] : [])];
  return writeEach(context.io.cwd, files, `${JSON.stringify(outputs, null, 2)}\n`);
}

function reviewJson(review: ChangeSetReview | undefined) {
  if (!review) return {};
  const { changeSetName, changes, securityChanges, broadening, dataLossRisks, templateDiff, resourceChanges, quota } = review;
  const quotaMessage = quotaText(quota);
  return {
    changeSet: {
      name: changeSetName,
      changes,
      resourceChanges,
      ...(quota ? { quota: { ...quota, ...(quotaMessage ? { message: quotaMessage } : {}) } } : {}),
      securityChanges,
      broadening,
      dataLossRisks,
      templateDiff,
    },
  };
}

/** Text (and the exit code) for each result; with --json the same facts as one document. */
async function report(context: CommandContext, run: Reported, result: DeployResult): Promise<number> {
  const { io, global } = context;
  const { stackName } = run.compiled.manifest;
  const { target } = run.session;
  let warnings: string[] = [];
  let outputs: Record<string, string> | undefined;
  if ((result.kind === 'deployed' || result.kind === 'no-changes') && run.mode === 'deploy') {
    outputs = result.outputs;
    warnings = [...result.warnings, ...(await writeOutputs(context, run, result.outputs))];
  }
  const { text, code, toStderr } = describe(result, stackName, target, run.mode);
  const finalCode = warnings.length && code === EXIT_OK ? EXIT_FAILED : code;
  if (global.json) {
    const status = 'status' in result ? result.status : undefined;
    const review = 'review' in result ? result.review : undefined;
    const document = {
      command: run.mode,
      stackName,
      account: run.session.account,
      region: target.region,
      result: result.kind,
      ...(status ? { status } : {}),
      ...(result.kind === 'change-set-ready' ? { changeSetId: result.changeSet.id } : {}),
      ...reviewJson(review),
      ...(result.kind === 'failed' ? { reasons: result.reasons } : {}),
      ...(outputs ? { outputs } : {}),
      ...(warnings.length ? { warnings } : {}),
      message: text.trimEnd(),
      exitCode: finalCode,
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    (toStderr ? io.stderr : io.stdout).write(text);
    if (outputs && result.kind === 'deployed') for (const [key, value] of Object.entries(outputs)) io.stdout.write(`  ${key} = ${value}\n`);
  }
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
  if (warnings.length) io.stderr.write(`The stack is deployed; ecs-arch exits 1 because the step${warnings.length === 1 ? '' : 's'} above failed.\n`);
  return finalCode;
}

function describe(result: DeployResult, stackName: string, target: Session['target'], mode: 'deploy' | 'diff'): { text: string; code: number; toStderr?: boolean } {
  const fail = (text: string, code = EXIT_FAILED) => ({ text, code, toStderr: true });
  const command = mode === 'diff' ? 'Diff' : 'Deploy';
  switch (result.kind) {
    case 'no-changes':
      return { text: `No changes: stack ${stackName} is up to date (${result.reason}).\n`, code: EXIT_OK };
    case 'deployed':
      return { text: `Stack ${stackName}: ${result.status}\n`, code: EXIT_OK };
    case 'reviewed':
      return { text: 'Change set deleted (diff only).\n', code: EXIT_OK };
    case 'change-set-ready':
      return {
        text:
          `Change set left for review (--no-execute): ${result.changeSet.name}\n  ARN: ${result.changeSet.id}\n` +
          `  Execute it: aws cloudformation execute-change-set --change-set-name ${result.changeSet.id} --region ${target.region}${target.profile ? ` --profile ${target.profile}` : ''}\n`,
        code: EXIT_OK,
      };
    case 'refused-data-loss':
      return fail(
        `Refusing to deploy: the change set would replace or remove ${result.resources.length === 1 ? 'the stateful resource' : `the ${result.resources.length} stateful resources`} listed under "Data loss" above, losing their data. ` +
          'The change set was deleted. Re-run with --allow-data-loss if this is intended.\n',
      );
    case 'declined':
      return fail(`${command} not confirmed; ${result.review ? 'the change set was deleted and ' : ''}nothing was changed.\n`);
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
    case 'raced':
      return fail(
        `Stack ${stackName} started another operation while this change set was being prepared, so it cannot be executed (${result.reason}). ` +
          'The change set was deleted and nothing was changed; deploy again when the other operation has finished.\n',
      );
    case 'needs-attention':
      return fail(`Stack ${stackName} is ${result.status}. ${result.instructions}\n`);
    case 'needs-recreate':
      return fail(
        `Stack ${stackName} is ROLLBACK_COMPLETE: its first create failed, and CloudFormation cannot update a stack in that state, only delete it. ` +
          `Run "ecs-arch deploy" (it deletes the stack and creates it again after asking), or "ecs-arch remove" and then deploy. Nothing was changed.\n`,
      );
    case 'interrupted':
      if (result.phase === 'change-set') return fail('Interrupted; the change set was deleted and nothing was changed.\n', EXIT_INTERRUPTED);
      return fail(`Interrupted. ${followOrCancel(stackName, 'update', target)}`, EXIT_INTERRUPTED);
    case 'lost-connection':
      return fail(
        `Lost the connection to CloudFormation for ${Math.round(result.waitedMs / 1000)}s (${result.error}); the stack may still be updating. ${followOrCancel(stackName, 'update', target)}`,
      );
    case 'template-too-large':
      return fail(
        `${result.fileName} is ${result.bytes} bytes, over CloudFormation's ${TEMPLATE_BODY_LIMIT}-byte limit for an inline template ` +
          '(or it is a nested stack template), so it must be uploaded to S3: set deployment.artifactBucket in the configuration.\n',
        EXIT_INVALID,
      );
  }
}
type Session = AwsSession;
