// A small Amazon States Language interpreter for the state machines compile emits: it reads the
// definition JSON from the template (not the compiler's model), runs it on a virtual clock and
// records each ECS run, each retry wait, each SNS message and the outcome. It knows the subset
// ecs-arch emits (Parallel, Task, Choice with And/IsPresent/NumericEquals/StringEquals, Succeed,
// Fail with ErrorPath/CausePath, Retry, Catch, ResultPath, TimeoutSeconds, Parameters with ".$"
// paths, context paths ($$.Execution.Id) and States.Format) and throws on anything else, so a
// definition that grows past it fails loudly instead of being simulated wrongly.
// Semantics: https://states-language.net/spec.html (Retry: IntervalSeconds, MaxAttempts,
// BackoffRate; Catch: ResultPath; Parallel: a branch's error fails the state; ResultPath null
// keeps the input), https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
// (States.Format; ', {, } and \ escaped in a string), https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
// (CausePath may be an intrinsic) and https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html
// and connect-sns.html (runTask.sync, sns:publish).

/** What one ECS run does: exits with a code, stops before its container ran, is refused by RunTask (failures[]), or never stops. */
export type RunBehaviour = { exit: number } | { stoppedBeforeRunning: string } | { failures: string } | 'hang';

export interface Simulation {
  outcome: 'SUCCEEDED' | 'FAILED' | 'HUNG';
  error?: string;
  cause?: string;
  /** Each RunTask the definition made: its parameters (paths resolved) and when, in virtual seconds. */
  runs: { at: number; parameters: Record<string, unknown> }[];
  /** Retry waits, in order. */
  waits: number[];
  /** What sns:publish states sent, in order. */
  published: { at: number; parameters: Record<string, unknown> }[];
  /** Virtual seconds from start to end. */
  elapsed: number;
}

type Json = Record<string, unknown>;
class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
  }
}
class Hung extends Error {}

/** The execution's ID in the context object ($$.Execution.Id). */
export const EXECUTION_ID = 'arn:aws:states:eu-west-1:123456789012:execution:simulated:run-1';
const CONTEXT = { Execution: { Id: EXECUTION_ID } };

/** "$", "$.a.b", "$.a[0].b" and the context object's "$$.a.b": all the definitions use. */
function readPath(data: unknown, path: string): { present: boolean; value?: unknown } {
  if (path.startsWith('$$.')) return readPath(CONTEXT, path.slice(1));
  if (path === '$') return { present: true, value: data };
  if (!path.startsWith('$.')) throw new Error(`simulator: unsupported path ${path}`);
  let current: unknown = data;
  for (const part of path.slice(2).split('.')) {
    const match = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(part);
    if (!match) throw new Error(`simulator: unsupported path ${path}`);
    if (typeof current !== 'object' || current === null || !(match[1]! in current)) return { present: false };
    current = (current as Json)[match[1]!];
    if (match[2] !== undefined) {
      if (!Array.isArray(current) || current.length <= Number(match[2])) return { present: false };
      current = current[Number(match[2])];
    }
  }
  return { present: true, value: current };
}

function setPath(data: unknown, path: string | null, value: unknown): unknown {
  if (path === null) return data;
  if (path === '$') return value;
  const match = /^\$\.([A-Za-z]+)$/.exec(path);
  if (!match) throw new Error(`simulator: unsupported ResultPath ${path}`);
  return { ...(data as Json), [match[1]!]: value };
}

/** A path's value; a missing one is the run-time error Step Functions raises (not caught by States.ALL). */
function mustRead(data: unknown, path: string): unknown {
  const read = readPath(data, path);
  if (!read.present) throw new StatesError('States.Runtime', `path ${path} not found`);
  return read.value;
}

/** A path, or States.Format('text with {}', path, …): the one intrinsic the definitions use. */
function evaluate(expression: string, data: unknown): unknown {
  if (!expression.startsWith('States.')) return mustRead(data, expression);
  const match = /^States\.Format\('((?:[^'\\]|\\.)*)'((?:, *\$[^,)]*)*)\)$/.exec(expression);
  if (!match) throw new Error(`simulator: unsupported intrinsic ${expression}`);
  const args = match[2]!.split(',').map((a) => a.trim()).filter(Boolean).map((path) => mustRead(data, path));
  const pieces = match[1]!.split(/(\\.|\{\})/);
  let next = 0;
  const text = pieces.map((piece) => (piece === '{}' ? String(args[next++]) : piece.startsWith('\\') ? piece.slice(1) : piece)).join('');
  if (next !== args.length) throw new Error(`simulator: ${expression} has ${next} placeholders for ${args.length} arguments`);
  return text;
}

function resolveParameters(template: unknown, input: unknown): unknown {
  if (Array.isArray(template)) return template.map((item) => resolveParameters(item, input));
  if (typeof template !== 'object' || template === null) return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => (key.endsWith('.$') ? [key.slice(0, -2), evaluate(value as string, input)] : [key, resolveParameters(value, input)])),
  );
}

const KNOWN: Record<string, string[]> = {
  Task: ['Type', 'Resource', 'Parameters', 'TimeoutSeconds', 'ResultPath', 'Retry', 'Catch', 'Next', 'End', 'Comment'],
  Parallel: ['Type', 'Branches', 'Retry', 'Catch', 'Next', 'End', 'Comment'],
  Choice: ['Type', 'Choices', 'Default', 'Comment'],
  Succeed: ['Type', 'Comment'],
  Fail: ['Type', 'Error', 'Cause', 'ErrorPath', 'CausePath', 'Comment'],
};

