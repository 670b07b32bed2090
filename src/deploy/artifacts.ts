// Where templates go: inline when small, else uploaded to the artifact bucket and passed by URL.
// Keys, URLs and bodies come from src/stacks/artifacts.ts, the one definition the splitter
// also uses for the TemplateURLs it writes into the parent.
import { templateKey, templateUrl } from '../stacks/artifacts.js';
import type { Aws } from '../aws/clients.js';

/** CloudFormation's limit for TemplateBody; larger templates must come from S3. */
export const TEMPLATE_BODY_LIMIT = 51_200;

export function needsUpload(body: string): boolean {
  return Buffer.byteLength(body) > TEMPLATE_BODY_LIMIT;
}

/** Uploads a template body (idempotent: same content, same key) and returns its URL. */
export async function uploadTemplate(aws: Aws, bucket: string, stackName: string, body: string): Promise<string> {
  const key = templateKey(stackName, body);
  const { client, sdk } = await aws.s3();
  await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
  return templateUrl(bucket, aws.region, key);
}
