// The bootstrap stack against moto: `ecs-arch bootstrap` creates it, a deploy that needs it
// (here a template split into nested stacks, without deployment.artifactBucket) creates it on
// first need with a line saying so and reuses it afterwards.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { ECRClient, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { GetBucketEncryptionCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { stringify } from 'yaml';
import { bootstrapTemplate } from '../../src/bootstrap/template.js';
import type { EcsArchConfig } from '../../src/config/index.js';
import { main } from '../../src/main.js';
import { fakeIo } from '../support/deploy-fixtures.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';
import { generatedConfig, generatedTaskName } from '../stacks/generated.js';

const it = testWithTool('moto_server');
// moto's default account.
const BUCKET = 'ecs-arch-artifacts-123456789012-us-east-1';
const emulator = motoBehindProxy();


async function run(argv: string[], configured?: EcsArchConfig, cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-bootstrap-'))) {
  if (configured) writeFileSync(join(cwd, 'ecs-arch.yml'), stringify(configured));
  const fake = fakeIo({ cwd, env: emulator.env() });
  const code = await main(argv, fake.io);
  return { code, out: fake.stdout(), err: fake.stderr() };
}

/** A template over CloudFormation's 51,200-byte inline limit (the 4 s3 tasks and alerts); no artifact bucket configured. */
const large = (name: string): EcsArchConfig => ({
  ...generatedConfig(Array.from({ length: 8 }, (_, i) => generatedTaskName(i)), { pools: 1, kinds: ['s3'], alertOn: ['task-failed'] }),
  name,
});

describe('the bootstrap template', () => {
  test('bucket encrypted, public access blocked, TLS only, artifacts expire; repository scans on push, immutable tags, old images expire; both retained', () => {
    const { Resources: r, Outputs: outputs } = bootstrapTemplate();
    expect(r.ArtifactBucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketName: { 'Fn::Sub': 'ecs-arch-artifacts-${AWS::AccountId}-${AWS::Region}' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 30 }] },
      },
    });
    expect(JSON.stringify(r.ArtifactBucketPolicy)).toContain('{"Bool":{"aws:SecureTransport":"false"}}');
    expect(r.ImageRepository).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RepositoryName: 'ecs-arch-images', ImageScanningConfiguration: { ScanOnPush: true }, ImageTagMutability: 'IMMUTABLE' } });
    const lifecycle = JSON.parse((r.ImageRepository!.Properties!.LifecyclePolicy as { LifecyclePolicyText: string }).LifecyclePolicyText);
    expect(lifecycle.rules.map((rule: { selection: unknown }) => rule.selection)).toEqual([
      { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 },
      { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 500 },
    ]);
    expect(outputs!.Version).toEqual({ Value: '1', Description: expect.any(String) });
  });
});

describe('bootstrap', () => {
  it('a deploy of a template over 51,200 bytes without artifactBucket creates the bootstrap stack on first need; the next deploy reuses it; `ecs-arch bootstrap` reports it ready', async () => {
    const first = await run(['deploy', '--yes'], large('first'));
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Creating the bootstrap stack ecs-arch-bootstrap in us-east-1 (artifact bucket and image repository, once per account and region)…\n');
    expect(first.out).toContain('Bootstrap stack ecs-arch-bootstrap created (version 1).\n');
    expect(first.out).toContain('Stack first-dev: CREATE_COMPLETE\n');
    expect(emulator.proxy.count('CreateStack')).toBe(1);

    const s3 = new S3Client({ ...emulator.moto.clientConfig, forcePathStyle: true });
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html: a body over 51,200 bytes must come from S3.
    const listed = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'ecs-arch/first-dev/' }))).Contents ?? [];
    expect(listed.map((o) => o.Size! > 51_200)).toEqual([true]);
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKET }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    s3.destroy();
    const ecr = new ECRClient(emulator.moto.clientConfig);
    const [repository] = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['ecs-arch-images'] }))).repositories ?? [];
    // moto keeps the tag mutability; it drops ScanOnPush from CloudFormation (the template test covers it).
    expect(repository).toMatchObject({ repositoryName: 'ecs-arch-images', imageTagMutability: 'IMMUTABLE' });
    ecr.destroy();

    emulator.proxy.clear();
    const second = await run(['deploy', '--yes'], large('second'));
    expect(second.err).toBe('');
    expect(second.code).toBe(0);
    expect(second.out).not.toContain('bootstrap');
    expect(emulator.proxy.count('CreateStack')).toBe(0);
    expect(emulator.proxy.count('UpdateStack')).toBe(0);

    const explicit = await run(['bootstrap', '--region', 'us-east-1']);
    expect(explicit).toEqual({
      code: 0,
      err: '',
      out: `Account 123456789012, region us-east-1\nBootstrap stack ecs-arch-bootstrap in us-east-1 is ready (version 1):\n  artifact bucket   ${BUCKET}\n  image repository  123456789012.dkr.ecr.us-east-1.amazonaws.com/ecs-arch-images\n`,
    });
    const cfn = new CloudFormationClient(emulator.moto.clientConfig);
    const deployed = await cfn.send(new GetTemplateCommand({ StackName: 'ecs-arch-bootstrap' }));
    expect(JSON.parse(deployed.TemplateBody!)).toEqual(bootstrapTemplate());
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'ecs-arch-bootstrap' }))).Stacks ?? [];
    expect(stack?.Outputs?.find((o) => o.OutputKey === 'Version')?.OutputValue).toBe('1');
    cfn.destroy();
  });
});
