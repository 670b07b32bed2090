// The ECS_ARCH_* contract joined end to end: for every example and fixture, each way the
// compiled stack starts a container (an S3 rule per event kind, a schedule, an SQS service)
// gives an environment (task definition plus RunTask overrides, with EventBridge's input
// transformation applied to a real event) that the workers' runtime readers accept. A rule or
// schedule that starts a state machine (a task with timeout or retry) is followed through it:
// test/support/states-sim.ts runs the compiled definition on the target's input, and the
// RunTask it makes (task definition, overrides in Step Functions' PascalCase) is the start.
import { describe, expect, test } from '@jest/globals';
import type { Template } from '../../src/compile/index.js';
import { compileModel } from '../../src/compile/index.js';
import { buildModel, type Model, type ModelTask, type TriggerModel } from '../../src/model/index.js';
import {
  bucketName,
  queueUrl,
  readEventTrigger,
  readQueueTrigger,
  readS3Trigger,
  readScheduleTrigger,
  tableName,
  topicArn,
  type Env,
} from '../../workers/runtime/contract.js';
import { TRIGGER_VARIABLES } from '../../workers/runtime/env-contract.js';
import { jsonPath, transform } from '../support/input-transform.js';
import { simulate } from '../support/states-sim.js';
import { EXAMPLES, FIXTURES, fixtureConfig, loadExample, projectFrom } from './helpers.js';

// Events as S3 sends them to EventBridge (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html):
// "Object Deleted" carries no size or etag. Keys arrive URL-encoded with spaces as "+".
const S3_EVENTS: Record<string, Record<string, unknown>> = {
  'Object Created': {
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    detail: {
      version: '0',
      bucket: { name: 'sample-bucket' },
      object: { key: 'in/my+photo+%281%29.csv', size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '617f08299329d189' },
      reason: 'PutObject',
    },
  },
  'Object Deleted': {
    id: '2ee9cc15-d022-99ea-1fb8-1b1bac4850f9',
    'detail-type': 'Object Deleted',
    source: 'aws.s3',
    detail: {
      version: '0',
      bucket: { name: 'sample-bucket' },
      object: { key: 'in/my+photo+%281%29.csv', sequencer: '617f0836b29b15a3' },
      reason: 'DeleteObject',
      'deletion-type': 'Permanently Deleted',
    },
  },
};

// A custom event as EventBridge delivers it (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html);
// the customer's name holds a quote, which only an unquoted placeholder keeps valid JSON.
const CUSTOM_EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Order Placed',
  source: 'com.example.orders',
  account: '111122223333',
  time: '2026-12-01T12:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { orderId: 'o-1001', status: 'paid', total: 250, customer: { id: 'c-7', name: 'O"Brien' } },
};

/** A template value as the container would see it: intrinsics stand for whatever they resolve to. */
const resolved = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

interface Start {
  kind: TriggerModel['kind'];
  task: ModelTask;
  env: Env;
  /** For s3 starts: the event that started the task. */
  detailType?: string;
}

type Overrides = { containerOverrides: { name: string; environment: { name: string; value: string }[] }[] };
type StateMachineOverrides = { ContainerOverrides: { Name: string; Environment: { Name: string; Value: string }[] }[] };

/** Every way the template starts a container, with the environment the container gets. */
function starts(model: Model, template: Template): Start[] {
  const resources = template.Resources;
  const taskOf = (taskDefinition: unknown): { task: ModelTask; env: Env } => {
    const id = (taskDefinition as { Ref: string }).Ref;
    const container = (resources[id]!.Properties as { ContainerDefinitions: { Name: string; Environment?: { Name: string; Value: unknown }[] }[] }).ContainerDefinitions[0]!;
    const task = model.tasks.find((t) => t.name === container.Name)!;
    return { task, env: Object.fromEntries((container.Environment ?? []).map((e) => [e.Name, resolved(e.Value)])) };
  };
  /**
   * What a rule or schedule target starts with `input` (its Input, or its input transformer's
   * output): RunTask directly (EcsParameters), or the task's state machine, whose RunTask the
   * simulator reads off the definition run on that input.
   */
  const started = (target: Record<string, any>, input: string): { task: ModelTask; env: Env } => {
    if (target.EcsParameters) {
      const { task, env } = taskOf(target.EcsParameters.TaskDefinitionArn);
      const overrides = (JSON.parse(input) as Overrides).containerOverrides;
      expect(overrides.map((o) => o.name)).toEqual([task.name]);
      return { task, env: { ...env, ...Object.fromEntries(overrides[0]!.environment.map((e) => [e.name, e.value])) } };
    }
    const machine = resources[(target.Arn as { Ref: string }).Ref]!;
    expect(machine.Type).toBe('AWS::StepFunctions::StateMachine');
    const { Definition, DefinitionSubstitutions } = machine.Properties as { Definition: Record<string, unknown>; DefinitionSubstitutions: Record<string, unknown> };
    const { runs } = simulate(Definition, JSON.parse(input), () => ({ exit: 0 }));
    const parameters = runs[0]!.parameters as { TaskDefinition: string; Overrides: StateMachineOverrides };
    const { task, env } = taskOf(DefinitionSubstitutions[/^\$\{(\w+)\}$/.exec(parameters.TaskDefinition)![1]!]);
    const overrides = parameters.Overrides.ContainerOverrides;
    expect(overrides.map((o) => o.Name)).toEqual([task.name]);
    return { task, env: { ...env, ...Object.fromEntries(overrides[0]!.Environment.map((e) => [e.Name, e.Value])) } };
  };
  const startsTask = (target: Record<string, any> | undefined) =>
    Boolean(target?.EcsParameters) || resources[(target?.Arn as { Ref?: string } | undefined)?.Ref ?? '']?.Type === 'AWS::StepFunctions::StateMachine';
  const out: Start[] = [];
  for (const resource of Object.values(resources)) {
    const p = resource.Properties as Record<string, any>;
    if (resource.Type === 'AWS::Events::Rule' && p.EventPattern?.source?.[0] === 'aws.s3') {
      for (const target of p.Targets) {
        const detailType = p.EventPattern['detail-type'][0] as string;
        const { InputPathsMap, InputTemplate } = target.InputTransformer;
        out.push({ kind: 's3', detailType, ...started(target, transform(S3_EVENTS[detailType], InputPathsMap, InputTemplate)) });
      }
    } else if (resource.Type === 'AWS::Events::Rule' && startsTask(p.Targets[0])) {
      const [target] = p.Targets;
      const { InputPathsMap, InputTemplate } = target.InputTransformer;
      out.push({ kind: 'event', ...started(target, transform(CUSTOM_EVENT, InputPathsMap, InputTemplate)) });
    } else if (resource.Type === 'AWS::Scheduler::Schedule') {
      out.push({ kind: 'schedule', ...started(p.Target, p.Target.Input) });
    } else if (resource.Type === 'AWS::ECS::Service') {
      const { task, env } = taskOf(p.TaskDefinition);
      out.push({ kind: 'sqs', task, env });
    }
  }
  return out;
}

