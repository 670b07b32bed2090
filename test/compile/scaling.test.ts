// Queue scaling on AWS semantics: every example and fixture with an sqs trigger, compiled, then
// run through scripted worlds by test/support/scaling-sim.ts, which reads the template JSON the
// way CloudWatch and Application Auto Scaling do. AWS behaviour the expectations rely on:
// - Alarms re-invoke Auto Scaling actions every minute while in ALARM, other actions only on
//   state changes: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html
// - Metric math (FILL, IF, comparisons): https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
// - Step scaling: ExactCapacity / ChangeInCapacity, step bounds relative to the alarm threshold,
//   MetricAggregationType, and cooldowns (scale-out capacity added during the cooldown counts
//   toward the next; scale-in blocked until it ends):
//   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_StepScalingPolicyConfiguration.html,
//   https://docs.aws.amazon.com/autoscaling/application/userguide/step-scaling-policy-overview.html
//   and StepAdjustment bounds: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_StepAdjustment.html
// - Target tracking scales out proportionally and in gradually; a metric with missing data
//   points leaves its alarms in INSUFFICIENT_DATA and the policy does not scale; DisableScaleIn:
//   https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html,
//   https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html,
//   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html
// - min 0 leaves per-task metrics without data points (RegisterScalableTarget MinCapacity):
//   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
// - ECS service metrics are one aggregated datapoint a minute (SampleCount is no task count), so
//   Container Insights' RunningTaskCount is the only running-task metric:
//   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-metrics.html
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { loadProject, type EcsArchConfig } from '../../src/config/index.js';
import { compileProject, type Template } from '../../src/compile/index.js';
import { scaledServices, simulate, type Simulation, type World } from '../support/scaling-sim.js';
import { EXAMPLES, FIXTURES, ROOT, compileConfig, fixtureConfig } from './helpers.js';

interface Case {
  name: string;
  template: Template;
  service: string;
}

const IDLE_MINUTES = 15;

async function load(configPath: string): Promise<Template[]> {
  const result = await loadProject({ configPath, cwd: ROOT, env: {} });
  if (!result.ok) throw new Error(`${configPath} does not load: ${JSON.stringify(result.diagnostics)}`);
  return compileProject(result.project).templates.map((t) => t.template);
}

const SCENARIO_7: EcsArchConfig = {
  name: 'min-two',
  network: { vpc: 'vpc-0123456789abcdef0', subnets: ['subnet-0a1b2c3d4e5f60718'] },
  queues: { work: {} },
  tasks: { worker: { image: 'public.ecr.aws/docker/library/node:20-slim', triggers: [{ sqs: { queue: 'work', scaling: { min: 2, max: 6, backlogPerTask: 5 } } }] } },
};

async function cases(): Promise<Case[]> {
  const sources: [string, Template[]][] = [
    ...(await Promise.all(EXAMPLES.map(async (e) => [`examples/${e}`, await load(join('examples', e, 'ecs-arch.yml'))] as [string, Template[]]))),
    ...FIXTURES.map((f) => [`test/fixtures/compile/${f}`, [compileConfig(fixtureConfig(f))]] as [string, Template[]]),
    ['test/fixtures/lint/ecs-arch.yml', await load('test/fixtures/lint/ecs-arch.yml')],
    ['min 2 (scenario 7)', [compileConfig(SCENARIO_7)]],
  ];
  return sources.flatMap(([name, templates]) => templates.flatMap((template) => scaledServices(template).map((service) => ({ name: `${name} ${service}`, template, service }))));
}

/** backlogPerTask, as AWS reads it: the target tracking policy's TargetValue. */
function backlogPerTask(template: Template): number {
  const policy = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy' && (r.Properties as any).PolicyType === 'TargetTrackingScaling');
  return (policy!.Properties as any).TargetTrackingScalingPolicyConfiguration.TargetValue;
}

const base: Omit<World, 'minutes' | 'arrivals'> = { processingSeconds: 60, concurrency: 1, startSeconds: 60 };
const firstMinute = (sim: Simulation, test: (m: Simulation['timeline'][number]) => boolean) => sim.timeline.find(test)?.minute ?? Infinity;
/** Capacity never went down while a message was in flight, and no task was stopped holding one. */
function expectInFlightWorkKept(sim: Simulation): void {
  expect(sim.interrupted).toBe(0);
  for (const [i, m] of sim.timeline.entries()) {
    if (i > 0 && sim.timeline[i - 1]!.inFlight > 0) expect(m.desired).toBeGreaterThanOrEqual(sim.timeline[i - 1]!.desired);
  }
}

