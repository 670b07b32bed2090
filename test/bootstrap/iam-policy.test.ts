// docs/iam-policy.json is the least-privilege policy the README gives for a CI role running
// deploy, build and bootstrap. This test reads the AWS calls the code makes (every SDK
// command it constructs) and checks the policy allows exactly those, plus the ECR actions a
// docker push needs and the bootstrap template's resources need. Action names:
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html,
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html
import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cloudformation from '@aws-sdk/client-cloudformation';
import * as ecr from '@aws-sdk/client-ecr';
import * as s3 from '@aws-sdk/client-s3';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const policy = JSON.parse(readFileSync(join(ROOT, 'docs/iam-policy.json'), 'utf8')) as { Statement: { Sid: string; Action: string[]; Resource: string | string[] }[] };
const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid)!;

// Calls deploy/build/bootstrap never make: remove's own, and STS GetCallerIdentity, which IAM cannot deny.
// remove (and its --delete-data), and the operate commands (logs, run, status): not what a CI role running deploy, build or bootstrap calls.
const NOT_DEPLOY = new Set(['src/deploy/remove.ts', 'src/operate/delete-data.ts', 'src/commands/run.ts', 'src/operate/logs.ts', 'src/operate/status.ts']);
const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity']);
const SERVICES: [string, Record<string, unknown>][] = [['cloudformation', cloudformation], ['ecr', ecr], ['s3', s3]];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function actionsInCode(): string[] {
  const actions = new Set<string>();
  for (const file of sources(join(ROOT, 'src'))) {
    if (NOT_DEPLOY.has(relative(ROOT, file))) continue;
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/\.([A-Z][A-Za-z]+)Command\(/g)) {
      if (name === 'GetCallerIdentity') continue;
      const service = SERVICES.find(([, module]) => `${name}Command` in module);
      if (!service) throw new Error(`${relative(ROOT, file)}: ${name}Command belongs to no service this test knows`);
      actions.add(`${service[0]}:${name}`);
    }
  }
  return [...actions].filter((a) => !ALWAYS_ALLOWED.has(a)).sort();
}

describe('docs/iam-policy.json', () => {
  test('allows exactly the CloudFormation, S3 and ECR calls deploy, build and bootstrap make', () => {
    const allowed = ['EcsArchStacks', 'AccountLimits', 'UploadTemplates', 'EcrLogin'].flatMap((sid) => statement(sid).Action);
    // GetObject: CloudFormation reads a TemplateURL with the caller's credentials.
    expect(allowed.filter((a) => a !== 's3:GetObject').sort()).toEqual(actionsInCode());
  });

  test('docker push to the bootstrap repository, and nothing else, may write images', () => {
    expect(statement('PushImages')).toEqual({
      Sid: 'PushImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
      Resource: 'arn:aws:ecr:*:*:repository/ecs-arch-images',
    });
  });

  // Both are account-level actions with no resource type to name:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html
  test('only the account limits and the login token have Resource "*" (neither offers anything narrower)', () => {
    expect(policy.Statement.filter((s) => [s.Resource].flat().includes('*')).map((s) => s.Action)).toEqual([['cloudformation:DescribeAccountLimits'], ['ecr:GetAuthorizationToken']]);
  });
});
