// Deploy API economy and speed: the number of CloudFormation/S3 API calls for a first create,
// and the wall time and calls of deploying an unchanged stack (detected before any change
// set), against moto on 127.0.0.1 through the tests' counting proxy.
// Needs `npm run build` (dist/src/deploy) and moto_server on PATH.
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { startMotoServer } from './lib.mjs';

const RUNS = Number(process.env.BENCH_DEPLOY_RUNS ?? 20);
const runPath = fileURLToPath(new URL('../dist/src/commands/deploy.js', import.meta.url));
if (!existsSync(runPath)) {
  console.error('dist/src/commands is missing: run `npm run build` first.');
  process.exit(1);
}
const { deployCompiled } = await import(runPath);
const { buildModel } = await import(new URL('../dist/src/model/index.js', import.meta.url).href);

// The counting proxy is test support written in TypeScript; strip its types to load it here.
const scratch = mkdtempSync(join(tmpdir(), 'ecs-arch-bench-'));
const proxySource = readFileSync(new URL('../test/support/fault-proxy.ts', import.meta.url), 'utf8');
const proxyFile = join(scratch, 'fault-proxy.mjs');
writeFileSync(proxyFile, ts.transpileModule(proxySource, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
const { startFaultProxy } = await import(pathToFileURL(proxyFile).href);

const moto = await startMotoServer();
const proxy = await startFaultProxy(moto.endpoint);

const env = {
  AWS_ENDPOINT_URL: proxy.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  CI: 'true',
  // The default 1 s first poll would measure sleeping, not ecs-arch.
  ECS_ARCH_POLL_MS: '50',
};
const stackName = 'bench-dev';
const resources = {
  Jobs: { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { QueueName: 'bench-jobs' } },
  Results: {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: { TableName: 'bench-results', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] },
  },
  Alerts: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'bench-alerts' } },
};
// review.md is rendered from the project and its model too: a minimal but complete LoadedProject.
const project = { config: { name: 'bench' }, stage: 'dev', region: 'us-east-1', file: 'ecs-arch.yml', displayPath: 'ecs-arch.yml', locate: () => ({ file: 'ecs-arch.yml', line: 1, col: 1 }), warnings: [] };
const compiled = {
  project,
  model: buildModel(project),
  templates: [{ fileName: 'template.json', template: { AWSTemplateFormatVersion: '2010-09-09', Resources: resources } }],
  sources: {},
  manifest: { stackName, region: 'us-east-1', stage: 'dev', templateHash: '', resourceCounts: {}, statefulLogicalIds: [{ logicalId: 'Jobs' }, { logicalId: 'Results' }], tags: { app: 'bench' }, terminationProtection: false, templates: [] },
};
const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-bench-cwd-'));
const outDir = join(cwd, '.ecs-arch/dev');
mkdirSync(outDir, { recursive: true });

/** The same stack under another name and resource names: a create with everything already warm. */
function renamed(suffix) {
  const copy = { ...structuredClone({ ...compiled, project: undefined }), project: compiled.project };
  copy.manifest.stackName = `bench${suffix}-dev`;
  for (const r of Object.values(copy.templates[0].template.Resources)) {
    for (const key of ['QueueName', 'TableName', 'TopicName']) if (r.Properties[key]) r.Properties[key] += suffix;
  }
  return copy;
}

async function deployOnce(what = compiled) {
  let err = '';
  const io = { stdout: { write() {}, isTTY: false }, stderr: { write: (t) => (err += t), isTTY: false }, env, cwd };
  proxy.clear();
  const started = performance.now();
  const context = { command: 'deploy', io, global: { config: 'ecs-arch.yml', params: {}, json: false, verbose: false }, options: { yes: true }, positionals: [] };
  const code = await deployCompiled(context, { compiled: what, outDir, mode: 'deploy' });
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`deploy failed (${code}): ${err}`);
  const calls = proxy.calls();
  return { ms, calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
}

const describeCalls = (calls) => Object.entries(calls).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ');

try {
  const create = await deployOnce();
  const warmCreate = await deployOnce(renamed('2'));
  const unchanged = [];
  for (let i = 0; i < RUNS; i++) unchanged.push(await deployOnce());
  const times = unchanged.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p90 = times[Math.floor(times.length * 0.9)];
  console.log('| scenario | wall time | API calls | calls by action |');
  console.log('|---|---|---|---|');
  console.log(`| create (3 resources, poll ${env.ECS_ARCH_POLL_MS} ms) | ${create.ms.toFixed(0)} ms (cold: SDK, diff library and moto's CloudFormation load) | ${create.total} | ${describeCalls(create.calls)} |`);
  console.log(`| create, second stack (warm) | ${warmCreate.ms.toFixed(0)} ms | ${warmCreate.total} | ${describeCalls(warmCreate.calls)} |`);
  console.log(`| unchanged stack, median of ${RUNS} | ${median.toFixed(1)} ms (p90 ${p90.toFixed(1)} ms) | ${unchanged[0].total} | ${describeCalls(unchanged[0].calls)} |`);
} finally {
  await proxy.stop();
  moto.stop();
}