/** What the runtime reads for each trigger kind; a new kind fails typecheck here until it has a reader. */
const READERS: Record<TriggerModel['kind'], (start: Start, model: Model) => void> = {
  s3: ({ env, detailType, task }) => {
    const trigger = readS3Trigger(env);
    const event = S3_EVENTS[detailType!] as { id: string; detail: { object: { size?: number; etag?: string } } };
    expect(trigger).toEqual({
      event: detailType === 'Object Created' ? 'created' : 'deleted',
      bucket: 'sample-bucket',
      key: 'in/my photo (1).csv',
      eventId: event.id,
      ...(detailType === 'Object Created' ? { size: event.detail.object.size, etag: event.detail.object.etag } : {}),
    });
    for (const t of task.triggers) if (t.kind === 's3') expect(bucketName(t.bucket, env)).toBeTruthy();
  },
  schedule: ({ env }) => readScheduleTrigger(env),
  event: ({ env, task }) => {
    expect(readEventTrigger(env)).toEqual({ eventId: CUSTOM_EVENT.id, source: CUSTOM_EVENT.source, detailType: CUSTOM_EVENT['detail-type'] });
    // The fields the trigger names arrive as the user's own variables.
    for (const t of task.triggers) {
      if (t.kind === 'event') for (const [name, path] of Object.entries(t.environment)) expect([name, env[name]]).toEqual([name, jsonPath(CUSTOM_EVENT, path)]);
    }
  },
  sqs: ({ env, task }, model) => {
    const [trigger] = task.triggers.filter((t) => t.kind === 'sqs');
    const queue = model.queues.find((q) => q.name === trigger!.queue);
    expect(readQueueTrigger(env)).toEqual({ queueUrl: queueUrl(trigger!.queue, env), visibilityTimeoutSeconds: queue!.visibilityTimeoutSeconds });
  },
};

async function models(): Promise<[string, Model][]> {
  const examples = await Promise.all(EXAMPLES.map(async (name) => [`examples/${name}`, buildModel(await loadExample(name))] as [string, Model]));
  return [...examples, ...FIXTURES.map((name) => [`fixtures/${name}`, buildModel(projectFrom(fixtureConfig(name)))] as [string, Model])];
}

describe('the ECS_ARCH_* contract joins the compiler to the runtime', () => {
  test('every start of every task in every example and fixture gives an environment its readers accept', async () => {
    const seen = new Set<string>();
    const throughStateMachine = new Set<string>();
    for (const [name, model] of await models()) {
      const all = starts(model, compileModel(model).template);
      for (const task of model.tasks) {
        // Every trigger of the task has its start (an s3 trigger one per event kind).
        const expected = task.triggers.flatMap((t) => (t.kind === 's3' ? t.events.map((e) => `s3:${e}`) : t.kind === 'sqs' ? [] : [t.kind]));
        if (task.triggers.some((t) => t.kind === 'sqs')) expected.push('sqs');
        const found = all.filter((s) => s.task === task).map((s) => (s.kind === 's3' ? `s3:${s.detailType === 'Object Created' ? 'created' : 'deleted'}` : s.kind));
        expect([name, task.name, found.sort()]).toEqual([name, task.name, expected.sort()]);
      }
      for (const start of all) {
        const { env, task } = start;
        expect([name, task.name, env[TRIGGER_VARIABLES.trigger.name]]).toEqual([name, task.name, start.kind]);
        READERS[start.kind](start, model);
        for (const bucket of Object.keys(task.access.buckets)) expect(bucketName(bucket, env)).toBeTruthy();
        for (const table of Object.keys(task.access.tables)) expect(tableName(table, env)).toBeTruthy();
        for (const queue of Object.keys(task.access.queues)) expect(queueUrl(queue, env)).toBeTruthy();
        for (const topic of Object.keys(task.access.topics)) expect(topicArn(topic, env)).toBeTruthy();
        seen.add(start.kind === 's3' ? `s3:${start.detailType}` : start.kind);
        if (task.run) throughStateMachine.add(start.kind);
      }
    }
    // The examples and fixtures exercise every kind and both object events, and each kind that
    // can start a state machine does so somewhere (jobs.yml).
    expect([...seen].sort()).toEqual(['event', 's3:Object Created', 's3:Object Deleted', 'schedule', 'sqs']);
    expect([...throughStateMachine].sort()).toEqual(['event', 's3', 'schedule']);
  });
});
