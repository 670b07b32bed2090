// What each compile part returns. Parts are pure: they read the model and return resources
// plus requests that only the assembler can fulfil (statements for a role or a resource
// policy that several parts add to, environment variables for a container).
import type { Value } from '../cfn/intrinsics.js';
import type { Group, PolicyStatement } from '../cfn/resources.js';
import type { Trigger } from '../config/index.js';
import type { SourceFile } from '../config/load.js';
import type { Diagnostic } from '../diagnostics.js';
import type { NodeKind } from '../graph/index.js';
import type { Model, ModelTask } from '../model/index.js';
import type { Grant } from './access.js';
import type { CfnResource, Template } from './types.js';
import type { Names } from './names.js';
import type { TriggerKindName, TriggerModelOf } from './triggers/registry.js';

export type Output = NonNullable<Template['Outputs']>[string];

/** Something an alarm can watch. */
export type Watchable =
  | { kind: 'dead-letter-queue'; logicalId: string; source: string; group: Group }
  | { kind: 'rule'; logicalId: string; source: string; group: Group }
  | { kind: 'schedule-group'; logicalId: string; source: string }
  /** A task's state machine (a timeout or retries): task-failed alerts follow its executions. */
  | { kind: 'state-machine'; logicalId: string; source: string; group: Group; task: string };

export interface Contribution {
  resources?: Record<string, CfnResource>;
  outputs?: Record<string, Output>;
  /** Grants for a task's role, by task name. */
  taskRole?: Record<string, Grant[]>;
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

/** What a trigger kind's reference rules see and report to (config/rules.ts runs them). */
export interface TriggerRules {
  source: SourceFile;
  out: Diagnostic[];
  /** An unknown name is reported at `path` with "did you mean" or the declared names. */
  reference(path: string, kind: 'bucket' | 'table' | 'queue' | 'topic' | 'task', name: unknown): void;
  /** The task's triggers as written and this one's index, for rules across a task's triggers. */
  triggers: readonly unknown[];
  index: number;
}

/** The graph's view of a trigger: what its edge into the task starts from, and the label. */
export interface TriggerGraph {
  /** A storage node (bucket, queue), or a node of the trigger's own when `lines` is given. */
  from: { kind: NodeKind; name: string; lines?: string[] };
  label?: string;
}

/**
 * Everything one trigger kind means, in its own module: the model with defaults, the rules the
 * schema cannot say, what its logical IDs are keyed on, its resources and grants, how the
 * graph and review.md show it. The schema fragment stays in the schema file. Adding a kind is
 * its module, its schema fragment and one registry line (triggers/registry.ts).
 */
export interface TriggerKind<K extends TriggerKindName> {
  kind: K;
  /** Starts one task per event through RunTask with a dead-letter queue (what alerts' trigger-failed watches). */
  startsTasks: boolean;
  /** Each start is one run (review.md: "one task per run") or one event ("one task per event"). */
  startsPer: 'run' | 'event';
  /** Present when the trigger makes the task a long-running service: its capacity in the graph and its scaling in review.md. */
  service?(trigger: TriggerModelOf<K>): { capacity: string; scaling: string };
  model(config: NonNullable<Trigger[K]>, path: string): TriggerModelOf<K>;
  check(config: Record<string, unknown>, path: string, rules: TriggerRules): void;
  /**
   * ID parts between the task's and the resource kind's, naming what the trigger points at
   * (s3: the bucket): reordering triggers keeps IDs. Triggers of a task with the same key are
   * numbered by position (names.ts).
   */
  idKey(names: Names, trigger: TriggerModelOf<K>): string[];
  compile(ctx: CompileContext, task: ModelTask, trigger: TriggerModelOf<K>): Contribution;
  graph(task: ModelTask, trigger: TriggerModelOf<K>, index: number): TriggerGraph;
  /** The trigger in review.md's words. */
  describe(trigger: TriggerModelOf<K>): string;
}
