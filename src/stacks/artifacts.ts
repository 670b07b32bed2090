// Where nested templates live. The splitter writes each child's TemplateURL into the parent
// and deploy uploads each child under the same key, so both must derive the key from the same
// bytes in the same way: this module is that one place.
import { createHash } from 'node:crypto';
import { ARTIFACT_BUCKET } from '../bootstrap/names.js';
import { sub, type Value } from '../cfn/intrinsics.js';
import type { Template } from '../cfn/template.js';

/** The bytes CloudFormation receives: compact JSON, the same serialisation deploy uploads. */
export function templateBody(template: Template): string {
  return JSON.stringify(template);
}

export function sha256(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Content-addressed: the same template always has the same key, so re-uploads are idempotent. */
export function templateKey(stackName: string, body: string): string {
  return `ecs-arch/${stackName}/${sha256(body)}.json`;
}

/** Virtual-hosted-style regional URL, the form CloudFormation documents for TemplateURL. */
export function templateUrl(bucket: string, region: string, key: string): string {
  return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
}

/**
 * A nested template's URL: in deployment.artifactBucket when set, else in the bootstrap
 * stack's bucket, named by an Fn::Sub so compile need not know the account.
 */
export function nestedTemplateUrl(bucket: string | undefined, region: string, key: string): Value {
  return bucket ? templateUrl(bucket, region, key) : sub(`https://${ARTIFACT_BUCKET}.s3.\${AWS::Region}.\${AWS::URLSuffix}/${key}`);
}