const all = await cases();

test('every example and fixture with an sqs trigger is simulated', () => {
  expect(all.map((c) => c.name)).toEqual([
    'examples/from-source WorkerService',
    'examples/full IngestService',
    'examples/sqs-autoscaling WorkerService',
    'test/fixtures/compile/edge-cases.yml OrdersService',
    'test/fixtures/lint/ecs-arch.yml WorkerService',
    'min 2 (scenario 7) WorkerService',
  ]);
});

describe.each(all)('$name', ({ template, service }) => {
  const T = backlogPerTask(template);
  const run = (world: Partial<World> & Pick<World, 'minutes' | 'arrivals'>) => simulate(template, service, { ...base, ...world });

  test('1. burst: 500 messages into an idle service start a task within 3 minutes and reach the backlog’s capacity within 10', () => {
    // Two minutes a message, so the backlog outlasts the ten minutes.
    const sim = run({ minutes: 30, arrivals: (m) => (m === 0 ? 500 : 0), processingSeconds: 120 });
    const need = Math.min(sim.max, Math.ceil(500 / T));
    expect(firstMinute(sim, (m) => m.running >= 1)).toBeLessThanOrEqual(3);
    expect(firstMinute(sim, (m) => m.desired >= need && m.running >= need)).toBeLessThanOrEqual(10);
    expectInFlightWorkKept(sim);
  });

  test('2. steady load at 70 % of max converges, stays within ±1 task, and scales a bounded number of times', () => {
    const sim = run({ minutes: 180, arrivals: () => Math.ceil(0.7 * simulate(template, service, { ...base, minutes: 0, arrivals: () => 0 }).max) });
    const need = Math.ceil(0.7 * sim.max);
    const settled = sim.timeline.slice(60);
    expect(Math.min(...settled.map((m) => m.desired))).toBeGreaterThanOrEqual(need);
    expect(Math.max(...settled.map((m) => m.desired)) - Math.min(...settled.map((m) => m.desired))).toBeLessThanOrEqual(2);
    expect(sim.activities.filter((a) => a.minute > 60).length).toBe(0);
    expect(sim.activities.length).toBeLessThanOrEqual(10);
    expectInFlightWorkKept(sim);
  });

  test('3. RunningTaskCount late and missing during steady load: capacity never drops below what the backlog needs', () => {
    const max = simulate(template, service, { ...base, minutes: 0, arrivals: () => 0 }).max;
    const need = Math.ceil(0.7 * max);
    const sim = run({ minutes: 150, arrivals: () => need, runningTaskCount: { lateMinutes: 2, missing: (m) => (m >= 60 && m < 75) || m % 7 === 0 } });
    const converged = firstMinute(sim, (m) => m.desired >= need);
    expect(converged).toBeLessThan(60);
    for (const m of sim.timeline.filter((m) => m.minute >= converged)) expect(m.desired).toBeGreaterThanOrEqual(need);
    expectInFlightWorkKept(sim);
  });

  test('4. long jobs: every message in flight, none visible: no task holding one is stopped', () => {
    // Each task works on backlogPerTask messages at once for 40 minutes.
    const sim = run({ minutes: 120, arrivals: (m) => (m === 0 ? T * simulate(template, service, { ...base, minutes: 0, arrivals: () => 0 }).max : 0), processingSeconds: 2400, concurrency: T });
    const allInFlight = sim.timeline.filter((m) => m.visible === 0 && m.inFlight > 0);
    expect(allInFlight.length).toBeGreaterThan(20);
    for (const m of sim.timeline) expect(m.desired).toBeGreaterThanOrEqual(m.busy);
    expectInFlightWorkKept(sim);
  });

  test('5. drain: load stops, the service reaches min after the idle window and stays there', () => {
    const sim = run({ minutes: 120, arrivals: (m) => (m < 40 ? 3 : 0), processingSeconds: 90 });
    const idleFrom = sim.timeline.findIndex((m, i) => sim.timeline.slice(i).every((n) => n.visible === 0 && n.inFlight === 0));
    expect(idleFrom).toBeGreaterThan(0);
    const atMin = firstMinute(sim, (m) => m.minute > sim.timeline[idleFrom]!.minute && m.desired === sim.min);
    expect(atMin - sim.timeline[idleFrom]!.minute).toBeLessThanOrEqual(IDLE_MINUTES + 2);
    expect(sim.timeline.filter((m) => m.minute >= atMin).every((m) => m.desired === sim.min)).toBe(true);
    expectInFlightWorkKept(sim);
  });
});

