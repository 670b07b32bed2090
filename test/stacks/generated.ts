// Generated ecs-arch configurations of any size: tasks cycle through the three task trigger
// kinds (s3 → run task, schedule, sqs → service) over shared buckets, queues and a table, and
// alerts watch every task for every kind of event, so both directions of cross-stack
// references (tasks → shared resources, the alert rule → task definitions) appear.
import type { EcsArchConfig } from '../../src/config/index.js';

export const generatedTaskName = (i: number): string => `task-${String(i).padStart(4, '0')}`;

type Kind = 's3' | 'schedule' | 'sqs';
type AlertOn = 'task-stopped' | 'task-failed' | 'dead-letter' | 'trigger-failed';

export interface GeneratedOptions {
  deployment?: EcsArchConfig['deployment'];
  /** How many buckets and queues the tasks share (fewer keeps the parent small). Default 5. */
  pools?: number;
  /** Trigger kinds the tasks cycle through. Default all three. */
  kinds?: Kind[];
  /** Default every event but task-stopped. */
  alertOn?: AlertOn[];
}

export function generatedConfig(taskNames: readonly string[], options: GeneratedOptions = {}): EcsArchConfig {
  const { deployment = {}, pools = 5, kinds = ['s3', 'schedule', 'sqs'], alertOn = ['task-failed', 'dead-letter', 'trigger-failed'] } = options;
  const triggers = {
    s3: (i: number) => ({ s3: { bucket: `bucket-${i % pools}`, events: ['created' as const], prefix: `in/${i}/` } }),
    schedule: () => ({ schedule: { expression: 'rate(1 hour)' } }),
    sqs: (i: number) => ({ sqs: { queue: `queue-${i % pools}`, scaling: { min: 0, max: 4 } } }),
  };
  const trigger = (i: number) => triggers[kinds[i % kinds.length]!](i);
  return {
    name: 'scale',
    stage: 'dev',
    region: 'us-east-1',
    network: { vpc: 'vpc-0123456789abcdef0', subnets: ['subnet-0a1b2c3d4e5f60718'] },
    buckets: Object.fromEntries(Array.from({ length: pools }, (_, i) => [`bucket-${i}`, {}])),
    queues: Object.fromEntries(Array.from({ length: pools }, (_, i) => [`queue-${i}`, { visibilityTimeout: '5m' }])),
    tables: { results: { partitionKey: 'pk' } },
    topics: { alerts: {} },
    tasks: Object.fromEntries(
      taskNames.map((name) => {
        // The index in the name, not the position in the list: a task keeps its shape when others are added or removed.
        const i = Number(name.replace(/\D/g, '') || 0);
        return [
          name,
          {
            image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}:1.0.0`,
            access: { tables: { results: 'write' as const } },
            triggers: [trigger(i)],
          },
        ];
      }),
    ),
    alerts: { topic: 'alerts', on: alertOn },
    deployment,
  } as EcsArchConfig;
}
