import type { CommandSpec } from './types.js';

/** Every command; adding one is one entry here and one module in this folder. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'init',
    group: 'start',
    examples: ['ecs-arch init', 'ecs-arch init --pattern sqs -c services/worker/ecs-arch.yml'],
    summary: 'write a commented ecs-arch.yml for a chosen architecture',
    options: {
      pattern: { type: 'string', value: 's3|schedule|sqs|alerts|full', description: 'architecture to scaffold (default full)' },
      name: { type: 'string', value: 'NAME', description: 'application name' },
      force: { type: 'boolean', description: 'overwrite an existing file' },
    },
    load: () => import('./init.js'),
  },
  {
    name: 'validate',
    group: 'check',
    examples: ['ecs-arch validate -s prod'],
    summary: 'load, resolve variables and validate; print every error with its position',
    options: {},
    load: () => import('./validate.js'),
  },
  {
    name: 'print',
    group: 'check',
    summary: 'print the resolved configuration (YAML, or JSON with --json)',
    options: {},
    load: () => import('./print.js'),
  },
  {
    name: 'compile',
    group: 'review',
    examples: ['ecs-arch compile -s prod --out build/'],
    summary: 'write the CloudFormation template(s), manifest.json and review.md',
    options: {
      out: { type: 'string', value: 'DIR', description: 'output directory (default .ecs-arch/<stage> next to the configuration file)' },
      format: { type: 'string', value: 'json|yaml', description: 'template format (default json)' },
    },
    load: () => import('./compile.js'),
  },
  {
    name: 'lint',
    group: 'check',
    examples: ['ecs-arch lint --strict'],
    summary: 'compile, then run cfn-lint and the built-in security rules',
    options: {
      'cfn-lint': { type: 'string', value: 'PATH', description: 'cfn-lint executable (default: from PATH)' },
      strict: { type: 'boolean', description: 'warnings fail too' },
    },
    load: () => import('./lint.js'),
  },
  {
    name: 'graph',
    group: 'check',
    examples: ['ecs-arch graph --format dot | dot -Tsvg > architecture.svg'],
    summary: 'print the architecture as a diagram',
    options: {
      format: { type: 'string', value: 'mermaid|dot', description: 'diagram format (default mermaid)' },
    },
    load: () => import('./graph.js'),
  },
  {
    name: 'diff',
    group: 'review',
    examples: ['ecs-arch diff -s prod --profile ci'],
    summary: 'create a change set against the deployed stack, print it, delete it',
    options: {},
    load: () => import('./diff.js'),
  },
  {
    name: 'build',
    group: 'review',
    summary: 'build and push the images of tasks built from source (what deploy does before its change set)',
    options: {},
    load: () => import('./build.js'),
  },
  {
    name: 'deploy',
    group: 'deploy',
    examples: ['ecs-arch deploy', 'ecs-arch deploy -s prod --yes --outputs-file outputs.json', 'ecs-arch deploy --no-execute'],
    summary: 'create, review and execute a change set; stream progress; write outputs',
    options: {
      yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (required under CI)' },
      'no-execute': { type: 'boolean', description: 'create the change set and leave it for review' },
      from: { type: 'string', value: 'DIR', description: 'deploy the output of an earlier compile as it is (no compiling)' },
      'allow-data-loss': { type: 'boolean', description: 'allow replacing or removing stateful resources' },
      force: { type: 'boolean', description: 'create a change set even when the deployed template is identical' },
      'outputs-file': { type: 'string', value: 'FILE', description: 'also write stack outputs as JSON here' },
    },
    load: () => import('./deploy.js'),
  },
  {
    name: 'bootstrap',
    group: 'deploy',
    summary: 'create or upgrade the bootstrap stack of the account and region (artifact bucket, image repository)',
    options: {},
    load: () => import('./bootstrap.js'),
  },
  {
    name: 'info',
    group: 'deploy',
    summary: 'print stack status, last update and outputs',
    options: {},
    load: () => import('./info.js'),
  },
  {
    name: 'remove',
    group: 'deploy',
    summary: 'delete the stack; list the retained resources that remain',
    options: {
      yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (required under CI)' },
    },
    load: () => import('./remove.js'),
  },
];
