// The large-project generator (issue 17): n copies of the three task architectures. Copy i is
// an s3 task (ingest-i, on a shared bucket), a scheduled task (report-i) and a queue worker
// (worker-i) with its own queue (jobs-i); buckets and tables are shared, at most 40 of each,
// and alerts watch everything (failed tasks, dead letters, triggers that failed). Names carry
// the copy number, so growing from n to m copies adds copies and changes none of the first n.
// Shared by the tests (test/stacks/growth*.test.ts) and the bench (bench/large.bench.mjs).

const pad = (i) => String(i).padStart(3, '0');

/**
 * @param {number} copies
 * @param {{ name?: string, artifactBucket?: string, maxResourcesPerStack?: number, alertOn?: string[], s3?: boolean, schedule?: boolean, pools?: number }} [options]
 */
export function copiesConfig(copies, options = {}) {
  const { name = 'large', artifactBucket = 'large-artifacts', maxResourcesPerStack, alertOn = ['task-failed', 'dead-letter', 'trigger-failed'], s3 = true, schedule = true, pools = 40 } = options;
  const shared = Math.min(copies, pools);
  const buckets = Object.fromEntries(Array.from({ length: shared }, (_, i) => [`bucket-${pad(i)}`, {}]));
  const tables = Object.fromEntries(Array.from({ length: shared }, (_, i) => [`table-${pad(i)}`, { partitionKey: 'pk' }]));
  const queues = {};
  const tasks = {};
  for (let i = 0; i < copies; i++) {
    const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:${pad(i)}`;
    // A fresh object per task: shared ones would be written as YAML anchors and aliases.
    const access = () => ({ tables: { [`table-${pad(i % shared)}`]: 'write' } });
    queues[`jobs-${pad(i)}`] = { visibilityTimeout: '5m' };
    if (s3) tasks[`ingest-${pad(i)}`] = { image, access: access(), triggers: [{ s3: { bucket: `bucket-${pad(i % shared)}`, prefix: `in/${i}/` } }] };
    if (schedule) tasks[`report-${pad(i)}`] = { image, access: access(), triggers: [{ schedule: { expression: 'rate(1 hour)' } }] };
    tasks[`worker-${pad(i)}`] = { image, access: access(), triggers: [{ sqs: { queue: `jobs-${pad(i)}`, scaling: { min: 0, max: 4 } } }] };
  }
  return {
    name,
    stage: 'dev',
    region: 'us-east-1',
    network: { vpc: 'vpc-0123456789abcdef0', subnets: ['subnet-0a1b2c3d4e5f60718'] },
    buckets,
    tables,
    queues,
    topics: { alerts: {} },
    tasks,
    alerts: { topic: 'alerts', on: alertOn },
    deployment: { artifactBucket, ...(maxResourcesPerStack ? { maxResourcesPerStack } : {}) },
  };
}
