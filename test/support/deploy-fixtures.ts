// Hand-written templates, compile results and a fake Io for the deploy tests, so the deploy
// library is tested against moto without the compiler.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnResource, CompileResult, Manifest, Template } from '../../src/compile/types.js';
import type { LoadedProject } from '../../src/config/index.js';
import { buildModel } from '../../src/model/index.js';
import type { Io } from '../../src/io.js';
import { deployCompiled } from '../../src/commands/deploy.js';
import type { CommandContext } from '../../src/commands/types.js';

export function queue(name: string, extra: Record<string, unknown> = {}): CfnResource {
  return { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { QueueName: name, ...extra } };
}

export function table(name: string, partitionKey = 'pk'): CfnResource {
  return {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
    },
  };
}

export function bucket(name: string): CfnResource {
  return { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { BucketName: name } };
}

export function topic(name: string): CfnResource {
  return { Type: 'AWS::SNS::Topic', Properties: { TopicName: name } };
}

export function template(resources: Record<string, CfnResource>, outputs: Template['Outputs'] = {}): Template {
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources, Outputs: outputs };
}

const STATEFUL = new Set(['AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::S3::Bucket']);

/** A compile result as the compiler would hand it over: root template, manifest, a minimal project. */
export function compiled(stackName: string, root: Template, manifest: Partial<Manifest> = {}): CompileResult {
  const [name, stage = 'dev'] = [stackName.replace(/-dev$/, ''), 'dev'];
  const project = { config: { name }, stage, region: 'us-east-1', file: '/dev/null', displayPath: 'ecs-arch.yml', locate: () => ({ file: 'ecs-arch.yml', line: 1, col: 1 }), warnings: [] } as unknown as LoadedProject;
  const resourceCounts: Record<string, number> = {};
  for (const r of Object.values(root.Resources)) resourceCounts[r.Type] = (resourceCounts[r.Type] ?? 0) + 1;
  return {
    project,
    model: buildModel(project),
    templates: [{ fileName: 'template.json', template: root }],
    sources: {},
    grants: {},
    manifest: {
      stackName,
      region: 'us-east-1',
      stage,
      templateHash: '',
      resourceCounts,
      statefulLogicalIds: Object.entries(root.Resources).filter(([, r]) => STATEFUL.has(r.Type)).map(([logicalId]) => ({ logicalId })),
      tags: { app: name },
      terminationProtection: false,
      templates: [{ fileName: 'template.json', hash: '' }],
      images: [],
      ...manifest,
    },
  };
}

export interface FakeIo {
  io: Io;
  stdout(): string;
  stderr(): string;
  cwd: string;
  /** Questions asked through io.confirm. */
  questions: string[];
}

export interface FakeIoOptions {
  env: Record<string, string>;
  /** A terminal with a confirm prompt answering this; absent: CI without a terminal. */
  answer?: boolean;
  signal?: AbortSignal;
  cwd?: string;
}

export function fakeIo(options: FakeIoOptions): FakeIo {
  let out = '';
  let err = '';
  const questions: string[] = [];
  const tty = options.answer !== undefined;
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'ecs-arch-deploy-'));
  const io: Io = {
    stdout: { write: (t) => void (out += t), isTTY: tty, columns: 100 },
    stderr: { write: (t) => void (err += t), isTTY: tty },
    env: options.env,
    cwd,
    ...(tty
      ? {
          confirm: async (question: string) => {
            questions.push(question);
            return options.answer!;
          },
        }
      : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return { io, stdout: () => out, stderr: () => err, cwd, questions };
}

/** The deploy/diff command from a compile result, with the flags as options (the command line's shape). */
export interface DeployCommandInput {
  io: Io;
  compiled: CompileResult;
  outDir: string;
  mode: 'deploy' | 'diff';
  yes?: boolean;
  noExecute?: boolean;
  allowDataLoss?: boolean;
  force?: boolean;
  outputsFile?: string;
  json?: boolean;
  verbose?: boolean;
}

export function commandContext(io: Io, command: string, options: CommandContext['options'] = {}, global: Partial<CommandContext['global']> = {}): CommandContext {
  return { command, io, global: { config: 'ecs-arch.yml', params: {}, json: false, verbose: false, ...global }, options, positionals: [] };
}

export function runDeploy(input: DeployCommandInput): Promise<number> {
  const options = { yes: input.yes, 'no-execute': input.noExecute, 'allow-data-loss': input.allowDataLoss, force: input.force, 'outputs-file': input.outputsFile };
  return deployCompiled(commandContext(input.io, input.mode, options, { json: input.json === true, verbose: input.verbose === true }), { compiled: input.compiled, outDir: input.outDir, mode: input.mode });
}
