// Starts moto_server on a free 127.0.0.1 port for one test file, and gives the settings
// the real AWS SDK v3 clients need to talk to it. Never reaches beyond loopback. Every moto
// starts with ./moto-patches/sitecustomize.py, which fills gaps in moto's nested stacks.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { findTool } from './tools.js';

/** Python start-up hook that makes moto's nested stacks behave as AWS's (see its comment). */
const PATCHES = fileURLToPath(new URL('./moto-patches', import.meta.url));

export interface Moto {
  endpoint: string;
  port: number;
  /** Settings for any v3 client: `new S3Client({ ...moto.clientConfig, forcePathStyle: true })`. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** Environment for a child process (the CLI, a worker) that uses the SDK's default chain. */
  env: Record<string, string>;
  /** Clears all moto state (between tests). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const REGION = 'us-east-1';

/** Starts moto, or returns null when moto is not installed (outside CI). */
export async function startMoto(): Promise<Moto | null> {
  const tool = findTool('moto_server');
  if (!tool) return null;
  const port = await freePort();
  const child: ChildProcess = spawn(tool.command, [...tool.args, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true', PYTHONPATH: [PATCHES, process.env.PYTHONPATH].filter(Boolean).join(delimiter) },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not listen on port ${port} within 30s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  return {
    endpoint,
    port,
    clientConfig: { endpoint, region: REGION, credentials },
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
    },
  };
}

/**
 * An IAM policy document as moto's IAM answers it: URL-encoded JSON, as AWS sends it, except for
 * a role's inline policy that moto's CloudFormation created, which moto 5 answers as Python's
 * repr of the document ({'Version': '2012-10-17', …}); Python (which runs moto) reads that back.
 */
export function motoPolicyDocument(answer: string): { Version: string; Statement: Record<string, unknown>[] } {
  const text = decodeURIComponent(answer);
  if (text.startsWith('{"')) return JSON.parse(text);
  return JSON.parse(execFileSync('python3', ['-c', 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'], { input: text, encoding: 'utf8' }));
}

/** Every resource of a deployed stack, all pages. */
export async function stackResources(moto: Moto, stackName: string): Promise<StackResourceSummary[]> {
  const { CloudFormationClient, ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = new CloudFormationClient(moto.clientConfig);
  try {
    const found: StackResourceSummary[] = [];
    let token: string | undefined;
    do {
      const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
      found.push(...(page.StackResourceSummaries ?? []));
      token = page.NextToken;
    } while (token);
    return found;
  } finally {
    cfn.destroy();
  }
}

/** Physical IDs of a deployed stack's resources, by logical ID. */
export async function physicalIds(moto: Moto, stackName: string): Promise<Record<string, string>> {
  const summaries = await stackResources(moto, stackName);
  return Object.fromEntries(summaries.flatMap((r) => (r.LogicalResourceId && r.PhysicalResourceId ? [[r.LogicalResourceId, r.PhysicalResourceId]] : [])));
}