function choiceMatches(rule: Json, input: unknown): boolean {
  if (Array.isArray(rule.And)) return (rule.And as Json[]).every((r) => choiceMatches(r, input));
  const read = readPath(input, rule.Variable as string);
  if ('IsPresent' in rule) return read.present === rule.IsPresent;
  if ('NumericEquals' in rule) return read.present && read.value === rule.NumericEquals;
  if ('StringEquals' in rule) return read.present && read.value === rule.StringEquals;
  throw new Error(`simulator: unsupported choice rule ${JSON.stringify(rule)}`);
}

const errorMatches = (equals: string[], error: string) => equals.includes(error) || (equals.includes('States.ALL') && error !== 'States.Runtime');

/** Runs `definition` on `input`; `behaviour(n)` says what the n-th ECS run (from 0) does. */
export function simulate(definition: Json, input: unknown, behaviour: (run: number) => RunBehaviour): Simulation {
  const sim: Simulation = { outcome: 'SUCCEEDED', runs: [], waits: [], published: [], elapsed: 0 };
  let clock = 0;

  const runTask = (state: Json, stateInput: unknown): unknown => {
    if (state.Resource === 'arn:aws:states:::sns:publish') {
      sim.published.push({ at: clock, parameters: resolveParameters(state.Parameters, stateInput) as Json });
      return { MessageId: `message-${sim.published.length}` };
    }
    // A publish never fails here, so its Retry and Catch never apply; an ECS run's would.
    if (state.Resource !== 'arn:aws:states:::ecs:runTask.sync') throw new Error(`simulator: unsupported resource ${String(state.Resource)}`);
    if (state.Retry || state.Catch) throw new Error('simulator: Retry and Catch on the ECS task itself are not simulated');
    const parameters = resolveParameters(state.Parameters, stateInput) as Json;
    const run = sim.runs.length;
    sim.runs.push({ at: clock, parameters });
    const what = behaviour(run);
    const timeout = state.TimeoutSeconds as number | undefined;
    // Run length in virtual seconds: a finished run takes 60s.
    if (what === 'hang') {
      if (timeout === undefined) throw new Hung();
      clock += timeout;
      throw new StatesError('States.Timeout', 'Task timed out');
    }
    if ('failures' in what) throw new StatesError('AmazonECS.Unknown', what.failures);
    clock += 60;
    // The .sync output: the stopped task's description, PascalCase; no exit code when the container never ran.
    if ('stoppedBeforeRunning' in what) return { LastStatus: 'STOPPED', StoppedReason: what.stoppedBeforeRunning, Containers: [{ Name: 'task' }] };
    return { LastStatus: 'STOPPED', StoppedReason: 'Essential container in task exited', Containers: [{ Name: 'task', ExitCode: what.exit }] };
  };

  const runStates = (machine: Json, input: unknown): unknown => {
    const states = machine.States as Record<string, Json>;
    let name = machine.StartAt as string;
    let data = input;
    for (;;) {
      const state = states[name];
      if (!state) throw new Error(`simulator: no state ${name}`);
      const allowed = KNOWN[state.Type as string];
      if (!allowed) throw new Error(`simulator: unsupported state type ${String(state.Type)}`);
      const unknown = Object.keys(state).filter((k) => !allowed.includes(k));
      if (unknown.length) throw new Error(`simulator: ${name} has fields it does not know: ${unknown.join(', ')}`);
      let output: unknown;
      switch (state.Type) {
        case 'Succeed':
          return data;
        case 'Fail': {
          const error = state.ErrorPath ? evaluate(state.ErrorPath as string, data) : state.Error;
          const cause = state.CausePath ? evaluate(state.CausePath as string, data) : state.Cause;
          throw new StatesError(String(error), String(cause));
        }
        case 'Choice': {
          const match = (state.Choices as Json[]).find((rule) => choiceMatches(rule, data));
          name = (match?.Next ?? state.Default) as string;
          continue;
        }
        case 'Task': {
          const result = runTask(state, data);
          output = 'ResultPath' in state ? setPath(data, state.ResultPath as string | null, result) : result;
          break;
        }
        case 'Parallel': {
          const retries = (state.Retry ?? []) as Json[];
          const counts = retries.map(() => 0);
          for (;;) {
            try {
              output = (state.Branches as Json[]).map((branch) => runStates(branch, data));
              break;
            } catch (e) {
              if (!(e instanceof StatesError)) throw e;
              const index = retries.findIndex((r) => errorMatches(r.ErrorEquals as string[], e.error));
              const retrier = retries[index];
              if (retrier && counts[index]! < (retrier.MaxAttempts as number)) {
                const wait = (retrier.IntervalSeconds as number) * (retrier.BackoffRate as number) ** counts[index]!;
                counts[index]!++;
                sim.waits.push(wait);
                clock += wait;
                continue;
              }
              const catcher = ((state.Catch ?? []) as Json[]).find((c) => errorMatches(c.ErrorEquals as string[], e.error));
              if (!catcher) throw e;
              output = undefined;
              data = setPath(data, catcher.ResultPath as string, { Error: e.error, Cause: e.cause });
              name = catcher.Next as string;
              break;
            }
          }
          if (output === undefined) continue;
          break;
        }
      }
      data = output;
      if (state.End === true) return data;
      name = state.Next as string;
    }
  };

  try {
    runStates(definition, input);
  } catch (e) {
    if (e instanceof Hung) sim.outcome = 'HUNG';
    else if (e instanceof StatesError) Object.assign(sim, { outcome: 'FAILED', error: e.error, cause: e.cause });
    else throw e;
  }
  sim.elapsed = clock;
  return sim;
}
