/* Generated from schema/ecs-arch.schema.json by scripts/generate-types.mjs (npm run generate). Do not edit. */

/**
 * The container image: a URI to pull, or a build from source. A build is made by `ecs-arch deploy` (or `ecs-arch build`) for the task's architecture, pushed to the bootstrap ECR repository, and tagged with a content hash of its inputs, so `compile` needs neither Docker nor AWS.
 */
export type Image =
  | string
  | {
      /**
       * The build context: a directory, relative to the configuration file. Its files, as filtered by its .dockerignore, are part of the image's tag.
       */
      build: string;
      /**
       * The Dockerfile, relative to the build context.
       */
      dockerfile?: string;
      /**
       * The build stage to build (docker build --target).
       */
      target?: string;
      /**
       * Build arguments (docker build --build-arg NAME=VALUE); part of the image's tag.
       */
      args?: {
        [k: string]: string | number | boolean;
      };
    };

/**
 * One file that declares ECS Fargate workloads and their triggers; ecs-arch compiles it to CloudFormation.
 */
export interface EcsArchYml {
  /**
   * Application name; the stack is <name>-<stage>.
   */
  name: string;
  /**
   * Default stage; --stage overrides.
   */
  stage?: string;
  /**
   * The AWS region to deploy to. Precedence: --region, then this field, then AWS_REGION, AWS_DEFAULT_REGION and the profile's region; with none of them a command that needs a region stops with an error (there is no default).
   */
  region?: string;
  /**
   * Per-stage values, used as ${param:NAME}. The default entry applies to every stage; a stage's entry overrides it.
   */
  params?: {
    /**
     * Values for one stage (or default), by param name.
     */
    [k: string]: {
      [k: string]: string | number | boolean;
    };
  };
  /**
   * The ECS cluster. By default one is created.
   */
  cluster?: {
    /**
     * Name or ARN of a cluster this stack does not own.
     */
    existing?: string;
    /**
     * Container Insights on a created cluster; queue scaling needs its RunningTaskCount, so false is an error when a task has an sqs trigger. With `existing`, true confirms that the existing cluster has Container Insights on, which an sqs trigger requires. See docs/scaling.md.
     */
    containerInsights?: boolean;
  };
  /**
   * Where tasks run. Required when any task exists.
   */
  network?: {
    /**
     * VPC id.
     */
    vpc: string;
    /**
     * Subnet ids for the tasks.
     *
     * @minItems 1
     * @maxItems 16
     */
    subnets: string[];
    /**
     * Security group ids. Omitted: one egress-only group is created.
     *
     * @minItems 1
     * @maxItems 5
     */
    securityGroups?: string[];
    /**
     * Give tasks public IPs (needed in public subnets without a NAT gateway).
     */
    assignPublicIp?: boolean;
  };
  /**
   * S3 buckets, by name.
   */
  buckets?: {
    [k: string]: Bucket;
  };
  /**
   * DynamoDB tables, by name.
   */
  tables?: {
    [k: string]: Table;
  };
  /**
   * SQS queues, by name.
   */
  queues?: {
    [k: string]: Queue;
  };
  /**
   * SNS topics, by name.
   */
  topics?: {
    [k: string]: Topic;
  };
  /**
   * Fargate tasks, by name.
   */
  tasks?: {
    [k: string]: Task;
  };
  /**
   * Notify a topic when tasks stop or triggers fail.
   */
  alerts?: {
    /**
     * A topic declared under topics, or an SNS topic ARN.
     */
    topic: string;
    /**
     * task-stopped: every stopped task; task-failed: non-zero exit or failed to start; dead-letter: a dead-letter queue has messages; trigger-failed: a rule or schedule failed to start a task.
     *
     * @minItems 1
     */
    on?: ('task-stopped' | 'task-failed' | 'dead-letter' | 'trigger-failed')[];
    /**
     * Tasks to watch. Default: every task in the file.
     *
     * @minItems 1
     */
    tasks?: string[];
  };
  /**
   * How the stack is deployed.
   */
  deployment?: {
    /**
     * Stack tags, propagated to resources and tasks. CloudFormation allows at most 50.
     */
    tags?: {
      [k: string]: string;
    };
    /**
     * Protect the stack from deletion. Default: true when the stage is prod, else false.
     */
    terminationProtection?: boolean;
    /**
     * Bucket for templates over 51,200 bytes and nested stack templates.
     */
    artifactBucket?: string;
    /**
     * Split into nested stacks above this many resources.
     */
    maxResourcesPerStack?: number;
  };
  /**
   * Escape hatch, applied last.
   */
  cloudformation?: {
    /**
     * Extra raw CloudFormation resources, by logical ID.
     */
    resources?: {
      /**
       * One raw CloudFormation resource.
       */
      [k: string]: {
        /**
         * Resource type, e.g. AWS::SNS::Topic.
         */
        Type: string;
        /**
         * Resource properties.
         */
        Properties?: {};
        /**
         * Logical IDs this resource waits for.
         */
        DependsOn?: string | string[];
        /**
         * Condition name.
         */
        Condition?: string;
        /**
         * What happens on delete.
         */
        DeletionPolicy?: 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';
        /**
         * What happens to a replaced resource.
         */
        UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
        /**
         * Update policy.
         */
        UpdatePolicy?: {};
        /**
         * Creation policy.
         */
        CreationPolicy?: {};
        /**
         * Metadata.
         */
        Metadata?: {};
      };
    };
    /**
     * Extra raw CloudFormation outputs, by logical ID.
     */
    outputs?: {
      /**
       * One raw CloudFormation output.
       */
      [k: string]: {
        /**
         * Output value: a string or an intrinsic function.
         */
        Value: {
          [k: string]: unknown;
        };
        /**
         * Output description.
         */
        Description?: string;
        /**
         * Export for other stacks.
         */
        Export?: {
          /**
           * Export name.
           */
          Name: {
            [k: string]: unknown;
          };
        };
        /**
         * Condition name.
         */
        Condition?: string;
      };
    };
    /**
     * RFC 6902 JSON Patch operations on the generated template.
     */
    patches?: Patch[];
  };
}
/**
 * An S3 bucket. Created buckets block public access, enforce TLS, are encrypted and send events to EventBridge.
 */
