// AWS clients for every command that calls AWS (deploy, diff, info, remove, and the ones that
// come after them): region, profile, endpoint, credentials, retries and --verbose request
// logging, decided once here. The SDK is imported with import(), so compile and validate
// never pay for it.
import type * as CloudFormation from '@aws-sdk/client-cloudformation';
import type * as S3 from '@aws-sdk/client-s3';
import type { MiddlewareStack } from '@smithy/types';
import type { Env } from './region.js';

export type { Env } from './region.js';

/** Where and as whom a command talks to AWS. */
export interface AwsTarget {
  region: string;
  /** --profile; AWS_PROFILE in `env` is used when absent. */
  profile?: string;
  /** The command's environment (process.env for the real CLI; tests pass their own). */
  env: Env;
  /** --verbose: one line per HTTP request (service, operation, status, time). */
  log?: (line: string) => void;
}

/**
 * Settings for any v3 client. `service` is the SDK's service id as used in
 * AWS_ENDPOINT_URL_<SERVICE> (CLOUDFORMATION, S3, STS, ECS, CLOUDWATCH_LOGS …). Credentials:
 * a profile (--profile, AWS_PROFILE) goes to the SDK's default chain, which reads the shared
 * config and credentials files, SSO and credential_process; otherwise the static keys of
 * `env`, read explicitly so tests can run main() with their own environment.
 */
export function clientConfig(target: AwsTarget, service: string) {
  const { env } = target;
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const profile = target.profile ?? (env.AWS_PROFILE || undefined);
  const credentials =
    !profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
      : undefined;
  const maxAttempts = Number(env.AWS_MAX_ATTEMPTS) || undefined;
  return {
    region: target.region,
    ...(endpoint ? { endpoint } : {}),
    ...(profile ? { profile } : credentials ? { credentials } : {}),
    ...(maxAttempts ? { maxAttempts } : {}),
  };
}

/**
 * Makes a client of any service with clientConfig() and, under --verbose, a middleware
 * that logs every attempt (retries included) with its status and duration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function makeClient<C extends { middlewareStack: MiddlewareStack<any, any> }>(create: (config: ReturnType<typeof clientConfig>) => C, target: AwsTarget, service: string): C {
  const client = create(clientConfig(target, service));
  const log = target.log;
  if (log) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const started = performance.now();
        const request = args.request as { method?: string; hostname?: string; port?: number; path?: string };
        const where = `${request.method ?? ''} ${request.hostname ?? ''}${request.port ? `:${request.port}` : ''}${request.path ?? ''}`;
        const name = `${context.clientName?.replace(/Client$/, '') ?? service} ${context.commandName?.replace(/Command$/, '') ?? ''}`;
        try {
          const result = await next(args);
          const status = (result.response as { statusCode?: number }).statusCode;
          log(`aws: ${name} ${where} → ${status} (${Math.round(performance.now() - started)} ms)`);
          return result;
        } catch (error) {
          log(`aws: ${name} ${where} → ${error instanceof Error ? error.name : 'error'} (${Math.round(performance.now() - started)} ms)`);
          throw error;
        }
      },
      // Inside the retry middleware: each attempt is one line.
      { step: 'finalizeRequest', priority: 'low', name: 'ecsArchVerboseLog' },
    );
  }
  return client;
}

/** The account the credentials belong to (STS GetCallerIdentity), for command headers. */
export async function callerAccount(target: AwsTarget): Promise<string> {
  const sts = await import('@aws-sdk/client-sts');
  const client = makeClient((config) => new sts.STSClient(config), target, 'STS');
  try {
    return (await client.send(new sts.GetCallerIdentityCommand({}))).Account ?? 'unknown';
  } finally {
    client.destroy();
  }
}

/** "Account 123456789012, region eu-west-1 (profile ops)": the first line of deploy, diff, info and remove. */
export function targetHeader(target: AwsTarget, account: string): string {
  const profile = target.profile ?? (target.env.AWS_PROFILE || undefined);
  return `Account ${account}, region ${target.region}${profile ? ` (profile ${profile})` : ''}`;
}

export interface Aws {
  region: string;
  target: AwsTarget;
  cfn: CloudFormation.CloudFormationClient;
  /** The CloudFormation module (command classes), loaded lazily. */
  sdk: typeof CloudFormation;
  /** S3 is loaded only when a template must be uploaded or a retained bucket checked. */
  s3(): Promise<{ client: S3.S3Client; sdk: typeof S3 }>;
  destroy(): void;
}

export async function connect(target: AwsTarget): Promise<Aws> {
  const sdk = await import('@aws-sdk/client-cloudformation');
  const cfn = makeClient((config) => new sdk.CloudFormationClient(config), target, 'CLOUDFORMATION');
  let s3: { client: S3.S3Client; sdk: typeof S3 } | undefined;
  return {
    region: target.region,
    target,
    cfn,
    sdk,
    async s3() {
      if (!s3) {
        const s3sdk = await import('@aws-sdk/client-s3');
        // Emulators and custom endpoints address buckets by path, not by host name.
        const client = makeClient((config) => new s3sdk.S3Client({ ...config, forcePathStyle: 'endpoint' in config }), target, 'S3');
        s3 = { sdk: s3sdk, client };
      }
      return s3;
    },
    destroy() {
      cfn.destroy();
      s3?.client.destroy();
    },
  };
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);

export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(errorName(error));
}

/** CloudFormation says "Stack with id X does not exist" as a ValidationError. */
export function isMissingStack(error: unknown): boolean {
  return errorName(error) === 'ValidationError' && /does not exist/.test(errorMessage(error));
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The endpoint could not be reached (as opposed to AWS answering with an error). */
export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (code !== undefined && NETWORK_CODES.has(code)) || errorName(error) === 'TimeoutError';
}

/**
 * An AWS error as one actionable sentence. Credentials problems name what to do; other
 * errors keep AWS's own message, which names the resource and the reason.
 */
export function explainAwsError(error: unknown, target: Pick<AwsTarget, 'profile' | 'env'>): string {
  const message = errorMessage(error);
  const profile = target.profile ?? (target.env.AWS_PROFILE || undefined);
  if (/Could not load credentials from any providers/.test(message)) {
    return (
      'no AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use a profile from ~/.aws/config ' +
      '(--profile NAME or AWS_PROFILE; for SSO run "aws sso login --profile NAME" first)'
    );
  }
  if (profile && /profile|SSO|sso|credential_process/.test(message) && errorName(error) === 'CredentialsProviderError') {
    return `could not get credentials for profile "${profile}": ${message} (check ~/.aws/config, or run "aws sso login --profile ${profile}" for an SSO profile)`;
  }
  if (/security token included in the request is (invalid|expired)|ExpiredToken/i.test(message)) {
    return `the AWS credentials were rejected: ${message} (refresh them${profile ? `, e.g. "aws sso login --profile ${profile}"` : ''})`;
  }
  if (isNetworkError(error)) return `could not reach AWS (${(error as { code?: string }).code ?? errorName(error)}): ${message}`;
  return message;
}
