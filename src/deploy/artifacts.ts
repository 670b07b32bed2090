// Where the template goes: inline when small, else uploaded to the artifact bucket under a
// content-addressed key and passed by URL.
import { createHash } from 'node:crypto';
import type { Aws } from './aws.js';

/** CloudFormation's limit for TemplateBody; larger templates must come from S3. */
export const TEMPLATE_BODY_LIMIT = 51_200;

export function templateKey(stackName: string, body: string): string {
  return `ecs-arch/${stackName}/${createHash('sha256').update(body).digest('hex')}.json`;
}

export function templateUrl(bucket: string, region: string, key: string): string {
  return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
}

export function needsUpload(body: string): boolean {
  return Buffer.byteLength(body) > TEMPLATE_BODY_LIMIT;
}

/** Uploads a template (idempotent: same content, same key) and returns its URL. */
export async function uploadTemplate(aws: Aws, bucket: string, stackName: string, body: string): Promise<string> {
  const key = templateKey(stackName, body);
  const { client, sdk } = await aws.s3();
  await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
  return templateUrl(bucket, aws.region, key);
}