export interface Bucket {
  /**
   * Keep every version of every object.
   */
  versioned?: boolean;
  /**
   * Name of a bucket this stack does not own, following S3's bucket naming rules. Its EventBridge notifications must already be on for s3 triggers to fire.
   */
  existing?: string;
}
/**
 * A DynamoDB table, on-demand with point-in-time recovery.
 */
export interface Table {
  /**
   * The partition (hash) key: a name (string key) or { name, type }.
   */
  partitionKey:
    | string
    | {
        /**
         * Attribute name.
         */
        name: string;
        /**
         * Attribute type: S (string), N (number) or B (binary).
         */
        type?: 'S' | 'N' | 'B';
      };
  /**
   * The sort (range) key, if any: a name (string key) or { name, type }.
   */
  sortKey?:
    | string
    | {
        /**
         * Attribute name.
         */
        name: string;
        /**
         * Attribute type: S (string), N (number) or B (binary).
         */
        type?: 'S' | 'N' | 'B';
      };
  /**
   * Attribute holding an expiry time in epoch seconds; items past it are deleted by DynamoDB.
   */
  ttlAttribute?: string;
}
/**
 * An SQS queue with its own dead-letter queue.
 */
export interface Queue {
  /**
   * How long a received message stays hidden from other consumers (at most 12h). Default 30s.
   */
  visibilityTimeout?: string | number;
  /**
   * Receives before a message moves to the queue's dead-letter queue.
   */
  maxReceiveCount?: number;
  /**
   * A FIFO queue (exactly-once, ordered); its name and its dead-letter queue's name end in .fifo.
   */
  fifo?: boolean;
}
/**
 * An SNS topic.
 */
export interface Topic {
  /**
   * Email addresses to subscribe. Each must confirm the subscription email from AWS.
   */
  email?: string[];
}
/**
 * A Fargate task: its container and what starts it.
 */
