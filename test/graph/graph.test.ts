// The architecture graph of every example, asserted exactly (Mermaid, and DOT for one), and
// label escaping; `ecs-arch graph` through main().
import { describe, expect, test } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph, renderDot, renderMermaid, type Graph } from '../../src/graph/index.js';
import { main } from '../../src/main.js';
import { fakeIo } from '../support/deploy-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function graph(args: string[]) {
  const fake = fakeIo({ env: {}, cwd: ROOT });
  const code = await main(['graph', ...args], fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

const EXPECTED_MERMAID: Record<string, string[]> = {
  'event-driven': [
    'flowchart LR',
    '  event_fulfil_0[/"EventBridge rule<br/>bus default<br/>com.example.orders: Order Placed"/]',
    '  task_fulfil["ECS task<br/>fulfil<br/>256 CPU, 512 MiB"]',
    '  table_shipments[("DynamoDB table<br/>shipments")]',
    '  topic_ops>"SNS topic<br/>ops"]',
    '  alerts{{"alerts<br/>task-failed, trigger-failed, dead-letter"}}',
    '  email_ops_0(["email<br/>ops@example.com"])',
    '  event_fulfil_0 --> task_fulfil',
    '  task_fulfil -->|"write"| table_shipments',
    '  task_fulfil -.-> alerts',
    '  alerts -->|"publish"| topic_ops',
    '  topic_ops --> email_ops_0',
  ],
  'full': [
    'flowchart LR',
    '  bucket_reports[("S3 bucket<br/>reports")]',
    '  bucket_uploads[("S3 bucket<br/>uploads")]',
    '  queue_jobs[["SQS queue<br/>jobs"]]',
    '  schedule_nightly_report_0(["schedule<br/>cron(30 2 * * ? *) Europe/Berlin"])',
    '  task_ingest("ECS service<br/>ingest<br/>256 CPU, 512 MiB, spot, 0-4 tasks")',
    '  task_nightly_report["ECS task<br/>nightly-report<br/>1024 CPU, 2048 MiB"]',
    '  task_thumbnail["ECS task<br/>thumbnail<br/>512 CPU, 1024 MiB"]',
    '  table_results[("DynamoDB table<br/>results")]',
    '  topic_ops_alerts>"SNS topic<br/>ops-alerts"]',
    '  alerts{{"alerts<br/>task-failed, dead-letter, trigger-failed"}}',
    '  email_ops_alerts_0(["email<br/>ops@example.com"])',
    '  queue_jobs -->|"20 messages per task"| task_ingest',
    '  task_ingest -->|"write"| table_results',
    '  task_ingest -->|"publish"| topic_ops_alerts',
    '  schedule_nightly_report_0 --> task_nightly_report',
    '  task_nightly_report -->|"readwrite"| table_results',
    '  task_nightly_report -->|"write"| bucket_reports',
    '  task_nightly_report -->|"read"| bucket_uploads',
    '  bucket_uploads -->|"created incoming/*.jpg"| task_thumbnail',
    '  task_thumbnail -->|"write"| table_results',
    '  task_thumbnail -->|"write"| bucket_uploads',
    '  task_thumbnail -->|"send"| queue_jobs',
    '  task_ingest -.-> alerts',
    '  task_nightly_report -.-> alerts',
    '  task_thumbnail -.-> alerts',
    '  alerts -->|"publish"| topic_ops_alerts',
    '  topic_ops_alerts --> email_ops_alerts_0',
  ],
  's3-to-dynamodb': [
    'flowchart LR',
    '  bucket_uploads[("S3 bucket<br/>uploads")]',
    '  task_ingest_object["ECS task<br/>ingest-object<br/>512 CPU, 1024 MiB"]',
    '  table_results[("DynamoDB table<br/>results")]',
    '  bucket_uploads -->|"created incoming/*.json"| task_ingest_object',
    '  task_ingest_object -->|"write"| table_results',
  ],
  'scheduled-batch': [
    'flowchart LR',
    '  bucket_reports[("S3 bucket<br/>reports")]',
    '  bucket_uploads[("S3 bucket<br/>uploads (acme-raw-uploads)")]',
    '  schedule_nightly_report_0(["schedule<br/>cron(0 2 * * ? *) Europe/Berlin"])',
    '  task_nightly_report["ECS task<br/>nightly-report<br/>1024 CPU, 4096 MiB"]',
    '  table_results[("DynamoDB table<br/>results")]',
    '  schedule_nightly_report_0 --> task_nightly_report',
    '  task_nightly_report -->|"readwrite"| table_results',
    '  task_nightly_report -->|"write"| bucket_reports',
    '  task_nightly_report -->|"read"| bucket_uploads',
  ],
  'from-source': [
    'flowchart LR',
    '  queue_jobs[["SQS queue<br/>jobs"]]',
    '  task_worker("ECS service<br/>worker<br/>256 CPU, 512 MiB, 0-4 tasks")',
    '  queue_jobs -->|"10 messages per task"| task_worker',
  ],
  'sqs-autoscaling': [
    'flowchart LR',
    '  queue_jobs[["SQS queue<br/>jobs"]]',
    '  task_worker("ECS service<br/>worker<br/>256 CPU, 512 MiB, spot, 0-4 tasks")',
    '  table_results[("DynamoDB table<br/>results")]',
    '  queue_jobs -->|"20 messages per task"| task_worker',
    '  task_worker -->|"write"| table_results',
  ],
  'task-alerts': [
    'flowchart LR',
    '  schedule_cleanup_0(["schedule<br/>rate(1 hour)"])',
    '  schedule_housekeeping_0(["schedule<br/>cron(0 0 * * ? *)"])',
    '  task_cleanup["ECS task<br/>cleanup<br/>256 CPU, 512 MiB"]',
    '  task_housekeeping["ECS task<br/>housekeeping<br/>256 CPU, 512 MiB"]',
    '  topic_ops_alerts>"SNS topic<br/>ops-alerts"]',
    '  alerts{{"alerts<br/>task-failed, dead-letter, trigger-failed"}}',
    '  email_ops_alerts_0(["email<br/>ops@example.com"])',
    '  email_ops_alerts_1(["email<br/>oncall@example.com"])',
    '  schedule_cleanup_0 --> task_cleanup',
    '  schedule_housekeeping_0 --> task_housekeeping',
    '  task_cleanup -.-> alerts',
    '  task_housekeeping -.-> alerts',
    '  alerts -->|"publish"| topic_ops_alerts',
    '  topic_ops_alerts --> email_ops_alerts_0',
    '  topic_ops_alerts --> email_ops_alerts_1',
  ],
};

const EXPECTED_DOT_TASK_ALERTS = [
  'digraph "task-alerts-dev" {',
  '  rankdir=LR;',
  '  node [fontname="Helvetica"];',
  '  edge [fontname="Helvetica"];',
  '  schedule_cleanup_0 [label="schedule\\nrate(1 hour)", shape=oval];',
  '  schedule_housekeeping_0 [label="schedule\\ncron(0 0 * * ? *)", shape=oval];',
  '  task_cleanup [label="ECS task\\ncleanup\\n256 CPU, 512 MiB", shape=box];',
  '  task_housekeeping [label="ECS task\\nhousekeeping\\n256 CPU, 512 MiB", shape=box];',
  '  topic_ops_alerts [label="SNS topic\\nops-alerts", shape=cds];',
  '  alerts [label="alerts\\ntask-failed, dead-letter, trigger-failed", shape=hexagon];',
  '  email_ops_alerts_0 [label="email\\nops@example.com", shape=oval];',
  '  email_ops_alerts_1 [label="email\\noncall@example.com", shape=oval];',
  '  schedule_cleanup_0 -> task_cleanup;',
  '  schedule_housekeeping_0 -> task_housekeeping;',
  '  task_cleanup -> alerts [style=dashed];',
  '  task_housekeeping -> alerts [style=dashed];',
  '  alerts -> topic_ops_alerts [label="publish"];',
  '  topic_ops_alerts -> email_ops_alerts_0;',
  '  topic_ops_alerts -> email_ops_alerts_1;',
  '}',
];

describe('ecs-arch graph', () => {
  test('covers every example', () => {
    expect(readdirSync(join(ROOT, 'examples')).sort()).toEqual(Object.keys(EXPECTED_MERMAID).sort());
  });

  for (const [example, lines] of Object.entries(EXPECTED_MERMAID)) {
    test(`Mermaid flowchart of examples/${example}`, async () => {
      expect(await graph(['-c', `examples/${example}/ecs-arch.yml`])).toEqual({ code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' });
    });
  }

  test('--format dot', async () => {
    expect(await graph(['-c', 'examples/task-alerts/ecs-arch.yml', '--format', 'dot'])).toEqual({ code: 0, stdout: `${EXPECTED_DOT_TASK_ALERTS.join('\n')}\n`, stderr: '' });
  });

  test('--json: the text and the graph', async () => {
    const { code, stdout } = await graph(['-c', 'examples/s3-to-dynamodb/ecs-arch.yml', '--json']);
    const parsed = JSON.parse(stdout) as { format: string; graph: string; nodes: unknown[]; edges: unknown[] };
    expect([code, parsed.format, parsed.graph, parsed.nodes.length]).toEqual([0, 'mermaid', `${EXPECTED_MERMAID['s3-to-dynamodb']!.join('\n')}\n`, 3]);
    expect(parsed.edges).toEqual([
      { from: 'bucket_uploads', to: 'task_ingest_object', label: 'created incoming/*.json' },
      { from: 'task_ingest_object', to: 'table_results', label: 'write' },
    ]);
  });

  test('an unknown format is invalid input, with a suggestion', async () => {
    expect(await graph(['-c', 'examples/full/ecs-arch.yml', '--format', 'mermaidjs'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch graph: --format must be mermaid or dot, not "mermaidjs". Did you mean "mermaid"?\n',
    });
  });

  test('an invalid config exits 2', async () => {
    expect((await graph(['-c', 'examples/does-not-exist.yml'])).code).toBe(2);
  });
});

describe('rendering', () => {
  const tricky: Graph = {
    title: 'say "hi"',
    nodes: [
      { id: 'topic_external', kind: 'topic', lines: ['SNS topic', 'arn:aws:sns:us-east-1:123456789012:a"b#c<d>'] },
      { id: 'alerts', kind: 'alerts', lines: ['alerts', 'task-stopped'] },
    ],
    edges: [{ from: 'alerts', to: 'topic_external', label: 'a "b" \\ c' }],
  };

  test('Mermaid labels escape quotes, # and angle brackets as entity codes', () => {
    expect(renderMermaid(tricky)).toBe(
      [
        'flowchart LR',
        '  topic_external>"SNS topic<br/>arn:aws:sns:us-east-1:123456789012:a#quot;b#35;c#lt;d#gt;"]',
        '  alerts{{"alerts<br/>task-stopped"}}',
        '  alerts -->|"a #quot;b#quot; \\ c"| topic_external',
        '',
      ].join('\n'),
    );
  });

  test('DOT labels escape quotes and backslashes', () => {
    expect(renderDot(tricky).split('\n').filter((l) => l.includes('topic_external') || l.startsWith('digraph'))).toEqual([
      'digraph "say \\"hi\\"" {',
      '  topic_external [label="SNS topic\\narn:aws:sns:us-east-1:123456789012:a\\"b#c<d>", shape=cds];',
      '  alerts -> topic_external [label="a \\"b\\" \\\\ c"];',
    ]);
  });

  test('alerts on a topic this stack does not own; a disabled schedule', () => {
    const g = buildGraph({
      name: 'x', stage: 'dev', region: 'us-east-1', stackName: 'x-dev', cluster: { containerInsights: true },
      buckets: [], tables: [], queues: [], topics: [],
      tasks: [{
        name: 'job', path: 'tasks.job', image: { uri: 'i' }, cpu: 256, memory: 512, architecture: 'x86_64', environment: {}, secrets: [], spot: false, logRetentionDays: 30,
        access: { tables: {}, buckets: {}, queues: {}, topics: {} }, service: false,
        triggers: [{ kind: 'schedule', path: 'tasks.job.triggers.0.schedule', expression: 'rate(1 day)', timezone: 'UTC', retries: 3, enabled: false }],
      }],
      alerts: { path: 'alerts', topic: { arn: 'arn:aws:sns:us-east-1:123456789012:ops' }, on: ['task-stopped'], tasks: ['job'] },
      deployment: { tags: {}, terminationProtection: false },
      cloudformation: { resources: {}, outputs: {}, patches: [] },
    });
    expect(renderMermaid(g)).toBe(
      [
        'flowchart LR',
        '  schedule_job_0(["schedule<br/>rate(1 day)"])',
        '  task_job["ECS task<br/>job<br/>256 CPU, 512 MiB"]',
        '  alerts{{"alerts<br/>task-stopped"}}',
        '  topic_external>"SNS topic<br/>arn:aws:sns:us-east-1:123456789012:ops"]',
        '  schedule_job_0 -->|"disabled"| task_job',
        '  task_job -.-> alerts',
        '  alerts -->|"publish"| topic_external',
        '',
      ].join('\n'),
    );
  });
});
