// A deterministic, minute-by-minute simulator of what CloudWatch, Application Auto Scaling and
// ECS do with a compiled template's queue scaling. It reads the template JSON the way AWS does
// (alarms, metric math, scaling policies, the scalable target) and shares no code with the
// compiler. The AWS behaviours it encodes, and where each comes from, are listed in
// scaling-sim.md next to this file, with every simplification it makes.

type Json = Record<string, any>;

// ---------------------------------------------------------------- metric math

type Value = number | undefined;
type Node =
  | { kind: 'num'; value: number }
  | { kind: 'id'; name: string }
  | { kind: 'unary'; op: '-' | 'NOT'; arg: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

const TOKEN = /\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|!=|[-+*/(),<>])/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`metric math: cannot read "${text.slice(TOKEN.lastIndex)}"`);
    tokens.push(match[1]!);
  }
  return tokens;
}

/** Parses the subset of CloudWatch metric math the simulator understands; anything else throws. */
export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const token = tokens[i++];
    if (expected !== undefined && token !== expected) throw new Error(`metric math: expected ${expected} in "${text}"`);
    return token!;
  };
  const binaryLevel = (ops: string[], next: () => Node) => (): Node => {
    let left = next();
    while (peek() !== undefined && ops.includes(peek()!)) {
      const op = take();
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  };
  const primary = (): Node => {
    const token = take();
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (token === '-') return { kind: 'unary', op: '-', arg: primary() };
    if (token === 'NOT') return { kind: 'unary', op: 'NOT', arg: primary() };
    if (/^\d/.test(token)) return { kind: 'num', value: Number(token) };
    if (peek() === '(') {
      take('(');
      const args: Node[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') take(',');
      }
      take(')');
      return { kind: 'call', name: token.toUpperCase(), args };
    }
    return { kind: 'id', name: token };
  };
  const mul = binaryLevel(['*', '/'], primary);
  const add = binaryLevel(['+', '-'], mul);
  const cmp = binaryLevel(['>', '<', '>=', '<=', '==', '!='], add);
  const and = binaryLevel(['AND'], cmp);
  const or = binaryLevel(['OR'], and);
  const node = or();
  if (i !== tokens.length) throw new Error(`metric math: unexpected "${tokens[i]}" in "${text}"`);
  return node;
}

/**
 * One timestamp of an expression. Missing values: FILL replaces them; comparisons and
 * AND/OR read them as 0; arithmetic with a missing operand, and division by 0, give no value.
 */
export function evaluate(node: Node, values: (id: string) => Value): Value {
  const zero = (v: Value) => v ?? 0;
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'id':
      return values(node.name);
    case 'unary': {
      const v = evaluate(node.arg, values);
      return node.op === '-' ? (v === undefined ? undefined : -v) : zero(v) === 0 ? 1 : 0;
    }
    case 'call': {
      if (node.name === 'FILL') {
        const fill = node.args[1]!;
        if (fill.kind !== 'num') throw new Error('metric math: the simulator only knows FILL(x, number)');
        return evaluate(node.args[0]!, values) ?? fill.value;
      }
      if (node.name === 'IF') {
        const condition = zero(evaluate(node.args[0]!, values));
        return condition !== 0 ? evaluate(node.args[1]!, values) : node.args[2] ? evaluate(node.args[2], values) : undefined;
      }
      throw new Error(`metric math: the simulator does not know ${node.name}()`);
    }
    case 'binary': {
      const left = evaluate(node.left, values);
      const right = evaluate(node.right, values);
      const l = zero(left);
      const r = zero(right);
      switch (node.op) {
        case 'AND': return l !== 0 && r !== 0 ? 1 : 0;
        case 'OR': return l !== 0 || r !== 0 ? 1 : 0;
        case '>': return l > r ? 1 : 0;
        case '<': return l < r ? 1 : 0;
        case '>=': return l >= r ? 1 : 0;
        case '<=': return l <= r ? 1 : 0;
        case '==': return l === r ? 1 : 0;
        case '!=': return l !== r ? 1 : 0;
      }
      if (left === undefined || right === undefined) return undefined;
      switch (node.op) {
        case '+': return left + right;
        case '-': return left - right;
        case '*': return left * right;
        case '/': return right === 0 ? undefined : left / right;
      }
      throw new Error(`metric math: unknown operator ${node.op}`);
    }
  }
}

// ---------------------------------------------------------------- the world

