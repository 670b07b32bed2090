// The bootstrap stack's names: one definition for compile (image URIs, nested TemplateURLs),
// the bootstrap template and deploy. Names derive from account and region only, so compile
// can write them as Fn::Sub without asking AWS, and every app in an account shares them.
import { sub, type Intrinsic } from '../cfn/intrinsics.js';

export const BOOTSTRAP_STACK_NAME = 'ecs-arch-bootstrap';
/** Raised when the bootstrap template changes; deploy upgrades a stack with an older one. */
export const BOOTSTRAP_VERSION = 1;
/** ECR repository names are per account and region already. */
export const IMAGE_REPOSITORY = 'ecs-arch-images';
/** Bucket names are global: account and region make this one unique (the CDK's convention). */
export const ARTIFACT_BUCKET = 'ecs-arch-artifacts-${AWS::AccountId}-${AWS::Region}';

export const artifactBucketName = (account: string, region: string): string =>
  ARTIFACT_BUCKET.replace('${AWS::AccountId}', account).replace('${AWS::Region}', region);

/** The image a build with this tag is pushed as, as the task definition names it. */
export const imageUri = (tag: string): Intrinsic => sub(`\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/${IMAGE_REPOSITORY}:${tag}`);