describe('6. Container Insights off or an existing cluster', () => {
  async function validate(yaml: string) {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-scaling-'));
    writeFileSync(join(dir, 'ecs-arch.yml'), yaml);
    const result = await loadProject({ configPath: 'ecs-arch.yml', cwd: dir, env: { AWS_DEFAULT_REGION: 'us-east-1' } });
    return result.ok ? [] : result.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
  }
  const tasks = `network: { vpc: vpc-0123456789abcdef0, subnets: [subnet-0a1b2c3d4e5f60718] }
queues: { jobs: {} }
tasks:
  worker:
    image: public.ecr.aws/docker/library/node:20-slim
    triggers: [{ sqs: { queue: jobs } }]
region: us-east-1
`;

  test('containerInsights: false is rejected at its value', async () => {
    expect(await validate(`name: app\ncluster:\n  containerInsights: false\n${tasks}`)).toEqual([
      "3:22: cluster.containerInsights: task worker scales on its queue with Container Insights' RunningTaskCount; leave Container Insights on (true, the default)",
    ]);
  });

  test('an existing cluster needs containerInsights: true as confirmation', async () => {
    expect(await validate(`name: app\ncluster:\n  existing: shared\n${tasks}`)).toEqual([
      "3:3: cluster.existing: task worker scales on its queue with Container Insights' RunningTaskCount, which this stack cannot turn on for a cluster it does not own; turn it on for that cluster and confirm with cluster.containerInsights: true",
    ]);
    expect(await validate(`name: app\ncluster:\n  existing: shared\n  containerInsights: true\n${tasks}`)).toEqual([]);
  });

  test('without any RunningTaskCount (simulated), a min 0 service still leaves zero, never saws and returns to zero', async () => {
    const [template] = await load('examples/sqs-autoscaling/ecs-arch.yml');
    const sim = simulate(template!, 'WorkerService', {
      ...base,
      minutes: 120,
      // One task keeps up with this load: without RunningTaskCount nothing would follow a larger one.
      arrivals: (m) => (m < 40 ? 1 : 0),
      runningTaskCount: { missing: () => true },
    });
    expect(firstMinute(sim, (m) => m.running >= 1)).toBeLessThanOrEqual(3);
    // Only the from-zero step and the idle scale-in act: one start, one stop.
    expect(sim.activities.map((a) => [a.from, a.to])).toEqual([[0, 1], [1, 0]]);
    expectInFlightWorkKept(sim);
  });
});

// The same worlds against the policies this project compiled before issue 12 (examples/sqs-autoscaling,
// extracted from its template): the simulator reproduces what the issue found by reading AWS's docs.
describe('the policies before issue 12 fail these scenarios', () => {
  const previous = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/scaling/policies-before-issue-12.json'), 'utf8'));

  test('a late RunningTaskCount makes the from-zero alarm set a busy service to exactly 1 task (ExactCapacity), again and again', () => {
    const sim = simulate(previous, 'WorkerService', { ...base, minutes: 150, arrivals: () => 3, runningTaskCount: { missing: (m) => m >= 60 && m < 75 } });
    const cuts = sim.activities.filter((a) => a.policy === 'WorkerScaleOutFromZeroPolicy' && a.from > 1 && a.to === 1);
    expect(cuts.length).toBeGreaterThan(0);
    expect(sim.interrupted).toBeGreaterThan(0);
  });

  test('long jobs: target tracking reads 0 while every message is in flight and scales in under them', () => {
    const sim = simulate(previous, 'WorkerService', { ...base, minutes: 120, arrivals: (m) => (m === 0 ? 80 : 0), processingSeconds: 2400, concurrency: 20 });
    expect(sim.activities.some((a) => a.policy === 'WorkerJobsBacklogScaling' && a.to < a.from)).toBe(true);
    expect(sim.interrupted).toBeGreaterThan(0);
  });
});
