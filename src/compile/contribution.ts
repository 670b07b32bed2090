// What each compile part returns. Parts are pure: they read the model and return resources
// plus requests that only the assembler can fulfil (statements for a role or a resource
// policy that several parts add to, environment variables for a container).
import type { Value } from '../cfn/intrinsics.js';
import type { Group, PolicyStatement } from '../cfn/resources.js';
import type { Model, ModelTask, TriggerModel } from '../model/index.js';
import type { CfnResource, Template } from './types.js';
import type { Names } from './names.js';

export type Output = NonNullable<Template['Outputs']>[string];

/** Something an alarm can watch. */
export type Watchable =
  | { kind: 'dead-letter-queue'; logicalId: string; source: string; group: Group }
  | { kind: 'rule'; logicalId: string; source: string; group: Group }
  | { kind: 'schedule-group'; logicalId: string; source: string };

export interface Contribution {
  resources?: Record<string, CfnResource>;
  outputs?: Record<string, Output>;
  /** Statements for a task's role, by task name. */
  taskRole?: Record<string, PolicyStatement[]>;
  /** Container environment variables, by task name. */
  environment?: Record<string, Record<string, Value>>;
  /** Statements for the resource policy of a queue or topic, by that resource's logical ID. */
  resourcePolicies?: Record<string, { source: string; group: Group; statements: PolicyStatement[] }>;
  watch?: Watchable[];
}

export interface CompileContext {
  model: Model;
  names: Names;
}

/**
 * One trigger kind. `forTrigger` runs once per trigger of this kind on a task; `forStack`
 * runs once, after every task trigger, and sees what they produced (alerts watch the
 * dead-letter queues and rules the others made). Adding a kind is one module and one
 * registry line.
 */
export interface TriggerModule {
  kind: string;
  forTrigger?(ctx: CompileContext, task: ModelTask, trigger: TriggerModel): Contribution;
  forStack?(ctx: CompileContext, produced: readonly Contribution[]): Contribution;
}
