// One logical-ID allocator: names joined without separators that give the same ID are an exit-2
// diagnostic at the second claimant's position naming both config paths, never a crash
// ("internal error") and never a silent merge. The IDs themselves do not change (goldens).
import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { compileProject } from '../../src/compile/index.js';
import { LogicalIds } from '../../src/compile/ids.js';
import { BASE, workspace } from '../config/helpers.js';
import { ROOT } from './helpers.js';

const ws = workspace();
afterAll(() => ws.remove());

async function compileProblems(text: string): Promise<string[]> {
  const loaded = await ws.load(text);
  if (!loaded.ok) throw new Error(`does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return (compileProject(loaded.project).diagnostics ?? []).map((d) => `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`);
}

const clash = (at: string, path: string, id: string, other: string) =>
  `ecs-arch.yml:${at}: error: ${path}: its logical ID ${id} is also generated for ${other} (IDs join names without separators); rename one of them.`;

describe('logical ID clashes (issue 10)', () => {
  test('queues jobs and jobs-dead-letter: the main queue would take over the dead-letter queue of jobs', async () => {
    const text = `name: app
queues:
  jobs: {}
  jobs-dead-letter: {}
`;
    expect(await compileProblems(text)).toEqual([clash('4:3', 'queues.jobs-dead-letter', 'JobsDeadLetterQueue', 'queues.jobs')]);
  });

  test('queue alert and an alerts topic: both want AlertDeadLetterQueue', async () => {
    const text = `${BASE}queues:
  alert: {}
topics:
  ops: {}
tasks:
  t:
    image: i
alerts:
  topic: ops
`;
    // alerts.on is absent: the position is the alerts block, the nearest node written.
    expect(await compileProblems(text)).toEqual([clash('12:1', 'alerts.on', 'AlertDeadLetterQueue', 'queues.alert')]);
  });

  test('queue x-trigger and task x with a schedule: both want XTriggerDeadLetterQueue', async () => {
    const text = `${BASE}queues:
  x-trigger: {}
tasks:
  x:
    image: i
    triggers:
      - schedule: { expression: rate(1 day) }
`;
    expect(await compileProblems(text)).toEqual([clash('10:5', 'tasks.x.triggers', 'XTriggerDeadLetterQueue', 'queues.x-trigger')]);
  });

  test('task a on bucket b-c and task a-b on bucket c: both s3 rules want ABCS3Rule', async () => {
    const text = `${BASE}buckets:
  b-c: {}
  c: {}
tasks:
  a:
    image: i
    triggers:
      - s3: { bucket: b-c }
  a-b:
    image: i
    triggers:
      - s3: { bucket: c }
`;
    expect(await compileProblems(text)).toEqual([clash('16:9', 'tasks.a-b.triggers.0.s3', 'ABCS3Rule', 'tasks.a.triggers.0.s3')]);
  });

  test('task a on queue b-c and task a-b on queue c: both scaling policies want ABCBacklogScaling', async () => {
    const text = `${BASE}queues:
  b-c: {}
  c: {}
tasks:
  a:
    image: i
    triggers:
      - sqs: { queue: b-c }
  a-b:
    image: i
    triggers:
      - sqs: { queue: c }
`;
    expect(await compileProblems(text)).toEqual([clash('16:9', 'tasks.a-b.triggers.0.sqs.scaling', 'ABCBacklogScaling', 'tasks.a.triggers.0.sqs.scaling')]);
  });

  test('the CLI bundle exits 2 with the position and no internal error', () => {
    ws.write(`name: app
queues:
  jobs: {}
  jobs-dead-letter: {}
`);
    let status = 0;
    let stderr = '';
    try {
      execFileSync('node', [`${ROOT}bin/ecs-arch.js`, 'compile', '--region', 'us-east-1'], { cwd: ws.dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      ({ status, stderr } = error as { status: number; stderr: string });
    }
    expect(status).toBe(2);
    expect(stderr).toContain('ecs-arch.yml:4:3');
    expect(stderr).toContain('queues.jobs-dead-letter: its logical ID JobsDeadLetterQueue is also generated for queues.jobs');
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('LogicalIds', () => {
  test('one path may claim an ID again; another path clashes and the first keeps it', () => {
    const ids = new LogicalIds();
    expect(ids.claim('XTriggerDeadLetterQueue', 'tasks.x.triggers')).toBe(true);
    expect(ids.claim('XTriggerDeadLetterQueue', 'tasks.x.triggers')).toBe(true);
    expect(ids.claim('XTriggerDeadLetterQueue', 'queues.x-trigger')).toBe(false);
    expect(ids.clashes).toEqual([{ id: 'XTriggerDeadLetterQueue', first: 'tasks.x.triggers', second: 'queues.x-trigger' }]);
  });
});
