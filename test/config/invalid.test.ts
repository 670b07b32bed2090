// The invalid-configuration table: each case asserts every diagnostic, its exact message and
// its exact line:col. Shorthands keep the cases short (expanded by expand() below):
//   BASE         name + network;            TASKS   a "worker" task (image only);
//   TASK         BASE followed by TASKS;    SCHEDULE X  TASK with one schedule trigger, expression X;
//   S3 X         BASE, bucket b and TASKS with one s3 trigger on b, plus the line X.
import { afterAll, describe, expect, test } from '@jest/globals';
import { BASE, workspace } from './helpers.js';

const TASKS = 'tasks:\n  worker:\n    image: busybox';

function expand(text: string): string {
  return text
    .replace(/^SCHEDULE (.*)$/m, `${BASE}${TASKS}\n    triggers:\n      - schedule:\n          expression: $1`)
    .replace(/^S3 (.*)$/m, `${BASE}buckets:\n  b: {}\n${TASKS}\n    triggers:\n      - s3:\n          bucket: b\n          $1`)
    .replace(/^TASKS$/m, TASKS)
    .replace(/^TASK$/m, `${BASE}${TASKS}`)
    .replace(/^BASE\n/, BASE);
}

type Case = [name: string, yaml: string, expected: string[], options?: { stage?: string; env?: Record<string, string> }];

