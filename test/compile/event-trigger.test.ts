// The event trigger (EventBridge event pattern → ECS RunTask): the rule on the default or a
// named bus, the pattern, the RunTask target with the event's fields in the container's
// environment, retries, the dead-letter queue, alerts, IDs and its validation.
//
// AWS semantics relied on:
// - A rule without EventBusName is on the account's default bus; EventBusName takes a name or an
//   ARN; an event pattern has at most 4096 characters:
//   https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html
// - InputTransformer: up to 100 InputPathsMap entries, keys [A-Za-z0-9_-]+ not starting with "AWS";
//   a placeholder outside quotes is replaced by the value as JSON, one inside quotes by its text
//   unescaped: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html,
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
// - An ECS target's input is RunTask's overrides (containerOverrides with name and environment):
//   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
// - RetryPolicy: 0–185 attempts, 60–86400 seconds of event age:
//   https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
import { afterAll, describe, expect, test } from '@jest/globals';
import type { EcsArchConfig } from '../../src/config/index.js';
import { compileProject, type Template } from '../../src/compile/index.js';
import { buildGraph, renderMermaid } from '../../src/graph/index.js';
import { BASE, workspace } from '../config/helpers.js';
import { compileConfig, compileExample, projectFrom } from './helpers.js';

const props = (template: Template, id: string) => {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`no resource ${id}; have ${Object.keys(template.Resources).join(', ')}`);
  return resource.Properties as Record<string, any>;
};

const CONFIG: EcsArchConfig = {
  name: 'orders',
  network: { vpc: 'vpc-0123abcd', subnets: ['subnet-0123abcd'] },
  topics: { ops: {} },
  tasks: {
    fulfil: {
      image: 'i',
      triggers: [
        { event: { source: ['com.example.orders', 'com.example.returns'], detail: { status: ['paid'] }, bus: 'orders', environment: { NAME: '$.detail.customer.name' } } },
        { event: { source: 'com.example.billing' } },
      ],
    },
  },
  alerts: { topic: 'ops', on: ['trigger-failed', 'dead-letter'] },
};

/** EventBridge's substitution (see the input transformer links above). */
function transform(event: Record<string, unknown>, paths: Record<string, string>, template: string): unknown {
  const read = (path: string) => path.slice(2).split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], event);
  return JSON.parse(template.replace(/("?)<([\w-]+)>("?)/g, (_, open: string, name: string, close: string) => (open && close ? `"${String(read(paths[name]!))}"` : `${open}${JSON.stringify(read(paths[name]!))}${close}`)));
}

