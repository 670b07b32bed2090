/* Generated from schema/ecs-arch.schema.json by scripts/generate-defaults.mjs (npm run generate). Do not edit. */
// The `default` of every field in the schema, keyed as the schema nests them.
export const DEFAULTS = {
  stage: 'dev',
  cluster: {
    containerInsights: true
  },
  network: {
    assignPublicIp: false
  },
  alerts: {
    on: [
      'task-failed'
    ]
  },
  deployment: {
    maxResourcesPerStack: 500
  },
  keyAttribute: {
    type: 'S'
  },
  bucket: {
    versioned: false
  },
  queue: {
    visibilityTimeout: '30s',
    maxReceiveCount: 5,
    fifo: false
  },
  s3Trigger: {
    events: [
      'created'
    ]
  },
  scheduleTrigger: {
    timezone: 'UTC',
    retries: 3,
    enabled: true
  },
  sqsTrigger: {
    scaling: {
      min: 1,
      max: 10,
      backlogPerTask: 10
    }
  },
  eventTrigger: {
    retries: 185,
    maxEventAge: '24h'
  },
  image: {
    dockerfile: 'Dockerfile'
  },
  task: {
    cpu: 256,
    memory: 512,
    architecture: 'x86_64',
    spot: false,
    logRetentionDays: 30,
    retry: {
      attempts: 3,
      interval: '30s',
      backoff: 2
    },
    triggers: []
  }
} as const;
