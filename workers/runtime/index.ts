// The runtime for ecs-arch workers: the ECS_ARCH_* contract, one entry point per trigger
// kind, and the few helpers the reference workers share.
export {
  ContractError,
  bucketName,
  decodeEventKey,
  envSuffix,
  positiveIntegerSetting,
  queueUrl,
  readEventTrigger,
  readQueueTrigger,
  readS3Trigger,
  readScheduleTrigger,
  tableName,
  topicArn,
  unquoteEtag,
  type Env,
  type EventTrigger,
  type S3CreatedTrigger,
  type S3DeletedTrigger,
  type S3EventKind,
  type S3Trigger,
  type TriggerKind,
} from './contract.js';
export { RESOURCE_VARIABLES, TRIGGER_VARIABLES, resourceVariable } from './env-contract.js';
export { createLogger, type LogFields, type LogLevel, type Logger } from './log.js';
export { EXIT_RETRYABLE, RetryableError, isRetryable } from './errors.js';
export { runMain, type MainContext } from './main.js';
export { onS3Object, type S3Object, type S3ObjectHandler, type S3ObjectOptions } from './s3-object.js';
export {
  consumeQueue,
  type ConsumeQueueOptions,
  type ConsumeQueueResult,
  type MessageContext,
  type MessageHandler,
  type QueueMessage,
} from './queue.js';
export { onSchedule, type ScheduleContext, type ScheduleLockOptions, type ScheduleOptions, type ScheduleOutcome } from './schedule.js';
export { TaskProtection, type TaskProtectionOptions } from './task-protection.js';
export { abortOnSignal, digestStream, looksLikeText, type Digest } from './digest.js';
export { putOnce } from './dynamo.js';
export { mapSettled } from './concurrency.js';
