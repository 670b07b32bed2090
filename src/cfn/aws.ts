// Facts about AWS that several stages rely on, each stated once.

/** Resource types that hold data: retained by compile, listed in the manifest, guarded by deploy, checked by lint. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::SQS::Queue']);

/**
 * Step Functions writes execution logs through CloudWatch Logs log delivery, whose actions take
 * no resource narrower than "*" (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
 */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/** Actions AWS only allows on every resource: a "*" resource is the only way to grant them (the lint rule EA1002 accepts exactly these). */
export const RESOURCE_WILDCARD_ACTIONS: ReadonlySet<string> = new Set([
  ...LOG_DELIVERY_ACTIONS,
  'ecr:GetAuthorizationToken',
  'cloudwatch:PutMetricData',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'ssm:DescribeParameters',
]);

/** SQS's longest message retention, 14 days: dead letters wait as long as SQS allows. */
export const SQS_MAX_RETENTION_SECONDS = 1_209_600;

/** How long EventBridge and Scheduler keep retrying an event at most: one day. */
export const MAX_EVENT_AGE_SECONDS = 86_400;

/** EventBridge's own retry limits, made explicit: retry for a day, then the dead-letter queue. */
export const EVENTBRIDGE_RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: MAX_EVENT_AGE_SECONDS } as const;
