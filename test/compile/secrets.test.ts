// Secrets on ECS (issue 10). AWS::ECS::TaskDefinition Secret, ValueFrom: "the full ARN of the
// AWS Secrets Manager secret or the full ARN of the parameter in the SSM Parameter Store" (a
// parameter in the task's Region may also be named):
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-taskdefinition-secret.html
// A JSON key, version stage or version id follows the secret's ARN in ValueFrom
// (arn:…:secret:name-AbCdEf:json-key:version-stage:version-id), while IAM authorises
// GetSecretValue on the secret's ARN itself:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
import { afterAll, describe, expect, test } from '@jest/globals';
import { compileProject } from '../../src/compile/index.js';
import { BASE, workspace } from '../config/helpers.js';

const ws = workspace();
afterAll(() => ws.remove());

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

function task(secrets: string): string {
  return `${BASE}region: us-east-1\ntasks:\n  a:\n    image: busybox\n    secrets:\n${secrets}`;
}

describe('Secrets Manager references', () => {
  test('a JSON-key and version form stays whole in ValueFrom; the IAM resource is the secret ARN without the suffix', async () => {
    const result = await ws.load(task(`      PASSWORD: "secretsmanager:${SECRET}:password::"\n      STAGED: "secretsmanager:${SECRET}:user:AWSPREVIOUS:"\n`));
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { template } = compileProject(result.project).templates[0]!;
    const definition = Object.values(template.Resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!;
    const container = (definition.Properties as { ContainerDefinitions: { Secrets: unknown[] }[] }).ContainerDefinitions[0]!;
    expect(container.Secrets).toEqual([
      { Name: 'PASSWORD', ValueFrom: `${SECRET}:password::` },
      { Name: 'STAGED', ValueFrom: `${SECRET}:user:AWSPREVIOUS:` },
    ]);
    const statements = JSON.stringify(template).match(/\{"Sid":"ReadSecrets"[^}]*\}/g);
    expect(statements).toEqual([`{"Sid":"ReadSecrets","Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":["${SECRET}"]}`]);
  });
});

describe('what a Secrets Manager reference may be', () => {
  const hint = (name: string): string =>
    `ECS needs the secret's complete ARN, ending in the 6-character suffix AWS adds (arn:aws:secretsmanager:<region>:<account>:secret:${name}-AbCdEf). Print it with: aws secretsmanager describe-secret --secret-id ${name} --query ARN`;

  test('a bare name is refused at the value, saying how to get the ARN', async () => {
    expect(await ws.problems(task('      DB: secretsmanager:prod/db\n'))).toEqual([`10:11: tasks.a.secrets.DB: "prod/db" is a secret name; ${hint('prod/db')}`]);
  });

  test('an ARN without the 6-character suffix (a partial ARN) is refused', async () => {
    const partial = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db';
    expect(await ws.problems(task(`      DB: secretsmanager:${partial}\n`))).toEqual([`10:11: tasks.a.secrets.DB: "${partial}" is not a complete secret ARN; ${hint('prod/db')}`]);
  });

  test('a complete ARN and ${ssm:} (a parameter holding the ARN) pass into ValueFrom and the grant unchanged', async () => {
    const result = await ws.load(task(`      DB: secretsmanager:${SECRET}\n      OTHER: secretsmanager:\${ssm:/app/other-secret-arn}\n`));
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { template } = compileProject(result.project).templates[0]!;
    const definition = Object.values(template.Resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!;
    const container = (definition.Properties as { ContainerDefinitions: { Secrets: unknown[] }[] }).ContainerDefinitions[0]!;
    expect(container.Secrets).toEqual([
      { Name: 'DB', ValueFrom: SECRET },
      { Name: 'OTHER', ValueFrom: '{{resolve:ssm:/app/other-secret-arn}}' },
    ]);
    expect(JSON.stringify(template).match(/\{"Sid":"ReadSecrets".*?\]\}/g)).toEqual([
      `{"Sid":"ReadSecrets","Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":["${SECRET}","{{resolve:ssm:/app/other-secret-arn}}"]}`,
    ]);
  });
});

describe('SSM parameter names', () => {
  test.each(['ssm:/', 'ssm://x', 'ssm:/a//b'])('%s is refused at the value', async (value) => {
    expect(await ws.problems(task(`      KEY: ${value}\n`))).toEqual([
      `10:12: tasks.a.secrets.KEY: "${value}" must be ssm:/parameter-name (no empty path segments) or secretsmanager:<complete secret ARN>`,
    ]);
  });
});

// kms:Decrypt on a customer-managed key is needed only for such keys, on that key's ARN:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
// kms:ViaService limits it to requests made through Secrets Manager or SSM:
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
describe('secretsKmsKey', () => {
  const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  test('the execution role gets exactly kms:Decrypt on the key, through the services the secrets come from', async () => {
    const result = await ws.load(`${task(`      DB: secretsmanager:${SECRET}\n      KEY: ssm:/app/key\n`)}    secretsKmsKey: ${KEY}\n`);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { template } = compileProject(result.project).templates[0]!;
    const role = template.Resources.AExecutionRole!.Properties as { Policies: { PolicyDocument: { Statement: { Sid: string }[] } }[] };
    const statements = role.Policies.flatMap((p) => p.PolicyDocument.Statement).filter((s) => s.Sid === 'DecryptSecrets');
    expect(statements).toEqual([
      {
        Sid: 'DecryptSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: KEY,
        Condition: { StringEquals: { 'kms:ViaService': [{ 'Fn::Sub': 'secretsmanager.${AWS::Region}.amazonaws.com' }, { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' }] } },
      },
    ]);
  });

  test('without secretsKmsKey there is no KMS grant', async () => {
    const result = await ws.load(task(`      DB: secretsmanager:${SECRET}\n`));
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(JSON.stringify(compileProject(result.project).templates[0]!.template)).not.toContain('kms:Decrypt');
  });

  test('an alias is refused at the value', async () => {
    const alias = 'arn:aws:kms:us-east-1:123456789012:alias/secrets';
    expect(await ws.problems(`${task(`      DB: secretsmanager:${SECRET}\n`)}    secretsKmsKey: ${alias}\n`)).toEqual([
      `11:20: tasks.a.secretsKmsKey: "${alias}" must be a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias)`,
    ]);
  });
});