const CASES: Case[] = [
  // S3 URL-encodes object keys in event notifications: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
  // ("red flower.jpg" becomes "red+flower.jpg"); EventBridge's S3 events don't document theirs:
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html. Filters keep to characters both readings agree on.
  ['s3 prefix with a space', `S3 prefix: "my files/"`, ['13:19: tasks.worker.triggers.0.s3.prefix: a space may arrive URL-encoded in S3\'s events, so this filter might never match; use only letters, digits and / . _ - and check the rest of the key in the task']],
  ['s3 prefix with + and =', `S3 prefix: "c++/year=2024/"`, ['13:19: tasks.worker.triggers.0.s3.prefix: "+", "=" may arrive URL-encoded in S3\'s events, so this filter might never match; use only letters, digits and / . _ - and check the rest of the key in the task']],
  ['s3 suffix with non-ASCII', `S3 suffix: ".prüfung"`, ['13:19: tasks.worker.triggers.0.s3.suffix: "ü" may arrive URL-encoded in S3\'s events, so this filter might never match; use only letters, digits and / . _ - and check the rest of the key in the task']],
  ['s3 prefix with * and a backslash', `S3 prefix: 'in/*star\\'`, ['13:19: tasks.worker.triggers.0.s3.prefix: "*", "\\" may arrive URL-encoded in S3\'s events, so this filter might never match; use only letters, digits and / . _ - and check the rest of the key in the task']],
  ['unknown top-level key', `name: app\ntaskz: {}\n`, ["2:1: unknown key \"taskz\" at the top level. Did you mean \"tasks\"?"]],
  ['unknown task key', `TASK\n    cpux: 512\n`, ["8:5: unknown key \"cpux\" in tasks.worker. Did you mean \"cpu\"?"]],
  ['missing name', `stage: dev\n`, ["1:1: missing required key \"name\""]],
  ['name pattern', `name: Media_App\n`, ["1:7: name: \"Media_App\" must start with a lowercase letter and use only lowercase letters, digits and hyphens"]],
  ['name too long', `name: a-very-long-application-name-over-32\n`, ["1:7: name: \"a-very-long-application-name-over-32\" is longer than 32 characters"]],
  ['cpu of the wrong type', `TASK\n    cpu: "512"\n`, ["8:10: tasks.worker.cpu: expected a whole number, got the string \"512\""]],
  ['cpu not a Fargate value', `TASK\n    cpu: 500\n`, ["8:10: tasks.worker.cpu: 500 is not one of 256, 512, 1024, 2048, 4096, 8192 or 16384"]],
  ['memory not valid for cpu', `TASK\n    cpu: 512\n    memory: 3000\n`, ["9:13: tasks.worker.memory: 3000 is not a valid memory for cpu 512 (allowed: 1024–4096 in steps of 1024)"]],
  ['default memory not valid for cpu', `TASK\n    cpu: 4096\n`, ["8:10: tasks.worker: memory 512 (the default) is not a valid memory for cpu 4096 (allowed: 8192–30720 in steps of 1024); set memory"]],
  ['memory not valid for the default cpu', `TASK\n    memory: 4096\n`, ["8:13: tasks.worker.memory: 4096 is not a valid memory for cpu 256 (the default) (allowed: 512, 1024 or 2048)"]],
  ['architecture misspelled', `TASK\n    architecture: arm\n`, ["8:19: tasks.worker.architecture: \"arm\" is not one of x86_64 or arm64"]],
  ['spot on arm64', `TASK\n    architecture: arm64\n    spot: true\n`, ["9:11: tasks.worker.spot: Fargate Spot runs only x86_64 tasks; use architecture x86_64 or spot: false"]],
  ['task without image', `BASE\ntasks:\n  worker:\n    cpu: 256\n`, ["6:3: tasks.worker: missing required key \"image\""]],
  ['unknown bucket in s3 trigger', `BASE\nbuckets:\n  uploads: {}\nTASKS\n    triggers:\n      - s3: { bucket: uplods }\n`, ["11:23: tasks.worker.triggers.0.s3.bucket: unknown bucket \"uplods\". Did you mean \"uploads\"?"]],
  ['unknown queue in sqs trigger', `BASE\nqueues:\n  jobs: {}\nTASKS\n    triggers:\n      - sqs: { queue: job }\n`, ["11:23: tasks.worker.triggers.0.sqs.queue: unknown queue \"job\". Did you mean \"jobs\"?"]],
  ['unknown alerts topic', `TASK\nalerts:\n  topic: ops\n`, ["9:10: alerts.topic: unknown topic \"ops\". Declare it under topics."]],
  ['malformed alerts topic ARN', `TASK\nalerts:\n  topic: arn:aws:sns:us-east-1:123:alerts\n`, ["9:10: alerts.topic: \"arn:aws:sns:us-east-1:123:alerts\" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)"]],
  ['unknown task in alerts', `TASK\ntopics:\n  ops: {}\nalerts:\n  topic: ops\n  tasks: [wroker]\n`, ["12:11: alerts.tasks.0: unknown task \"wroker\". Did you mean \"worker\"?"]],
  ['unknown table in access', `BASE\ntables:\n  results: { partitionKey: pk }\nTASKS\n    access:\n      tables: { result: write }\n`, ["11:17: tasks.worker.access.tables.result: unknown table \"result\". Did you mean \"results\"?"]],
  ['access level misspelled', `BASE\ntables:\n  results: { partitionKey: pk }\nTASKS\n    access:\n      tables: { results: writ }\n`, ["11:26: tasks.worker.access.tables.results: \"writ\" is not one of read, write or readwrite. Did you mean \"write\"?"]],
  ['sqs with s3 on one task', `BASE\nbuckets:\n  uploads: {}\nqueues:\n  jobs: {}\nTASKS\n    triggers:\n      - sqs: { queue: jobs }\n      - s3: { bucket: uploads }\n`, ["14:9: tasks.worker.triggers.1: a task with an sqs trigger runs as a service and cannot also have other triggers"]],
  ['two sqs triggers', `BASE\nqueues:\n  jobs: {}\n  more: {}\nTASKS\n    triggers:\n      - sqs: { queue: jobs }\n      - sqs: { queue: more }\n`, ["13:9: tasks.worker.triggers.1: a task can consume only one queue; move this sqs trigger to its own task"]],
  ['trigger with two kinds', `BASE\nbuckets:\n  uploads: {}\nTASKS\n    triggers:\n      - s3: { bucket: uploads }\n        schedule: { expression: "@daily" }\n`, ["11:9: tasks.worker.triggers.0: a trigger needs exactly one of s3, schedule, sqs or event (found \"s3\" and \"schedule\")"]],
  ['empty trigger', `TASK\n    triggers:\n      - {}\n`, ["9:9: tasks.worker.triggers.0: a trigger needs exactly one of s3, schedule, sqs or event"]],
  ['cron with five fields', `SCHEDULE cron(0 2 * * ?)\n`, ["10:23: tasks.worker.triggers.0.schedule.expression: \"cron(0 2 * * ?)\": a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has 5"]],
  ['cron with both day fields given', `SCHEDULE cron(0 2 1 * MON *)\n`, ["10:23: tasks.worker.triggers.0.schedule.expression: \"cron(0 2 1 * MON *)\": exactly one of day-of-month and day-of-week must be \"?\" (e.g. cron(0 2 * * ? *))"]],
  ['cron minute out of range', `SCHEDULE cron(60 2 * * ? *)\n`, ["10:23: tasks.worker.triggers.0.schedule.expression: \"cron(60 2 * * ? *)\": minutes must be 0-59, not 60"]],
  ['rate with plural unit for 1', `SCHEDULE rate(1 minutes)\n`, ["10:23: tasks.worker.triggers.0.schedule.expression: \"rate(1 minutes)\": write rate(1 minute): the unit is singular for 1"]],
  ['rate with singular unit above 1', `SCHEDULE rate(5 minute)\n`, ["10:23: tasks.worker.triggers.0.schedule.expression: \"rate(5 minute)\": write rate(5 minutes): the unit is plural for values above 1"]],
  ['expression in no known form', `SCHEDULE daily\n`, ["10:23: tasks.worker.triggers.0.schedule.expression: \"daily\": use cron(…), rate(…), @hourly, @daily or @weekly"]],
  ['unknown time zone', `SCHEDULE "@daily"\n          timezone: Europe/Berlln\n`, ["11:21: tasks.worker.triggers.0.schedule.timezone: \"Europe/Berlln\" is not an IANA time zone such as Europe/Berlin or UTC. Did you mean \"Europe/Berlin\"?"]],
  ['flexible window too long', `SCHEDULE "@daily"\n          flexibleWindow: 2000m\n`, ["11:27: tasks.worker.triggers.0.schedule.flexibleWindow: 2000m must be whole minutes from 1m to 1440m (24h)"]],
  ['visibility timeout over 12h', `name: app\nqueues:\n  jobs:\n    visibilityTimeout: 13h\n`, ["4:24: queues.jobs.visibilityTimeout: 13h is longer than SQS allows (12h)"]],
  ['duration that does not parse', `name: app\nqueues:\n  jobs:\n    visibilityTimeout: 5x\n`, ["4:24: queues.jobs.visibilityTimeout: \"5x\" must be a duration such as 30s, 5m, 2h or 1d, or a number of seconds"]],
  ['duration of the wrong type', `name: app\nqueues:\n  jobs:\n    visibilityTimeout: true\n`, ["4:24: queues.jobs.visibilityTimeout: \"true\" must be a duration such as 30s, 5m, 2h or 1d, or a number of seconds"]],
  ['tasks without network', `name: app\ntasks:\n  worker:\n    image: busybox\n`, ["2:1: network (vpc and subnets) is required when tasks are declared"]],
  ['vpc id malformed', `name: app\nnetwork:\n  vpc: vpc-XYZ\n  subnets: [subnet-0123abcd]\n`, ["3:8: network.vpc: \"vpc-XYZ\" must be a VPC id such as vpc-0123456789abcdef0 (or ${ssm:/path})"]],
  ['no subnets', `name: app\nnetwork:\n  vpc: vpc-0123abcd\n  subnets: []\n`, ["4:12: network.subnets: needs at least 1 item"]],
  ['subnet listed twice', `name: app\nnetwork:\n  vpc: vpc-0123abcd\n  subnets: [subnet-0123abcd, subnet-0123abcd]\n`, ["4:13: network.subnets: \"subnet-0123abcd\" is listed more than once"]],
  ['environment variable not set', `TASK\n    environment:\n      TAG: repo:\${env:IMAGE_TAG}\n`, ["9:17: tasks.worker.environment.TAG: environment variable IMAGE_TAG is not set (set it, or give a default: ${env:IMAGE_TAG, 'value'})"]],
  ['unknown param', `name: app\nparams:\n  default: { maxWorkers: 4 }\nqueues:\n  jobs:\n    maxReceiveCount: \${param:maxWorker}\n`, ["6:22: queues.jobs.maxReceiveCount: unknown param \"maxWorker\" for stage dev (declare it under params.default or params.dev). Did you mean \"maxWorkers\"?"]],
  ['self references in a cycle', `TASK\n    environment:\n      A: \${self:tasks.worker.environment.B}\n      B: x-\${self:tasks.worker.environment.A}\n`, ["9:10: tasks.worker.environment.A: variables refer to each other in a cycle: tasks.worker.environment.A → tasks.worker.environment.B → tasks.worker.environment.A"]],
  ['self path that does not exist', `TASK\n    environment:\n      A: \${self:tasks.worker.imag}\n`, ["9:10: tasks.worker.environment.A: ${self:tasks.worker.imag}: tasks.worker has no \"imag\". Did you mean \"image\"?"]],
  ['unknown variable source', `TASK\n    environment:\n      A: \${sm:/x}\n`, ["9:10: tasks.worker.environment.A: unknown variable source \"sm\" in ${sm:/x}. Did you mean \"ssm\"? Known: ${param:NAME}, ${env:NAME}, ${self:path}, ${ssm:/path}, ${stage}, ${region}"]],
  ['mapping inside a string', `TASK\n    environment:\n      A: net-\${self:network}\n`, ["9:14: tasks.worker.environment.A: ${self:network} is a mapping; a mapping can only be a whole value, not part of a string"]],
  ['unclosed variable', `TASK\n    environment:\n      A: \${stage\n`, ["9:10: tasks.worker.environment.A: \"${\" is never closed with \"}\""]],
  ['scaling key misspelled', `BASE\nqueues:\n  jobs: {}\nTASKS\n    triggers:\n      - sqs:\n          queue: jobs\n          scaling: { mim: 0 }\n`, ["13:22: unknown key \"mim\" in tasks.worker.triggers.0.sqs.scaling. Did you mean \"min\"?"]],
  ['scaling min above max', `BASE\nqueues:\n  jobs: {}\nTASKS\n    triggers:\n      - sqs:\n          queue: jobs\n          scaling: { min: 20 }\n`, ["13:27: tasks.worker.triggers.0.sqs.scaling: min 20 is more than max 10 (the default max)"]],
  ['duplicate key', `name: app\nname: other\n`, ["2:1: YAML: duplicate key \"name\""]],
  ['YAML syntax error', `name: app\nnetwork: [vpc\n`, ["2:10: YAML: this [ is never closed with a matching ]"]],
  ['reserved tag key', `name: app\ndeployment:\n  tags: { "aws:team": media }\n`, ["3:11: deployment.tags: \"aws:team\" is not a valid name: it must be a tag key (letters, digits, spaces and _ . : / = + - @) not starting with aws:"]],
  ['log retention not a CloudWatch value', `TASK\n    logRetentionDays: 10\n`, ["8:23: tasks.worker.logRetentionDays: 10 is not one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653"]],
  ['email malformed', `name: app\ntopics:\n  ops:\n    email: [ops-at-example.com]\n`, ["4:13: topics.ops.email.0: \"ops-at-example.com\" must be an email address"]],
  ['secret source unknown', `TASK\n    secrets:\n      API_KEY: vault:/x\n`, ["9:16: tasks.worker.secrets.API_KEY: \"vault:/x\" must be ssm:/parameter-name (no empty path segments) or secretsmanager:<complete secret ARN>"]],
  ['reserved environment prefix', `TASK\n    environment:\n      ECS_ARCH_TRIGGER: s3\n`, ["9:7: tasks.worker.environment: ECS_ARCH_TRIGGER uses the ECS_ARCH_ prefix, which ecs-arch sets itself"]],
  ['task name not allowed', `BASE\ntasks:\n  Worker:\n    image: busybox\n`, ["6:3: tasks: \"Worker\" is not a valid name: it must start with a lowercase letter and use only lowercase letters, digits and hyphens"]],
  ['containerInsights on an existing cluster', `name: app\ncluster:\n  existing: shared\n  containerInsights: false\n`, ["4:3: cluster.containerInsights applies only to a cluster this stack creates, not to cluster.existing"]],
  ['sort key same as partition key', `name: app\ntables:\n  results:\n    partitionKey: pk\n    sortKey: { name: pk }\n`, ["5:14: tables.results.sortKey: the sort key must differ from the partition key"]],
  ['key attribute field misspelled', `name: app\ntables:\n  results:\n    partitionKey: { name: pk, typ: S }\n`, ["4:31: unknown key \"typ\" in tables.results.partitionKey. Did you mean \"type\"?"]],
  ['key attribute of the wrong type', `name: app\ntables:\n  results:\n    partitionKey: [pk]\n`, ["4:19: tables.results.partitionKey: expected an attribute name, or { name, type }, got a list"]],
  ['invalid --stage', `name: app\n`, ["1:1: --stage \"Prod\" must start with a lowercase letter, use only lowercase letters, digits and hyphens, and be at most 32 characters"], { stage: 'Prod' }],
  // RunTask without Fargate Spot capacity fails with "Capacity is unavailable at this time" and starts
  // no task; AWS suggests retrying it through Step Functions: https://repost.aws/knowledge-center/ecs-fargate-runtask-capacity
  ['spot on a task started by a schedule', `SCHEDULE rate(1 hour)
    spot: true
`, ["11:11: warning: tasks.worker.spot: tasks started by s3, schedule or event triggers run on FARGATE: when Fargate Spot has no capacity, RunTask starts no task and neither EventBridge nor Scheduler retries it; set retry (attempts 2 or more) to run on Fargate Spot"]],
  ['dead-letter alert with nothing to watch', `name: app\ntopics:\n  ops: {}\nalerts:\n  topic: ops\n  on: [dead-letter]\n`, ["6:8: warning: alerts.on: dead-letter has nothing to watch: there are no queues and no s3, schedule or event triggers (their dead-letter queues)"]],
  ['non-mapping root', `- name: app\n`, ["1:1: the top level must be a mapping of keys (name, tasks, …), found a list"]],
  ['empty file', ``, ["1:1: the file is empty; it needs at least a \"name\""]],
  ['CloudFormation tag outside cloudformation', `name: !Ref Name\n`, ["1:12: \"!Ref\" is a CloudFormation function; it is allowed only under cloudformation"]],
  ['unknown YAML tag', `name: !secret app\n`, ["1:7: unknown YAML tag \"!secret\" (only CloudFormation short forms such as !Ref and !Sub are allowed, under cloudformation)"]],
];

describe('invalid configurations', () => {
  const ws = workspace();
  afterAll(() => ws.remove());

  test('the table has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  // A rest parameter: a test function declaring more parameters than a row has would be taken for a done-callback test.
  test.each(CASES)('%s', async (...[, yaml, expected, options]: Case) => {
    expect(await ws.problems(expand(yaml), options)).toEqual(expected);
  });

  test('the base configurations used by the table are valid', async () => {
    expect(await ws.problems(expand('TASK\n'))).toEqual([]);
    expect(await ws.problems(expand('SCHEDULE "@daily"\n'))).toEqual([]);
  });
});
