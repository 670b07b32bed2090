// AWS clients for deploy, diff, info and remove. Loaded only by those commands: the SDK is
// imported here with import(), so compile and validate never pay for it.
import type * as CloudFormation from '@aws-sdk/client-cloudformation';
import type * as S3 from '@aws-sdk/client-s3';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Aws {
  region: string;
  cfn: CloudFormation.CloudFormationClient;
  /** The CloudFormation module (command classes), loaded lazily. */
  sdk: typeof CloudFormation;
  /** S3 is loaded only when a template must be uploaded or a retained bucket checked. */
  s3(): Promise<{ client: S3.S3Client; sdk: typeof S3 }>;
  destroy(): void;
}

/**
 * Client settings from the environment the command was given (`io.env`, which is
 * process.env for the real CLI): the standard chain's variables, read explicitly so tests
 * can run main() with their own environment.
 */
export function clientConfig(env: Env, region: string, service: 'CLOUDFORMATION' | 'S3' | 'ECR') {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
      : undefined;
  const maxAttempts = Number(env.AWS_MAX_ATTEMPTS) || undefined;
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
    ...(maxAttempts ? { maxAttempts } : {}),
  };
}

export async function connect(env: Env, region: string): Promise<Aws> {
  const sdk = await import('@aws-sdk/client-cloudformation');
  const cfn = new sdk.CloudFormationClient(clientConfig(env, region, 'CLOUDFORMATION'));
  let s3: { client: S3.S3Client; sdk: typeof S3 } | undefined;
  return {
    region,
    cfn,
    sdk,
    async s3() {
      if (!s3) {
        const s3sdk = await import('@aws-sdk/client-s3');
        const config = clientConfig(env, region, 'S3');
        // Emulators and custom endpoints address buckets by path, not by host name.
        s3 = { sdk: s3sdk, client: new s3sdk.S3Client({ ...config, forcePathStyle: 'endpoint' in config }) };
      }
      return s3;
    },
    destroy() {
      cfn.destroy();
      s3?.client.destroy();
    },
  };
}

function errorName(error: unknown): string {
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
