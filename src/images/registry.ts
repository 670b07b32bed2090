// The registry images are pushed to: the bootstrap ECR repository, with credentials from ECR's
// GetAuthorizationToken; ECS_ARCH_REGISTRY points pushes at another registry (a mirror, or a
// local one in tests) that serves the same repository name. Whether a tag exists is asked of
// the registry itself (HEAD /v2/<repository>/manifests/<tag>), never of a local cache.
import { makeClient, type Aws, type Env } from '../aws/clients.js';

export interface Registry {
  /** host[:port], as docker names it in an image reference. */
  host: string;
  /** Where the registry's HTTP API answers: https://host, or the override's scheme. */
  baseUrl: string;
  repository: string;
  username: string;
  password: string;
}

/** `ECS_ARCH_REGISTRY`: a registry URL (http://127.0.0.1:5000) or host; pushes go there instead of ECR. */
export const REGISTRY_OVERRIDE = 'ECS_ARCH_REGISTRY';

/** ECR's token is base64("AWS:<password>"). */
export async function ecrCredentials(aws: Aws): Promise<{ username: string; password: string; endpoint: string }> {
  const ecr = await import('@aws-sdk/client-ecr');
  const client = makeClient((config) => new ecr.ECRClient(config), aws.target, 'ECR');
  try {
    const response = await client.send(new ecr.GetAuthorizationTokenCommand({}));
    const data = response.authorizationData?.[0];
    const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new Error('ECR returned no authorization token');
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), endpoint: data?.proxyEndpoint ?? '' };
  } finally {
    client.destroy();
  }
}

/** The registry for the bootstrap repository `repositoryUri` (account.dkr.ecr.region.amazonaws.com/ecs-arch-images). */
export async function connectRegistry(aws: Aws, env: Env, repositoryUri: string): Promise<Registry> {
  const slash = repositoryUri.indexOf('/');
  const repository = repositoryUri.slice(slash + 1);
  const credentials = await ecrCredentials(aws);
  const override = env[REGISTRY_OVERRIDE];
  if (override) {
    const url = new URL(/^[a-z]+:\/\//.test(override) ? override : `https://${override}`);
    return { host: url.host, baseUrl: url.origin, repository, username: credentials.username, password: credentials.password };
  }
  const host = repositoryUri.slice(0, slash);
  return { host, baseUrl: `https://${host}`, repository, username: credentials.username, password: credentials.password };
}

export const imageReference = (registry: Registry, tag: string): string => `${registry.host}/${registry.repository}:${tag}`;

// Docker and OCI manifests and indexes: a registry answers 404 for a tag whose manifest type the client does not accept.
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** https://distribution.github.io/distribution/spec/api/#existing-manifests: 200 when the tag exists, 404 when not. */
export async function hasTag(registry: Registry, tag: string): Promise<boolean> {
  const response = await fetch(`${registry.baseUrl}/v2/${registry.repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { Accept: MANIFEST_TYPES, Authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}` },
  });
  if (response.status === 200) return true;
  if (response.status === 404) return false;
  throw new Error(`the registry ${registry.host} answered ${response.status} when asked for ${registry.repository}:${tag}`);
}
