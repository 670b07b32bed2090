// Helpers shared by the benches: emulators on 127.0.0.1, process timing, generated configs.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const listening = (port) =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Starts moto_server on a free 127.0.0.1 port; exits the bench with a hint when it is not installed. */
export async function startMotoServer() {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  child.once('error', (error) => {
    console.error(`moto_server could not start (${error.message}); install it: pip install "moto[server]"`);
    process.exit(1);
  });
  const deadline = Date.now() + 30_000;
  while (!(await listening(port))) {
    if (Date.now() > deadline) throw new Error('moto_server did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Median wall time in ms of `node <args>` run `runs` times as whole processes (start-up included). */
export function wallMedian(args, { cwd, runs }) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/**
 * An ecs-arch configuration with n tasks cycling through the three task trigger kinds over 10
 * shared buckets and queues, all watched by alerts; large sizes split into nested stacks, which
 * need an artifact bucket.
 */
export function generatedConfig(n, name) {
  const pools = Math.min(10, n);
  const buckets = Object.fromEntries(Array.from({ length: pools }, (_, i) => [`bucket-${i}`, {}]));
  const queues = Object.fromEntries(Array.from({ length: pools }, (_, i) => [`queue-${i}`, { visibilityTimeout: '5m' }]));
  const trigger = (i) =>
    [
      { s3: { bucket: `bucket-${i % pools}`, prefix: `in/${i}/`, suffix: '.json' } },
      { schedule: { expression: 'cron(0 2 * * ? *)', timezone: 'Europe/Berlin' } },
      { sqs: { queue: `queue-${i % pools}`, scaling: { min: 0, max: 5 } } },
    ][i % 3];
  const tasks = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `task-${i}`,
      {
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/app-${i}:1.0.0`,
        environment: { INDEX: i },
        secrets: { TOKEN: `ssm:/app/${i}/token` },
        access: { tables: { results: 'write' } },
        triggers: [trigger(i)],
      },
    ]),
  );
  return {
    name,
    network: { vpc: 'vpc-0123456789abcdef0', subnets: ['subnet-0a1b2c3d4e5f60718'] },
    buckets,
    queues,
    tables: { results: { partitionKey: 'pk' } },
    topics: { alerts: { email: ['ops@example.com'] } },
    tasks,
    alerts: { topic: 'alerts', on: ['task-failed', 'dead-letter', 'trigger-failed'] },
    deployment: { artifactBucket: 'bench-artifacts' },
  };
}
