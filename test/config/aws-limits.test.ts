// Values AWS rejects at deploy time are refused at load, at the value's position (issue 10).
// Sources:
// - Stack tags, at most 50: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (Tags, "Maximum number of 50 items")
// - ScheduleExpression, 1-256 characters; Description, at most 512:
//   https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
// - Rule Description, at most 512: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
// - Bucket names: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
// - Cluster names and ARNs: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
//   (up to 255 letters, numbers, underscores and hyphens)
import { afterAll, describe, expect, test } from '@jest/globals';
import { compileProject } from '../../src/compile/index.js';
import { BASE, workspace } from './helpers.js';

const ws = workspace();
afterAll(() => ws.remove());

const TASK = `${BASE}tasks:\n  worker:\n    image: busybox\n`;
const schedule = (expression: string): string => `${TASK}    triggers:\n      - schedule:\n          expression: ${JSON.stringify(expression)}\n`;

describe('stack tags', () => {
  test('51 tags are refused at deployment.tags; 50 are accepted', async () => {
    const tags = (n: number): string => Array.from({ length: n }, (_, i) => `    k${i}: v`).join('\n');
    expect(await ws.problems(`name: app\ndeployment:\n  tags:\n${tags(51)}\n`)).toEqual(['4:5: deployment.tags: has 51 keys; at most 50 are allowed']);
    expect(await ws.problems(`name: app\ndeployment:\n  tags:\n${tags(50)}\n`)).toEqual([]);
  });
});

describe('schedule expressions', () => {
  test('an expression over 256 characters is refused', async () => {
    const long = `cron(0 ${Array.from({ length: 60 }, (_, i) => i % 24).join(',')} * * ? *)`.padEnd(257, ' ');
    expect(long.length).toBeGreaterThan(256);
    expect(await ws.problems(schedule(long))).toEqual([`10:23: tasks.worker.triggers.0.schedule.expression: ${JSON.stringify(long.slice(0, 57) + '...')} is longer than 256 characters`]);
  });

  test.each([
    ['rate( 5 minutes )', 'rate(5 minutes)'],
    ['rate(5  minutes)', 'rate(5 minutes)'],
    ['cron(0\t2 * *  ? *)', 'cron(0 2 * * ? *)'],
    [' cron( 0 2 * * ? * ) ', 'cron(0 2 * * ? *)'],
  ])('%j reaches Scheduler as %s', async (written, sent) => {
    const result = await ws.load(schedule(written));
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { template } = compileProject(result.project).templates[0]!;
    const schedules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    expect(schedules.map((s) => (s.Properties as { ScheduleExpression: string; Description: string }).ScheduleExpression)).toEqual([sent]);
    expect(schedules.map((s) => (s.Properties as { Description: string }).Description)).toEqual([`Starts app-dev task worker on ${sent}`]);
  });
});

describe('event rule descriptions', () => {
  test('a rule with long sources keeps its description within 512 characters', async () => {
    const sources = ['a', 'b', 'c'].map((c) => `com.example.${c.repeat(200)}`);
    const result = await ws.load(`${TASK}    triggers:\n      - event:\n          source: ${JSON.stringify(sources)}\n`);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { template } = compileProject(result.project).templates[0]!;
    const rules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules.map((r) => (r.Properties as { Description: string }).Description)).toEqual(['Events from 3 sources start task worker']);
  });
});

describe('existing bucket names', () => {
  const bucket = (name: string): string => `name: app\nbuckets:\n  media:\n    existing: ${JSON.stringify(name)}\n`;
  test.each([
    ['my..bucket', 'must not contain two adjacent periods'],
    ['192.168.5.4', 'must not be formatted as an IP address'],
    ['xn--bucket', 'must not start with xn--, sthree- or amzn-s3-demo- (reserved prefixes)'],
    ['sthree-bucket', 'must not start with xn--, sthree- or amzn-s3-demo- (reserved prefixes)'],
    ['amzn-s3-demo-bucket', 'must not start with xn--, sthree- or amzn-s3-demo- (reserved prefixes)'],
    ['media-s3alias', 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (reserved suffixes)'],
    ['media--ol-s3', 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (reserved suffixes)'],
    ['media.mrap', 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (reserved suffixes)'],
    ['media--x-s3', 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (reserved suffixes)'],
    ['media--table-s3', 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (reserved suffixes)'],
  ])('%s is refused', async (name, reason) => {
    expect(await ws.problems(bucket(name))).toEqual([`4:15: buckets.media.existing: "${name}" is not a valid S3 bucket name: it ${reason}`]);
  });

  test('valid names with dots and hyphens pass', async () => {
    expect(await ws.problems(bucket('my.bucket-1'))).toEqual([]);
    expect(await ws.problems(bucket('192.168.5.bucket'))).toEqual([]);
  });

  test('deployment.artifactBucket follows the same rules', async () => {
    expect(await ws.problems('name: app\ndeployment:\n  artifactBucket: my..artifacts\n')).toEqual([
      '3:19: deployment.artifactBucket: "my..artifacts" is not a valid S3 bucket name: it must not contain two adjacent periods',
    ]);
  });
});

describe('images, clusters and s3 filters', () => {
  test('an image with a space is refused', async () => {
    expect(await ws.problems(`${BASE}tasks:\n  worker:\n    image: "busybox latest"\n`)).toEqual([
      '7:12: tasks.worker.image: "busybox latest" must not contain spaces or other whitespace',
    ]);
  });

  test.each([
    ['arn:aws:ecs:us-east-1:123:cluster/shared'],
    ['arn:aws:ecs:us-east-1:123456789012:service/shared'],
    ['shared cluster'],
  ])('cluster.existing %s is refused', async (value) => {
    expect(await ws.problems(`name: app\ncluster:\n  existing: ${JSON.stringify(value)}\n`)).toEqual([
      `3:13: cluster.existing: ${JSON.stringify(value)} must be a cluster name (letters, digits, - and _) or a cluster ARN such as arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster`,
    ]);
  });

  test.each([['shared'], ['arn:aws:ecs:us-east-1:123456789012:cluster/shared'], ['arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/shared_1']])(
    'cluster.existing %s is accepted',
    async (value) => {
      expect(await ws.problems(`name: app\ncluster:\n  existing: ${value}\n`)).toEqual([]);
    },
  );

  test.each([['prefix'], ['suffix']])('a line break in the s3 %s is refused', async (key) => {
    const yaml = `${BASE}buckets:\n  uploads: {}\ntasks:\n  worker:\n    image: busybox\n    triggers:\n      - s3:\n          bucket: uploads\n          ${key}: "in\\ncoming/"\n`;
    expect(await ws.problems(yaml)).toEqual([`13:${13 + key.length}: tasks.worker.triggers.0.s3.${key}: "\\n" may arrive URL-encoded in S3's events, so this filter might never match; use only letters, digits and / . _ - and check the rest of the key in the task`]);
  });
});