describe('event trigger', () => {
  test('rule on the default bus: pattern, RunTask target, retries and max age, dead-letter queue', async () => {
    const template = await compileExample('event-driven');
    const rule = props(template, 'FulfilEventRule');
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.EventPattern).toEqual({
      source: ['com.example.orders'],
      'detail-type': ['Order Placed'],
      detail: { status: ['paid'], total: [{ numeric: ['>', 100] }] },
    });
    const [target] = rule.Targets;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': ['Cluster', 'Arn'] });
    expect(target.RoleArn).toEqual({ 'Fn::GetAtt': ['FulfilEventsRole', 'Arn'] });
    expect(target.EcsParameters.TaskDefinitionArn).toEqual({ Ref: 'FulfilTaskDefinition' });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 3600 });
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['FulfilTriggerDeadLetterQueue', 'Arn'] } });
    // Only this rule may put undeliverable events into the task's dead-letter queue.
    const statements = props(template, 'FulfilTriggerDeadLetterQueuePolicy').PolicyDocument.Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === 'FulfilEventRule')).toEqual({
      Sid: 'FulfilEventRule',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: { 'Fn::GetAtt': ['FulfilTriggerDeadLetterQueue', 'Arn'] },
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['FulfilEventRule', 'Arn'] } } },
    });
  });

  test("the container gets the event's id, source and detail type and the named fields, escaped", () => {
    const template = compileConfig(CONFIG);
    const { InputPathsMap, InputTemplate } = props(template, 'FulfilEventRule').Targets[0].InputTransformer;
    expect(InputPathsMap).toEqual({
      ECS_ARCH_EVENT_ID: '$.id',
      ECS_ARCH_EVENT_SOURCE: '$.source',
      ECS_ARCH_EVENT_DETAIL_TYPE: '$.detail-type',
      env_NAME: '$.detail.customer.name',
    });
    for (const key of Object.keys(InputPathsMap)) expect(key).toMatch(/^(?!AWS)[A-Za-z0-9_-]+$/);
    const event = { id: 'e-1', source: 'com.example.orders', 'detail-type': 'Order Placed', detail: { customer: { name: 'O"Brien \\ Co' } } };
    expect(transform(event, InputPathsMap, InputTemplate)).toEqual({
      containerOverrides: [
        {
          name: 'fulfil',
          environment: [
            { name: 'ECS_ARCH_TRIGGER', value: 'event' },
            { name: 'ECS_ARCH_EVENT_ID', value: 'e-1' },
            { name: 'ECS_ARCH_EVENT_SOURCE', value: 'com.example.orders' },
            { name: 'ECS_ARCH_EVENT_DETAIL_TYPE', value: 'Order Placed' },
            { name: 'NAME', value: 'O"Brien \\ Co' },
          ],
        },
      ],
    });
  });

  test('a named bus, several sources, any detail type; a second event trigger is numbered; defaults retry for a day', () => {
    const template = compileConfig(CONFIG);
    const first = props(template, 'FulfilEventRule');
    expect(first.EventBusName).toBe('orders');
    expect(first.EventPattern).toEqual({ source: ['com.example.orders', 'com.example.returns'], detail: { status: ['paid'] } });
    const second = props(template, 'FulfilEventRule2');
    expect(second.EventBusName).toBeUndefined();
    expect(second.EventPattern).toEqual({ source: ['com.example.billing'] });
    expect(second.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
    // One role and one dead-letter queue per task, whatever starts it.
    expect(Object.keys(template.Resources).filter((id) => /EventsRole|TriggerDeadLetterQueue$/.test(id))).toEqual(['FulfilTriggerDeadLetterQueue', 'FulfilEventsRole']);
  });

  test('alerts watch each rule (trigger-failed) and the dead-letter queue', () => {
    const template = compileConfig(CONFIG);
    expect(props(template, 'FulfilEventRuleFailedAlarm').Dimensions).toEqual([{ Name: 'RuleName', Value: { Ref: 'FulfilEventRule' } }]);
    expect(props(template, 'FulfilEventRule2FailedAlarm').Dimensions).toEqual([{ Name: 'RuleName', Value: { Ref: 'FulfilEventRule2' } }]);
    expect(props(template, 'FulfilTriggerDeadLetterQueueAlarm').AlarmActions).toEqual([{ Ref: 'OpsTopic' }]);
  });

  test('graph and review.md show the rule and its bus', () => {
    const result = compileProject(projectFrom(CONFIG));
    expect(renderMermaid(buildGraph(result.model))).toContain('event_fulfil_0[/"EventBridge rule<br/>bus orders<br/>com.example.orders, com.example.returns"/]');
  });
});

describe('event trigger validation', () => {
  const ws = workspace();
  afterAll(() => ws.remove());
  const problems = (trigger: string) => ws.problems(`${BASE}tasks:\n  t:\n    image: i\n    triggers:\n      - event: ${trigger}\n`);

  test('reserved names, event age, bus names, JSON paths, a missing source', async () => {
    expect(await problems('{ source: a, environment: { ECS_ARCH_X: $.id } }')).toEqual([
      '9:44: tasks.t.triggers.0.event.environment: ECS_ARCH_X uses the ECS_ARCH_ prefix, which ecs-arch sets itself',
    ]);
    expect(await problems('{ source: a, maxEventAge: 30s }')).toEqual(['9:42: tasks.t.triggers.0.event.maxEventAge: 30s must be from 60s to 24h']);
    expect(await problems('{ source: a, bus: "my bus" }')).toEqual([
      '9:34: tasks.t.triggers.0.event.bus: "my bus" must be an event bus name (letters, digits and / . - _) or an event bus ARN',
    ]);
    expect(await problems('{ source: a, environment: { X: detail.id } }')).toEqual([
      '9:47: tasks.t.triggers.0.event.environment.X: "detail.id" must be a JSON path into the event such as $.detail.orderId',
    ]);
    expect((await problems('{ detailType: x }'))[0]).toMatch(/^9:\d+: tasks\.t\.triggers\.0\.event: .*source/);
  });

  test('a trigger names one kind, and the message lists every kind', async () => {
    expect(await ws.problems(`${BASE}tasks:\n  t:\n    image: i\n    triggers:\n      - {}\n`)).toEqual(['9:9: tasks.t.triggers.0: a trigger needs exactly one of s3, schedule, sqs or event']);
  });
});
