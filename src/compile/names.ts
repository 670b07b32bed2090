// Logical IDs and references for everything the compiler creates, in one place so every
// module names a thing the same way. Scheme: <PascalName><Kind>, e.g. task "thumbnail" →
// ThumbnailTaskDefinition, ThumbnailTaskRole; bucket "uploads" → UploadsBucket.
//
// Triggers: the ID comes from what the trigger points at (its kind's idKey), not its position
// in the list (s3: the bucket, "ThumbnailUploadsS3Rule"; sqs: the queue), so reordering
// triggers does not replace them. Schedules have nothing stable but their position among the task's
// schedules: the first is "<Task>Schedule", later ones "<Task>Schedule2", ... A second s3
// trigger on the same bucket is numbered the same way. The dead-letter queue that rules and
// schedules share is per task ("<Task>TriggerDeadLetterQueue"), so it survives any trigger edit.
import { baseIds, logicalId } from '../cfn/logical-id.js';
import { arn, getAtt, ref, sub, subLiteral, type Value } from '../cfn/intrinsics.js';
import type { Model, ModelBucket, ModelTask, TriggerModel } from '../model/index.js';
import { kindOf } from './triggers/registry.js';

/** The ARN pattern of every task in a cluster, as an Fn::Sub template over ${ClusterName}. */
export const CLUSTER_TASKS_ARN = 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${ClusterName}/*';

/** Tag on each task definition, propagated to its tasks, whose value is the family: IAM conditions can pick a task's own tasks by it. */
export const TASK_TAG = 'ecs-arch:task';

export class Names {
  private readonly tasks: Map<string, string>;
  private readonly buckets: Map<string, string>;
  private readonly tables: Map<string, string>;
  private readonly queues: Map<string, string>;
  private readonly topics: Map<string, string>;
  private readonly bucketModels: Map<string, ModelBucket>;

  constructor(private readonly model: Model) {
    this.tasks = baseIds(model.tasks.map((t) => t.name));
    this.buckets = baseIds(model.buckets.map((b) => b.name));
    this.tables = baseIds(model.tables.map((t) => t.name));
    this.queues = baseIds(model.queues.map((q) => q.name));
    this.topics = baseIds(model.topics.map((t) => t.name));
    this.bucketModels = new Map(model.buckets.map((b) => [b.name, b]));
  }

  task(name: string, kind: string): string {
    return logicalId(this.tasks.get(name)!, kind);
  }

  /** ID of a trigger's main resource (rule, schedule), stable under reordering as described above. */
  trigger(task: ModelTask, trigger: TriggerModel, kind: string): string {
    const key = (t: TriggerModel) => kindOf(t).idKey(this, t);
    const sameTarget = (t: TriggerModel) => t.kind === trigger.kind && key(t).join('/') === key(trigger).join('/');
    const ordinal = task.triggers.filter(sameTarget).indexOf(trigger) + 1;
    return logicalId(this.tasks.get(task.name)!, ...key(trigger), kind, ordinal > 1 ? String(ordinal) : '');
  }

  /** The part of IDs that names a bucket or queue (in trigger IDs: idKey of a trigger kind). */
  bucketBase(name: string): string {
    return this.buckets.get(name)!;
  }
  queueBase(name: string): string {
    return this.queues.get(name)!;
  }

  bucket(name: string, kind = 'Bucket'): string {
    return logicalId(this.buckets.get(name)!, kind);
  }
  table(name: string, kind = 'Table'): string {
    return logicalId(this.tables.get(name)!, kind);
  }
  queue(name: string, kind = 'Queue'): string {
    return logicalId(this.queues.get(name)!, kind);
  }
  topic(name: string, kind = 'Topic'): string {
    return logicalId(this.topics.get(name)!, kind);
  }

  // ---- references -------------------------------------------------------------------

  bucketModel(name: string): ModelBucket | undefined {
    return this.bucketModels.get(name);
  }

  bucketName(name: string): Value {
    const existing = this.bucketModels.get(name)?.existing;
    return existing ?? ref(this.bucket(name));
  }
  bucketArn(name: string): Value {
    const existing = this.bucketModels.get(name)?.existing;
    return existing ? sub(`arn:\${AWS::Partition}:s3:::${existing}`) : getAtt(this.bucket(name), 'Arn');
  }
  /** arn:…:s3:::bucket/<keys>, keys an IAM pattern ("*": every object). */
  bucketObjectsArn(name: string, keys = '*'): Value {
    const existing = this.bucketModels.get(name)?.existing;
    const pattern = subLiteral(keys);
    return existing ? sub(`arn:\${AWS::Partition}:s3:::${existing}/${pattern}`) : sub(`\${${this.bucket(name)}.Arn}/${pattern}`);
  }
  tableArn(name: string): Value {
    return getAtt(this.table(name), 'Arn');
  }
  queueArn(name: string): Value {
    return getAtt(this.queue(name), 'Arn');
  }
  queueUrl(name: string): Value {
    return ref(this.queue(name));
  }
  queueName(name: string): Value {
    return getAtt(this.queue(name), 'QueueName');
  }
  /** A declared topic's ARN (Ref of an AWS::SNS::Topic is its ARN); an ARN given as alerts.topic is used as is by compile/alerts.ts. */
  topicArn(name: string): Value {
    return ref(this.topic(name));
  }

  readonly topicKey = 'TopicKey';
  readonly cluster = 'Cluster';
  readonly securityGroup = 'TaskSecurityGroup';
  readonly scheduleGroup = 'ScheduleGroup';

  /** The cluster's name (for metric dimensions and the auto scaling resource ID). */
  clusterName(): Value {
    const existing = this.model.cluster.existing;
    if (!existing) return ref(this.cluster);
    return existing.startsWith('arn:') ? existing.slice(existing.indexOf(':cluster/') + ':cluster/'.length) : existing;
  }
  clusterArn(): Value {
    const existing = this.model.cluster.existing;
    if (!existing) return getAtt(this.cluster, 'Arn');
    return existing.startsWith('arn:') ? existing : arn('ecs', `cluster/${existing}`);
  }

  /** Task definition family: fixed, so roles can be scoped to it before it exists. */
  family(task: string): string {
    return `${this.model.stackName}-${task}`;
  }
  /** Every task in this stack's cluster (RunTask tags them; the runtime protects them from scale-in). */
  clusterTasksArn(): Value {
    return sub(CLUSTER_TASKS_ARN, { ClusterName: this.clusterName() });
  }

  familyArnPattern(task: string): Value {
    return arn('ecs', `task-definition/${this.family(task)}:*`);
  }
}
