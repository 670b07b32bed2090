import type { CommandSpec } from './types.js';

/** Every command; adding one is one entry here and one module in this folder. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'init',
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
    summary: 'load, resolve variables and validate; print every error with its position',
    options: {},
    load: () => import('./validate.js'),
  },
  {
    name: 'print',
    summary: 'print the resolved configuration (YAML, or JSON with --json)',
    options: {},
    load: () => import('./print.js'),
  },
  {
    name: 'compile',
    summary: 'write the CloudFormation template(s), manifest.json and review.md',
    options: {
      out: { type: 'string', value: 'DIR', description: 'output directory (default .ecs-arch/<stage> next to the configuration file)' },
      format: { type: 'string', value: 'json|yaml', description: 'template format (default json)' },
    },
    load: () => import('./compile.js'),
  },
  {
    name: 'lint',
    summary: 'compile, then run cfn-lint and the built-in security rules',
    options: {
      'cfn-lint': { type: 'string', value: 'PATH', description: 'cfn-lint executable (default: from PATH)' },
      strict: { type: 'boolean', description: 'warnings fail too' },
    },
    load: () => import('./lint.js'),
  },
  {
    name: 'graph',
    summary: 'print the architecture as a diagram',
    options: {
      format: { type: 'string', value: 'mermaid|dot', description: 'diagram format (default mermaid)' },
    },
    load: () => import('./graph.js'),
  },
  {
    name: 'diff',
    summary: 'create a change set against the deployed stack, print it, delete it',
    options: {},
    load: () => import('./diff.js'),
  },
  {
    name: 'build',
    summary: 'build and push the images of tasks built from source (what deploy does before its change set)',
    options: {},
    load: () => import('./build.js'),
  },
  {
    name: 'deploy',
    summary: 'create, review and execute a change set; stream progress; write outputs',
    options: {
      yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (required under CI)' },
      'no-execute': { type: 'boolean', description: 'create the change set and leave it for review' },
      'allow-data-loss': { type: 'boolean', description: 'allow replacing or removing stateful resources' },
      force: { type: 'boolean', description: 'create a change set even when the deployed template is identical' },
      'outputs-file': { type: 'string', value: 'FILE', description: 'also write stack outputs as JSON here' },
    },
    load: () => import('./deploy.js'),
  },
  {
    name: 'bootstrap',
    summary: 'create or upgrade the bootstrap stack of the account and region (artifact bucket, image repository)',
    options: {},
    load: () => import('./bootstrap.js'),
  },
  {
    name: 'info',
    summary: 'print stack status, last update and outputs',
    options: {},
    load: () => import('./info.js'),
  },
  {
    name: 'logs',
    summary: "print the tasks' logs, interleaved by time; --follow until Ctrl-C",
    positionals: { value: 'TASK…', description: 'the tasks whose logs to show (default: every task, each line prefixed with its name)' },
    options: {
      follow: { type: 'boolean', short: 'f', description: 'keep printing new lines until Ctrl-C' },
      since: { type: 'string', value: '1h|ISO', description: 'from this long ago (30s, 15m, 1h, 2d) or this time (default 1h)' },
      filter: { type: 'string', value: 'PATTERN', description: 'a CloudWatch Logs filter pattern, e.g. ERROR or "?ERROR ?WARN"' },
    },
    load: () => import('./logs.js'),
  },
  {
    name: 'run',
    summary: 'start a task now with the network, capacity and overrides its trigger would use; print its task id',
    positionals: { value: 'TASK', description: 'the task to start (sqs services are refused: they run continuously)' },
    options: {
      env: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'set an environment variable for this run (repeatable)' },
      s3: { type: 'string', value: 's3://BUCKET/KEY', description: "for an s3-triggered task: the object, as the bucket's event would name it" },
      wait: { type: 'boolean', description: 'stream its logs and exit with its exit code' },
    },
    load: () => import('./run.js'),
  },
  {
    name: 'status',
    summary: 'show services, queues, schedules, s3 rules, stopped tasks and alarms in ALARM of the deployed stage',
    options: {},
    load: () => import('./status.js'),
  },
  {
    name: 'remove',
    summary: 'delete the stack; list the retained resources that remain',
    options: {
      yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (required under CI)' },
    },
    load: () => import('./remove.js'),
  },
];
