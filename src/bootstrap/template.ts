// The bootstrap stack: one per account and region, shared by every ecs-arch app there. It
// owns the artifact bucket (large and nested templates) and the ECR repository (images built
// from source). Built as typed objects like every other template; pure.
import { getAtt, ref, sub } from '../cfn/intrinsics.js';
import { policyDocument } from '../cfn/resources.js';
import type { CfnResource, Template } from '../compile/types.js';
import { ARTIFACT_BUCKET, BOOTSTRAP_VERSION, IMAGE_REPOSITORY } from './names.js';

/** Templates are read when a change set is created; a month covers any review before execution. */
export const ARTIFACT_EXPIRY_DAYS = 30;
/** Tags are content hashes: keep this many images so the ones running, and rollbacks, stay pullable. */
export const IMAGES_KEPT = 500;

const retained = (resource: Omit<CfnResource, 'DeletionPolicy' | 'UpdateReplacePolicy'>): CfnResource => ({
  ...resource,
  // Removing the bootstrap stack must not delete images that running tasks pull.
  DeletionPolicy: 'Retain',
  UpdateReplacePolicy: 'Retain',
});

export function bootstrapTemplate(): Template {
  const lifecyclePolicy = {
    rules: [
      { rulePriority: 1, description: 'Untagged layers of interrupted pushes', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }, action: { type: 'expire' } },
      { rulePriority: 2, description: `Keep the newest ${IMAGES_KEPT} images`, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: IMAGES_KEPT }, action: { type: 'expire' } },
    ],
  };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `ecs-arch bootstrap (version ${BOOTSTRAP_VERSION}): the artifact bucket and image repository every ecs-arch app in this account and region uses`,
    Resources: {
      ArtifactBucket: retained({
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: sub(ARTIFACT_BUCKET),
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          LifecycleConfiguration: {
            Rules: [{ Id: 'ExpireArtifacts', Status: 'Enabled', ExpirationInDays: ARTIFACT_EXPIRY_DAYS, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
          },
        },
      }),
      ArtifactBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: ref('ArtifactBucket'),
          PolicyDocument: policyDocument([
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Resource: [getAtt('ArtifactBucket', 'Arn'), sub('${ArtifactBucket.Arn}/*')],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ]),
        },
      },
      ImageRepository: retained({
        Type: 'AWS::ECR::Repository',
        Properties: {
          RepositoryName: IMAGE_REPOSITORY,
          ImageScanningConfiguration: { ScanOnPush: true },
          ImageTagMutability: 'IMMUTABLE',
          EncryptionConfiguration: { EncryptionType: 'AES256' },
          LifecyclePolicy: { LifecyclePolicyText: JSON.stringify(lifecyclePolicy) },
        },
      }),
    },
    Outputs: {
      Version: { Value: String(BOOTSTRAP_VERSION), Description: 'Bootstrap template version; ecs-arch upgrades an older one' },
      ArtifactBucketName: { Value: ref('ArtifactBucket'), Description: 'Large and nested CloudFormation templates' },
      ImageRepositoryName: { Value: ref('ImageRepository'), Description: 'Images built from source' },
      ImageRepositoryUri: { Value: getAtt('ImageRepository', 'RepositoryUri'), Description: 'Where images built from source are pushed' },
    },
  };
}