export interface Task {
  image: Image;
  /**
   * Fargate CPU units (1024 = 1 vCPU); memory must be a valid pair for it.
   */
  cpu?: 256 | 512 | 1024 | 2048 | 4096 | 8192 | 16384;
  /**
   * Memory in MiB; valid values depend on cpu (256: 512-2048; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720; 8192: 16384-61440 in 4096 steps; 16384: 32768-122880 in 8192 steps).
   */
  memory?: number;
  /**
   * CPU architecture of the image.
   */
  architecture?: 'x86_64' | 'arm64';
  /**
   * Overrides the image's command.
   *
   * @minItems 1
   */
  command?: string[];
  /**
   * Environment variables for the container. Values are strings: a number or boolean keeps the text written (1.10 stays "1.10", 01234 stays "01234").
   */
  environment?: {
    [k: string]: string;
  };
  /**
   * Environment variables read at start from SSM Parameter Store (ssm:/name) or Secrets Manager (secretsmanager:<complete secret ARN>, optionally followed by :json-key:version-stage:version-id). ECS accepts only a secret's complete ARN, including the 6-character suffix AWS adds to its name, so a bare secret name is refused; `aws secretsmanager describe-secret --secret-id NAME --query ARN` prints it.
   */
  secrets?: {
    [k: string]: string;
  };
  /**
   * The ARN of the customer-managed KMS key that encrypts this task's secrets (Secrets Manager secrets or SecureString parameters); the execution role gets kms:Decrypt on exactly this key, used through Secrets Manager or SSM. Not needed for the AWS managed keys. A key ARN, not an alias: IAM matches kms:Decrypt against the key.
   */
  secretsKmsKey?: string;
  /**
   * Run on FARGATE_SPOT capacity (cheaper, may be interrupted). Applies to services (sqs triggers) and to tasks with retry (attempts 2 or more), whose state machine runs them again when Spot has no capacity; other tasks started by s3, schedule or event triggers run on FARGATE, because a RunTask that finds no Spot capacity starts no task and is neither retried nor dead-lettered (validate warns).
   */
  spot?: boolean;
  /**
   * Days to keep the task's logs (a CloudWatch Logs retention value).
   */
  logRetentionDays?:
    | 1
    | 3
    | 5
    | 7
    | 14
    | 30
    | 60
    | 90
    | 120
    | 150
    | 180
    | 365
    | 400
    | 545
    | 731
    | 1096
    | 1827
    | 2192
    | 2557
    | 2922
    | 3288
    | 3653;
  /**
   * Stop a run that takes longer than this (per attempt; 1s to 1 year) and count it as failed. For tasks started by s3, schedule and event triggers; setting timeout or retry runs the task through a Step Functions state machine. Default: no limit.
   */
  timeout?: string | number;
  /**
   * Run the task again when a run fails: the essential container exits non-zero, the task fails to start (including no Fargate Spot capacity), or it times out. For tasks started by s3, schedule and event triggers; setting timeout or retry runs the task through a Step Functions state machine. Only this re-runs a failed run: a trigger's own retries (schedule retries, EventBridge's delivery retries) only retry starting it. With alerts on task-failed, the state machine sends one message after the last attempt. Default: one attempt.
   */
  retry?: {
    /**
     * Runs in total, the first included (2 = one retry).
     */
    attempts?: number;
    /**
     * Wait before the first retry (1s or more).
     */
    interval?: string | number;
    /**
     * Each further wait is the previous one times this.
     */
    backoff?: number;
  };
  /**
   * Grants beyond what triggers imply, least privilege.
   */
  access?: {
    /**
     * Table name → read | write | readwrite. read: dynamodb:Query and dynamodb:Scan on the table and its indexes; dynamodb:GetItem, dynamodb:BatchGetItem, dynamodb:ConditionCheckItem and dynamodb:DescribeTable on the table. write (deletes included, as for buckets: BatchWriteItem puts and deletes under one action): dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem and dynamodb:BatchWriteItem on the table. readwrite: both.
     */
    tables?: {
      [k: string]: 'read' | 'write' | 'readwrite';
    };
    /**
     * Bucket name → read | write | readwrite. read: s3:ListBucket on the bucket and s3:GetObject on its objects. write (deletes included, as for tables): s3:PutObject, s3:AbortMultipartUpload and s3:DeleteObject on its objects. readwrite: both. An s3 trigger adds read of only the objects its prefix and suffix can match (prefix*suffix) plus s3:ListBucket.
     */
    buckets?: {
      [k: string]: 'read' | 'write' | 'readwrite';
    };
    /**
     * Queue name → send | consume. send: sqs:SendMessage. consume: sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility and sqs:GetQueueAttributes (the workers runtime reads the visibility timeout). Queues are encrypted with SQS-managed keys, so neither needs KMS. The queue URL is in the environment, so neither grants sqs:GetQueueUrl.
     */
    queues?: {
      [k: string]: 'send' | 'consume';
    };
    /**
     * Topic name → publish: sns:Publish on the topic, and kms:GenerateDataKey and kms:Decrypt on the stack's topic key only through SNS (kms:ViaService sns.<region>.amazonaws.com).
     */
    topics?: {
      [k: string]: 'publish';
    };
  };
  /**
   * What starts the task. A task with an sqs trigger runs as a service and cannot also have other triggers.
   */
  triggers?: Trigger[];
}
/**
 * One trigger: exactly one of s3, schedule, sqs or event.
 */
