// remove --delete-data: after the stack is gone, deletes the data CloudFormation retained
// (buckets emptied of every object version first, tables, queues, log groups). Each resource is
// deleted on its own; a failure is recorded and the others go on. Resources a stack never
// creates (`existing` buckets, clusters) are not among the retained ones; a retained resource
// whose name the configuration declares `existing` (brought into the stack by a resource
// import, say) is kept all the same.
import type * as S3 from '@aws-sdk/client-s3';
import { errorName, makeClient, type AwsTarget } from '../aws/clients.js';
import type { RetainedResource } from '../deploy/remove.js';

export type DataResult = 'deleted' | 'already-gone' | 'failed' | 'kept';

export interface DataOutcome extends RetainedResource {
  /** The bucket, table, queue or log group name (a queue's physical ID is its URL). */
  name: string;
  result: DataResult;
  /** Buckets: object versions and delete markers deleted. */
  objectsDeleted?: number;
  /** failed: the error; kept: why it was not deleted. */
  reason?: string;
}

const INTERRUPTED = 'interrupted (Ctrl-C) before it was deleted';

const DELETABLE = ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup'];

/** A resource's name as its service knows it. */
export function dataName(resource: RetainedResource): string {
  return resource.resourceType === 'AWS::SQS::Queue' ? resource.physicalId.slice(resource.physicalId.lastIndexOf('/') + 1) : resource.physicalId;
}

/** What --delete-data deletes (deletable types the configuration does not declare `existing`), in the order given. */
export function deletableData(retained: RetainedResource[], existing: ReadonlySet<string>): RetainedResource[] {
  return retained.filter((r) => DELETABLE.includes(r.resourceType) && !existing.has(dataName(r)));
}

/** Deletes the deletable ones among `retained`; every one of them has an outcome, in the order given. After Ctrl-C (`signal`), what has not been deleted yet fails as interrupted. */
export async function deleteData(target: AwsTarget, retained: RetainedResource[], existing: ReadonlySet<string>, signal?: AbortSignal): Promise<DataOutcome[]> {
  const deletable = new Set(deletableData(retained, existing));
  const clients = await dataClients(target, signal);
  try {
    return await Promise.all(
      retained.map(async (resource): Promise<DataOutcome> => {
        const name = dataName(resource);
        if (!deletable.has(resource)) {
          const reason = existing.has(name) ? 'declared existing in the configuration' : `--delete-data deletes only buckets, tables, queues and log groups; delete it yourself`;
          return { ...resource, name, result: 'kept', reason };
        }
        try {
          const deleted = await clients.delete(resource.resourceType, resource.physicalId);
          if (deleted === 'gone') return { ...resource, name, result: 'already-gone' };
          return { ...resource, name, result: 'deleted', ...(resource.resourceType === 'AWS::S3::Bucket' ? { objectsDeleted: deleted } : {}) };
        } catch (error) {
          return { ...resource, name, result: 'failed', reason: errorText(error) };
        }
      }),
    );
  } finally {
    clients.destroy();
  }
}

/** An AWS error as "Code: message"; our own (plain Error) as its message. */
function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return e.name && e.name !== 'Error' && e.message && !e.message.startsWith(e.name) ? `${e.name}: ${e.message}` : (e.message ?? String(error));
}

/** The error names each service answers for a resource that does not exist. */
const GONE = new Set(['NoSuchBucket', 'ResourceNotFoundException', 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);
const isGone = (error: unknown) => GONE.has(errorName(error));

async function dataClients(target: AwsTarget, signal?: AbortSignal) {
  const [s3sdk, dynamo, sqs, logs] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-sqs'),
    import('@aws-sdk/client-cloudwatch-logs'),
  ]);
  // Emulators and custom endpoints address buckets by path, not by host name (as connect() does).
  const s3 = makeClient((config) => new s3sdk.S3Client({ ...config, forcePathStyle: 'endpoint' in config }), target, 'S3');
  const dynamodb = makeClient((config) => new dynamo.DynamoDBClient(config), target, 'DYNAMODB');
  const queues = makeClient((config) => new sqs.SQSClient(config), target, 'SQS');
  const logGroups = makeClient((config) => new logs.CloudWatchLogsClient(config), target, 'CLOUDWATCH_LOGS');
  /** The number of objects a bucket held, 0 for other types, or "gone" when it no longer existed. */
  const remove = async (type: string, physicalId: string): Promise<number | 'gone'> => {
    if (signal?.aborted) throw new Error(INTERRUPTED);
    try {
      switch (type) {
        case 'AWS::S3::Bucket': {
          const objects = await emptyBucket(s3, s3sdk, physicalId, signal);
          await s3.send(new s3sdk.DeleteBucketCommand({ Bucket: physicalId }));
          return objects;
        }
        case 'AWS::DynamoDB::Table':
          await dynamodb.send(new dynamo.DeleteTableCommand({ TableName: physicalId }));
          return 0;
        case 'AWS::SQS::Queue':
          await queues.send(new sqs.DeleteQueueCommand({ QueueUrl: physicalId }));
          return 0;
        default:
          await logGroups.send(new logs.DeleteLogGroupCommand({ logGroupName: physicalId }));
          return 0;
      }
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw error;
    }
  };
  return {
    delete: remove,
    destroy() {
      for (const client of [s3, dynamodb, queues, logGroups]) client.destroy();
    },
  };
}

/**
 * Deletes every object version and delete marker of a bucket (a bucket must be empty to be
 * deleted; in a versioned bucket that means every version, not only the current objects).
 * Unversioned buckets list their objects as version "null", which DeleteObjects accepts. A
 * ListObjectVersions page holds at most 1,000 entries, and DeleteObjects takes at most 1,000 keys
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/empty-bucket.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html). Each page is deleted
 * before the next is listed, from the start: the next page is what remains, with no markers
 * pointing at deleted entries (which S3-compatible stores such as moto do not resume from), and
 * versions written meanwhile are found too.
 */
async function emptyBucket(s3: S3.S3Client, sdk: typeof S3, bucket: string, signal?: AbortSignal): Promise<number> {
  const BATCH = 1000;
  let deleted = 0;
  let previousFirst: string | undefined;
  for (;;) {
    if (signal?.aborted) throw new Error(INTERRUPTED);
    const page = await s3.send(new sdk.ListObjectVersionsCommand({ Bucket: bucket }));
    const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
    if (!entries.length) return deleted;
    const first = `${entries[0]!.Key} ${entries[0]!.VersionId}`;
    if (first === previousFirst) throw new Error(`object version ${first} is still listed after it was deleted`);
    previousFirst = first;
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      const answer = await s3.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
      const errors = answer.Errors ?? [];
      if (errors.length) {
        const failed = errors[0]!;
        throw new Error(`${errors.length} of ${batch.length} object versions could not be deleted (${failed.Key}: ${[failed.Code, failed.Message].filter(Boolean).join(' ')})`);
      }
      deleted += batch.length;
    }
  }
}