export interface World {
  /** How many minutes to simulate. */
  minutes: number;
  /** Messages that arrive during a minute, spread evenly over it. */
  arrivals: (minute: number) => number;
  /** How long one message takes. */
  processingSeconds: number;
  /** Messages one task works on at once (the workers runtime's default is 10). */
  concurrency: number;
  /** From a raised desired count to a task that receives messages. */
  startSeconds: number;
  /** A message a stopped task held becomes visible again after this long. */
  visibilityTimeoutSeconds?: number;
  /** Tasks that hold messages are protected from scale-in (the workers runtime does this). */
  taskProtection?: boolean;
  /** Container Insights' RunningTaskCount: published this many minutes late, or not at all for some minutes. */
  runningTaskCount?: { lateMinutes?: number; missing?: (minute: number) => boolean };
  /** The desired count when the simulation starts (default: the scalable target's minimum). */
  initialCapacity?: number;
}

export interface Minute {
  minute: number;
  desired: number;
  running: number;
  /** Tasks that hold at least one message. */
  busy: number;
  visible: number;
  inFlight: number;
  actions: string[];
}

export interface Simulation {
  min: number;
  max: number;
  timeline: Minute[];
  /** Scaling activities that changed the desired count. */
  activities: { minute: number; policy: string; from: number; to: number }[];
  /** Messages a task was working on when ECS stopped it for scale-in. */
  interrupted: number;
  processed: number;
}

interface Task {
  readyAt: number;
  slots: number[];
}

interface MetricRef {
  series: 'visible' | 'inFlight' | 'running';
  stat: 'Maximum' | 'Minimum' | 'Average' | 'Sum';
}

interface Query {
  /** The expression whose value the alarm or policy reads, with the metrics it names. */
  node: Node;
  metrics: Map<string, MetricRef>;
}

interface Alarm {
  id: string;
  query: Query;
  comparison: string;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: string;
  policies: string[];
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
}

const TICK = 5;
const TICKS = 60 / TICK;
// Application Auto Scaling's own alarms for a target tracking policy on a one-minute metric.
const TT_HIGH_POINTS = 3;
const TT_LOW_POINTS = 15;
const TT_LOW_FACTOR = 0.9;
// How many datapoints before the evaluation periods CloudWatch still looks at for a late metric.
const EVALUATION_RANGE_EXTRA = 3;

const SERIES: Record<string, MetricRef['series']> = {
  'AWS/SQS ApproximateNumberOfMessagesVisible': 'visible',
  'AWS/SQS ApproximateNumberOfMessagesNotVisible': 'inFlight',
  'ECS/ContainerInsights RunningTaskCount': 'running',
};

function metricRef(stat: Json): MetricRef {
  const series = SERIES[`${stat.Metric.Namespace} ${stat.Metric.MetricName}`];
  if (!series) throw new Error(`the simulator does not know the metric ${stat.Metric.Namespace} ${stat.Metric.MetricName}`);
  if (stat.Period !== undefined && stat.Period !== 60) throw new Error('the simulator only knows one-minute periods');
  return { series, stat: stat.Stat };
}

/** An alarm's or a policy's metrics: one MetricStat, or metric math with exactly one ReturnData. */
function readQuery(spec: Json): Query {
  if (spec.Metrics) {
    const metrics = new Map<string, MetricRef>();
    const expressions = new Map<string, Node>();
    for (const m of spec.Metrics as Json[]) {
      if (m.MetricStat) metrics.set(m.Id, metricRef(m.MetricStat));
      else expressions.set(m.Id, parseExpression(m.Expression));
    }
    const returned = (spec.Metrics as Json[]).filter((m) => m.ReturnData !== false);
    if (returned.length !== 1) throw new Error('an alarm needs exactly one ReturnData: true');
    const resolve = (node: Node): Node => {
      if (node.kind === 'id' && expressions.has(node.name)) return resolve(expressions.get(node.name)!);
      if (node.kind === 'unary') return { ...node, arg: resolve(node.arg) };
      if (node.kind === 'binary') return { ...node, left: resolve(node.left), right: resolve(node.right) };
      if (node.kind === 'call') return { ...node, args: node.args.map(resolve) };
      return node;
    };
    return { node: resolve({ kind: 'id', name: returned[0]!.Id }), metrics };
  }
  const stat = { Metric: { Namespace: spec.Namespace, MetricName: spec.MetricName }, Stat: spec.Statistic, Period: spec.Period };
  return { node: { kind: 'id', name: 'm' }, metrics: new Map([['m', metricRef(stat)]]) };
}

const refTo = (value: unknown): string | undefined => (value && typeof value === 'object' && 'Ref' in value ? String((value as Json).Ref) : undefined);

function breaches(comparison: string, value: number, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanThreshold': return value > threshold;
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
  }
  throw new Error(`the simulator does not know ${comparison}`);
}