export interface Trigger {
  s3?: S3Trigger;
  schedule?: ScheduleTrigger;
  sqs?: SqsTrigger;
  event?: EventTrigger;
}
/**
 * Run the task for each object event in a bucket (S3 → EventBridge rule → ECS RunTask).
 */
export interface S3Trigger {
  /**
   * Name of a bucket declared under buckets.
   */
  bucket: string;
  /**
   * Object events that start the task, each through its own rule. ECS_ARCH_S3_EVENT tells the task which event started it; a deleted object's event carries no size or etag (docs/environment.md lists what each receives).
   *
   * @minItems 1
   */
  events?: ('created' | 'deleted')[];
  /**
   * Only keys that start with this. Letters, digits and / . _ - only: S3 URL-encodes other characters in its events (a space arrives as +), so a filter with them might never match.
   */
  prefix?: string;
  /**
   * Only keys that end with this. Letters, digits and / . _ - only, as for prefix.
   */
  suffix?: string;
}
/**
 * Run the task on a schedule (EventBridge Scheduler).
 */
export interface ScheduleTrigger {
  /**
   * rate(…), cron(…) in EventBridge syntax, or a shorthand: @hourly, @daily, @weekly. At most 256 characters; tabs and repeated spaces inside the parentheses are sent to Scheduler as single spaces.
   */
  expression: string;
  /**
   * IANA time zone the cron expression is read in.
   */
  timezone?: string;
  /**
   * Delivery retries when starting the task fails, before the event goes to the dead-letter queue.
   */
  retries?: number;
  /**
   * Let Scheduler start the task up to this long after the scheduled time, to spread load (1m to 1440m). Default: off.
   */
  flexibleWindow?: string | number;
  /**
   * Set false to keep the schedule but stop it from running.
   */
  enabled?: boolean;
}
/**
 * Run the task as a long-running service that consumes a queue and scales on its backlog. Grants consume on the queue, and ecs:GetTaskProtection and ecs:UpdateTaskProtection on the service's own tasks only (those tagged ecs-arch:task with the task's family, a tag each task definition carries and its tasks inherit).
 */
export interface SqsTrigger {
  /**
   * Name of a queue declared under queues.
   */
  queue: string;
  /**
   * Auto scaling on backlog per task (visible messages ÷ running tasks).
   */
  scaling?: {
    /**
     * Fewest running tasks. The service returns to min once its queue has had nothing visible and nothing in flight for 15 minutes; with 0, tasks start again within about two minutes of a message arriving. See docs/scaling.md.
     */
    min?: number;
    /**
     * Most running tasks.
     */
    max?: number;
    /**
     * Target number of visible (waiting) messages per running task; the service scales out to keep it, and never scales in while a message is in flight.
     */
    backlogPerTask?: number;
  };
}
/**
 * Run the task for each event that matches a pattern on an EventBridge event bus (rule → ECS RunTask). The task receives the event's id, source and detail type, and the fields named under environment.
 */
export interface EventTrigger {
  /**
   * The event's source, or a list of sources any of which matches.
   */
  source: string | string[];
  /**
   * The event's detail-type, or a list any of which matches. Default: any.
   */
  detailType?: string | string[];
  /**
   * An EventBridge event pattern for the event's detail, written as EventBridge reads it: each field a list of values or matchers (prefix, anything-but, numeric, exists …). Default: any detail.
   */
  detail?: {};
  /**
   * The event bus the rule listens on: the name or ARN of a bus that exists. Default: the account's default event bus.
   */
  bus?: string;
  /**
   * Variables for the started container, each set from a field of the event by its JSON path ($.detail.orderId). Fields must hold strings; an event without the field cannot start the task and goes to the dead-letter queue.
   */
  environment?: {
    [k: string]: string;
  };
  /**
   * Delivery retries when starting the task fails, before the event goes to the dead-letter queue.
   */
  retries?: number;
  /**
   * How long EventBridge keeps retrying an event before it goes to the dead-letter queue: 60s to 24h.
   */
  maxEventAge?: string | number;
}
/**
 * One RFC 6902 operation.
 */
export interface Patch {
  /**
   * The operation.
   */
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  /**
   * JSON Pointer into the template.
   */
  path: string;
  /**
   * Source JSON Pointer for move and copy.
   */
  from?: string;
  /**
   * The value for add, replace and test.
   */
  value?: {
    [k: string]: unknown;
  };
}