/** The ECS services with a scalable target in a template, by the service's logical ID. */
export function scaledServices(template: Json): string[] {
  return Object.values(template.Resources as Record<string, Json>)
    .filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')
    .map((r) => String((JSON.stringify(r.Properties.ResourceId).match(/\$\{(\w+)\.Name\}/) ?? [])[1]));
}

/** Runs one service of a compiled template through a scripted world. */
export function simulate(template: Json, service: string, world: World): Simulation {
  const resources = template.Resources as Record<string, Json>;
  const [targetId, target] = Object.entries(resources).find(
    ([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' && JSON.stringify(r.Properties.ResourceId).includes(`\${${service}.Name}`),
  )!;
  const min: number = target.Properties.MinCapacity;
  const max: number = target.Properties.MaxCapacity;
  const policies = Object.entries(resources).filter(
    ([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy' && refTo(r.Properties.ScalingTargetId) === targetId,
  );
  const policyIds = new Set(policies.map(([id]) => id));
  const alarms: Alarm[] = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && (r.Properties.AlarmActions ?? []).some((a: unknown) => policyIds.has(refTo(a) ?? '')))
    .map(([id, r]) => ({
      id,
      query: readQuery(r.Properties),
      comparison: r.Properties.ComparisonOperator,
      threshold: r.Properties.Threshold,
      evaluationPeriods: r.Properties.EvaluationPeriods,
      datapointsToAlarm: r.Properties.DatapointsToAlarm ?? r.Properties.EvaluationPeriods,
      treatMissingData: r.Properties.TreatMissingData ?? 'missing',
      policies: (r.Properties.AlarmActions as unknown[]).map(refTo).filter((p): p is string => !!p && policyIds.has(p)),
      state: 'INSUFFICIENT_DATA',
    }));
  if (alarms.some((a) => (a.query.metrics.size === 0))) throw new Error('an alarm without metrics');
  // Target tracking: Application Auto Scaling creates a high and a low alarm on the policy's metric.
  const tracking = policies
    .filter(([, r]) => r.Properties.PolicyType === 'TargetTrackingScaling')
    .map(([id, r]) => {
      const config = r.Properties.TargetTrackingScalingPolicyConfiguration;
      const query = readQuery(config.CustomizedMetricSpecification);
      const target: number = config.TargetValue;
      const alarm = (suffix: string, comparison: string, threshold: number, points: number): Alarm => ({
        id: `${id}${suffix}`, query, comparison, threshold, evaluationPeriods: points, datapointsToAlarm: points, treatMissingData: 'missing', policies: [id], state: 'INSUFFICIENT_DATA',
      });
      return {
        id,
        target,
        disableScaleIn: config.DisableScaleIn === true,
        scaleOutCooldown: config.ScaleOutCooldown ?? 300,
        scaleInCooldown: config.ScaleInCooldown ?? 300,
        high: alarm('AlarmHigh', 'GreaterThanThreshold', target, TT_HIGH_POINTS),
        low: alarm('AlarmLow', 'LessThanThreshold', target * TT_LOW_FACTOR, TT_LOW_POINTS),
      };
    });

  // World state.
  const visibilityTimeout = world.visibilityTimeoutSeconds ?? 300;
  let visible = 0;
  const returning: { at: number; count: number }[] = [];
  let desired = Math.min(max, Math.max(min, world.initialCapacity ?? min));
  // The service already runs its initial tasks when the simulation starts.
  let tasks: Task[] = Array.from({ length: desired }, () => ({ readyAt: 0, slots: [] }));
  let interrupted = 0;
  let processed = 0;
  // Published datapoints: series → minute → value, and when each becomes readable.
  const published: Record<MetricRef['series'], Map<number, { at: number; samples: number[] }>> = { visible: new Map(), inFlight: new Map(), running: new Map() };
  const timeline: Minute[] = [];
  const activities: Simulation['activities'] = [];
  // Cooldowns per policy: when the last scale-out / scale-in started, and the capacity before the scale-out.
  const cooldown = new Map<string, { outAt?: number; outBase?: number; inAt?: number }>();

  const orphaned = () => returning.reduce((n, r) => n + r.count, 0);
  const held = () => tasks.reduce((n, t) => n + t.slots.length, 0);

  const reconcile = (now: number) => {
    while (tasks.length < desired) tasks.push({ readyAt: now + world.startSeconds, slots: [] });
    if (tasks.length <= desired) return;
    // ECS picks which tasks to stop without knowing what they work on: assume the worst,
    // busy tasks first, but never a protected one.
    const order = [...tasks].sort((a, b) => b.slots.length - a.slots.length);
    let excess = tasks.length - desired;
    const stopping = new Set<Task>();
    for (const task of order) {
      if (excess === 0) break;
      if (world.taskProtection && task.slots.length > 0) continue;
      stopping.add(task);
      excess--;
    }
    for (const task of stopping) {
      if (task.slots.length) {
        interrupted += task.slots.length;
        returning.push({ at: now + visibilityTimeout, count: task.slots.length });
      }
    }
    tasks = tasks.filter((t) => !stopping.has(t));
  };

  const datapoint = (ref: MetricRef, minute: number, now: number): Value => {
    const point = published[ref.series].get(minute);
    if (!point || point.at > now) return undefined;
    const s = point.samples;
    switch (ref.stat) {
      case 'Maximum': return Math.max(...s);
      case 'Minimum': return Math.min(...s);
      case 'Sum': return s.reduce((a, b) => a + b, 0);
      case 'Average': return s.reduce((a, b) => a + b, 0) / s.length;
    }
  };
  const valueAt = (query: Query, minute: number, now: number): Value =>
    evaluate(query.node, (id) => {
      const ref = query.metrics.get(id);
      if (!ref) throw new Error(`metric math names an unknown id ${id}`);
      return datapoint(ref, minute, now);
    });

  /** One evaluation of an alarm at `now` over the minutes before it; returns the breaching values. */
  const evaluateAlarm = (alarm: Alarm, minute: number, now: number): number[] | undefined => {
    const values: Value[] = [];
    for (let m = minute - alarm.evaluationPeriods; m < minute; m++) values.push(m < 0 ? undefined : valueAt(alarm.query, m, now));
    let present = values.filter((v): v is number => v !== undefined);
    const missing = values.length - present.length;
    if (missing && (alarm.treatMissingData === 'missing' || alarm.treatMissingData === 'ignore')) {
      // CloudWatch retrieves more datapoints than EvaluationPeriods (the evaluation range) and,
      // for these two settings, evaluates the most recent ones it has: a late metric still alarms.
      const range: number[] = [];
      for (let m = minute - 1; m >= Math.max(0, minute - alarm.evaluationPeriods - EVALUATION_RANGE_EXTRA) && range.length < alarm.evaluationPeriods; m--) {
        const v = valueAt(alarm.query, m, now);
        if (v !== undefined) range.push(v);
      }
      present = range;
    }
    const breaching = present.filter((v) => breaches(alarm.comparison, v, alarm.threshold));
    let count = breaching.length;
    if (missing && alarm.treatMissingData === 'breaching') count += missing;
    if (missing && (alarm.treatMissingData === 'missing' || alarm.treatMissingData === 'ignore') && !present.length) {
      if (alarm.treatMissingData === 'missing') alarm.state = 'INSUFFICIENT_DATA';
      return alarm.state === 'ALARM' ? [] : undefined;
    }
    alarm.state = count >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
    return alarm.state === 'ALARM' ? (breaching.length ? breaching : [alarm.threshold]) : undefined;
  };

  const setCapacity = (policy: string, wanted: number, minute: number, now: number, actions: string[]) => {
    const current = desired;
    const next = Math.min(max, Math.max(min, Math.round(wanted)));
    const state = cooldown.get(policy) ?? {};
    if (next > current) {
      desired = next;
      cooldown.set(policy, { ...state, outAt: now, outBase: current, inAt: undefined });
    } else if (next < current) {
      if (state.inAt !== undefined && now < state.inAt + cooldownSeconds(policy, 'in')) return;
      desired = next;
      cooldown.set(policy, { ...state, inAt: now });
    } else return;
    activities.push({ minute, policy, from: current, to: desired });
    actions.push(`${policy}: ${current} → ${desired}`);
  };
  const cooldownSeconds = (policy: string, direction: 'in' | 'out'): number => {
    const tt = tracking.find((t) => t.id === policy);
    if (tt) return direction === 'in' ? tt.scaleInCooldown : tt.scaleOutCooldown;
    return resources[policy]!.Properties.StepScalingPolicyConfiguration.Cooldown ?? 300;
  };

  const stepPolicy = (policy: string, alarm: Alarm, values: number[], minute: number, now: number, actions: string[]) => {
    const config = resources[policy]!.Properties.StepScalingPolicyConfiguration;
    const aggregate = config.MetricAggregationType ?? 'Average';
    const value = aggregate === 'Maximum' ? Math.max(...values) : aggregate === 'Minimum' ? Math.min(...values) : values.reduce((a, b) => a + b, 0) / values.length;
    const above = value >= alarm.threshold;
    const difference = value - alarm.threshold;
    const step = (config.StepAdjustments as Json[]).find((s) => {
      const lower = s.MetricIntervalLowerBound ?? -Infinity;
      const upper = s.MetricIntervalUpperBound ?? Infinity;
      // Above the threshold the lower bound is inclusive; below it, the upper bound is.
      return above ? difference >= lower && difference < upper : difference > lower && difference <= upper;
    });
    if (!step) return;
    const adjustment: number = step.ScalingAdjustment;
    switch (config.AdjustmentType) {
      case 'ExactCapacity':
        return setCapacity(policy, adjustment, minute, now, actions);
      case 'ChangeInCapacity': {
        const state = cooldown.get(policy);
        // While a scale-out cooldown runs, what it added counts toward the next scale-out.
        if (adjustment > 0 && state?.outAt !== undefined && now < state.outAt + config.Cooldown) {
          return setCapacity(policy, Math.max(desired, state.outBase! + adjustment), minute, now, actions);
        }
        return setCapacity(policy, desired + adjustment, minute, now, actions);
      }
      default:
        throw new Error(`the simulator does not know ${config.AdjustmentType}`);
    }
  };

  for (let minute = 0; minute < world.minutes; minute++) {
    const samples = { visible: [] as number[], inFlight: [] as number[], running: [] as number[] };
    const arriving = world.arrivals(minute);
    for (let tick = 0; tick < TICKS; tick++) {
      const now = minute * 60 + tick * TICK;
      visible += Math.floor(((tick + 1) * arriving) / TICKS) - Math.floor((tick * arriving) / TICKS);
      for (const r of returning.filter((r) => r.at <= now)) visible += r.count;
      for (let i = returning.length - 1; i >= 0; i--) if (returning[i]!.at <= now) returning.splice(i, 1);
      for (const task of tasks) {
        if (task.readyAt > now) continue;
        task.slots = task.slots.map((s) => s - TICK).filter((s) => {
          if (s <= 0) processed++;
          return s > 0;
        });
        while (task.slots.length < world.concurrency && visible > 0) {
          visible--;
          task.slots.push(world.processingSeconds);
        }
      }
      // A protected task that finished its messages may now be stopped.
      if (tasks.length > desired) reconcile(now);
      samples.visible.push(visible);
      samples.inFlight.push(held() + orphaned());
      samples.running.push(tasks.filter((t) => t.readyAt <= now).length);
    }
    const end = (minute + 1) * 60;
    published.visible.set(minute, { at: end, samples: samples.visible });
    published.inFlight.set(minute, { at: end, samples: samples.inFlight });
    const running = world.runningTaskCount;
    // Container Insights publishes no RunningTaskCount for a service with no task at all.
    if (samples.running.some((n) => n > 0) && !running?.missing?.(minute)) {
      published.running.set(minute, { at: end + (running?.lateMinutes ?? 0) * 60, samples: samples.running });
    }

    // Alarms are evaluated once a minute; Auto Scaling actions repeat every minute in ALARM.
    const actions: string[] = [];
    const evaluation = minute + 1;
    for (const alarm of alarms) {
      const values = evaluateAlarm(alarm, evaluation, end);
      if (values) for (const policy of alarm.policies) stepPolicy(policy, alarm, values, evaluation, end, actions);
    }
    for (const tt of tracking) {
      const high = evaluateAlarm(tt.high, evaluation, end);
      const low = evaluateAlarm(tt.low, evaluation, end);
      // The policy computes from the newest datapoint the metric has (it may be a few minutes late).
      let latest: Value;
      for (let m = minute; latest === undefined && m >= Math.max(0, minute - EVALUATION_RANGE_EXTRA); m--) latest = valueAt(tt.high.query, m, end);
      const state = cooldown.get(tt.id);
      if (high && latest !== undefined && !(state?.outAt !== undefined && end < state.outAt + tt.scaleOutCooldown)) {
        setCapacity(tt.id, Math.ceil((desired * latest) / tt.target), evaluation, end, actions);
      } else if (low && latest !== undefined && !tt.disableScaleIn) {
        setCapacity(tt.id, Math.ceil((desired * latest) / tt.target), evaluation, end, actions);
      }
    }
    reconcile(end);
    timeline.push({
      minute: evaluation,
      desired,
      running: tasks.filter((t) => t.readyAt <= end).length,
      busy: tasks.filter((t) => t.slots.length > 0).length,
      visible,
      inFlight: held() + orphaned(),
      actions,
    });
  }
  return { min, max, timeline, activities, interrupted, processed };
}
