// deploy and diff through the command flow (runDeploy) against moto, with the fault proxy
// in front of it for the failures moto cannot produce.
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { runDeploy, type DeployCommandInput } from '../support/deploy-fixtures.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';
import { cfnError, cfnResponse, stackEventsReply, withOutputs, withStackStatus } from '../support/fault-proxy.js';
import { compiled, fakeIo, queue, table, template, topic, type FakeIoOptions } from '../support/deploy-fixtures.js';

const it = testWithTool('moto_server');
const emulator = motoBehindProxy();
let cfn: CloudFormationClient;

beforeAll(() => {
  if (emulator.moto) cfn = new CloudFormationClient(emulator.moto.clientConfig);
});
afterAll(() => cfn?.destroy());

let counter = 0;
/** A fresh stack name per test, so tests share one moto without resets. */
function stackName(): string {
  return `app${++counter}-dev`;
}

const env = emulator.env;

type Run = Omit<DeployCommandInput, 'io' | 'outDir'> & { io?: Partial<FakeIoOptions> };
async function deploy(run: Run) {
  const fake = fakeIo({ env: env(), ...run.io });
  const outDir = join(fake.cwd, '.ecs-arch', 'dev');
  mkdirSync(outDir, { recursive: true });
  const code = await runDeploy({ ...run, io: fake.io, outDir });
  const [header, ...rest] = fake.stdout().split(/(?<=\n)/);
  // Every run starts by saying where it works (tested once below); the rest is what each test checks.
  const out = header === 'Account 123456789012, region us-east-1\n' ? rest.join('') : fake.stdout();
  return { code, header, out, err: fake.stderr(), cwd: fake.cwd, questions: fake.questions, outDir };
}

async function stackStatus(name: string): Promise<string | undefined> {
  const response = await cfn.send(new DescribeStacksCommand({ StackName: name })).catch(() => undefined);
  return response?.Stacks?.[0]?.StackStatus;
}

const basic = (name: string) =>
  template({ Jobs: queue(`${name}-jobs`), Alerts: topic(`${name}-alerts`) }, { JobsUrl: { Value: { Ref: 'Jobs' } } });

describe('deploy', () => {
  it('creates a new stack from a CREATE change set, prints it, writes outputs and review.md', async () => {
    const name = stackName();
    const url = `https://sqs.us-east-1.amazonaws.com/123456789012/${name}-jobs`;
    // moto leaves Outputs empty for stacks made by change sets; add them as CloudFormation returns them.
    emulator.proxy.add({ action: 'DescribeStacks', rewrite: withOutputs({ JobsUrl: url }) });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true, outputsFile: 'out/stack.json' });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.header).toBe('Account 123456789012, region us-east-1\n');
    // What to decide on first; the full list is behind --verbose and in review.md.
    expect(result.out.split('\n').slice(0, 5)).toEqual([
      expect.stringMatching(new RegExp(`^Change set ecs-arch-\\d{8}T\\d{6}-[a-z0-9]{4} for stack ${name}: 2 to add\\.$`)),
      '',
      'Data loss: none (no bucket, table or queue is replaced or removed).',
      '',
      'Every change and the template diff: --verbose, or .ecs-arch/dev/review.md.',
    ]);
    expect(result.out).not.toContain('Template diff:');
    expect(result.out).toContain(`Stack ${name}: CREATE_COMPLETE\n  JobsUrl = ${url}\n`);
    expect(result.out).toMatch(/\d\d:\d\d:\d\d {2}CREATE_COMPLETE {14}app\d+-dev {2}AWS::CloudFormation::Stack\n/);
    const outputs = { JobsUrl: url };
    expect(JSON.parse(readFileSync(join(result.cwd, '.ecs-arch/dev/outputs.json'), 'utf8'))).toEqual(outputs);
    expect(JSON.parse(readFileSync(join(result.cwd, 'out/stack.json'), 'utf8'))).toEqual(outputs);
    expect(readFileSync(join(result.outDir, 'review.md'), 'utf8')).toContain(name);
    expect(await stackStatus(name)).toBe('CREATE_COMPLETE');
    expect(emulator.proxy.count('CreateChangeSet')).toBe(1);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(1);
  });

  // CloudFormation's "Resources in concurrent stack operations" quota (2,500 by default) is read
  // as ConcurrentResourcesLimit from DescribeAccountLimits, a paginated call moto does not answer:
  // the proxy answers in CloudFormation's XML, and ECS_ARCH_QUOTA_CHECK_FROM=1 makes a 2-resource
  // deploy large enough to read it.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeAccountLimits.html
  it('warns before executing a change set over the account\'s concurrent-resources quota, in text, --json and review.md', async () => {
    const name = stackName();
    const limit = (limits: Record<string, number>, next?: string) =>
      cfnResponse('DescribeAccountLimits', `<AccountLimits>${Object.entries(limits).map(([n, v]) => `<member><Name>${n}</Name><Value>${v}</Value></member>`).join('')}</AccountLimits>${next ? `<NextToken>${next}</NextToken>` : ''}`);
    emulator.proxy.add({ action: 'DescribeAccountLimits', reply: (request) => (request.params.get('NextToken') ? limit({ ConcurrentResourcesLimit: 1 }) : limit({ StackLimit: 2000 }, 'page-2')) });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true, json: true, io: { env: env({ ECS_ARCH_QUOTA_CHECK_FROM: '1' }) } });
    const warning =
      'Warning: this change set changes 2 resources across its stacks, more than the 1 of this account\'s CloudFormation quota "Resources in concurrent stack operations" in this region, ' +
      'so CloudFormation may fail part-way and roll back. Deploy in steps (e.g. add tasks in batches), or request a quota increase first (Service Quotas, AWS CloudFormation).';
    // Said with the change set, before execution; the deploy still goes ahead.
    expect(result.err.indexOf(warning)).toBeGreaterThan(0);
    expect(result.err.indexOf(warning)).toBeLessThan(result.err.indexOf('Executing change set'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).changeSet).toMatchObject({ resourceChanges: 2, quota: { resources: 2, limit: 1, exceeded: true, message: warning } });
    expect(readFileSync(join(result.outDir, 'review.md'), 'utf8')).toContain('**Warning:** this change set changes 2 resources across its stacks, more than the 1 of');
    expect(await stackStatus(name)).toBe('CREATE_COMPLETE');
    expect(emulator.proxy.count('DescribeAccountLimits')).toBe(2);
  });

  it('updates an existing stack and shows what changes', async () => {
    const name = stackName();
    expect((await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true })).code).toBe(0);
    const next = basic(name);
    next.Resources.Audit = topic(`${name}-audit`);
    const result = await deploy({ compiled: compiled(name, next), mode: 'deploy', yes: true, verbose: true });
    expect(result.code).toBe(0);
    expect(result.out).toContain(`for stack ${name}: 1 to add.\n`);
    expect(result.out).toContain('All changes:\n  Action  Logical ID  Type             Replacement\n  Add     Audit       AWS::SNS::Topic  -\n');
    expect(result.out).toContain('Template diff:\n');
    expect(result.out).toContain('[+] AWS::SNS::Topic Audit');
    expect(result.out).toContain(`Stack ${name}: UPDATE_COMPLETE\n`);
    expect(result.out).toMatch(/UPDATE_COMPLETE {14}app\d+-dev {2}AWS::CloudFormation::Stack\n/);
  });

  it('finds an unchanged stack before creating a change set (template, tags and parameters match)', async () => {
    const name = stackName();
    await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    emulator.proxy.clear();
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    expect(result).toMatchObject({ code: 0, err: '', out: `No changes: stack ${name} is up to date (the deployed template and tags are identical; --force creates a change set anyway).\n` });
    expect(emulator.proxy.calls()).toEqual({ GetCallerIdentity: 1, DescribeStacks: 1, GetTemplate: 1 });
    expect(existsSync(join(result.cwd, '.ecs-arch/dev/outputs.json'))).toBe(true);
  });

  it('treats an empty change set as "No changes" and deletes it (both AWS wordings)', async () => {
    const name = stackName();
    await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    // Tags differ from the deployed ones, so the quick check cannot skip; moto then reports
    // "The submitted information didn't contain changes…".
    const tagged = compiled(name, basic(name), { tags: { app: name, team: 'media' } });
    emulator.proxy.clear();
    const first = await deploy({ compiled: tagged, mode: 'deploy', yes: true });
    expect(first).toMatchObject({ code: 0, err: '', out: `No changes: stack ${name} is up to date (CloudFormation found no changes).\n` });
    expect(emulator.proxy.count('CreateChangeSet')).toBe(1);
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(1);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(0);

    emulator.proxy.clear();
    emulator.proxy.add({
      action: 'DescribeChangeSet',
      rewrite: (body) =>
        body
          .replace(/<StatusReason>.*?<\/StatusReason>|<StatusReason\/>/s, '')
          .replace(/<Status>[^<]*<\/Status>/, '<Status>FAILED</Status><StatusReason>No updates are to be performed.</StatusReason>')
          .replace(/<ExecutionStatus>[^<]*<\/ExecutionStatus>/, '<ExecutionStatus>UNAVAILABLE</ExecutionStatus>'),
    });
    const second = await deploy({ compiled: tagged, mode: 'deploy', yes: true });
    expect(second).toMatchObject({ code: 0, err: '', out: `No changes: stack ${name} is up to date (CloudFormation found no changes).\n` });
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(1);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(0);
  });

  it('prints AWS\'s reason when the change set fails, deletes it, exits 1', async () => {
    const name = stackName();
    const reason = 'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template';
    emulator.proxy.add({ action: 'DescribeChangeSet', reply: () => cfnResponse('DescribeChangeSet', `<Status>FAILED</Status><ExecutionStatus>UNAVAILABLE</ExecutionStatus><StatusReason>${reason}</StatusReason>`) });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    expect(result).toMatchObject({ code: 1, out: '', err: `The change set failed: ${reason}\n` });
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(1);
    // The stack did not exist before: the empty REVIEW_IN_PROGRESS stack is removed too.
    expect(emulator.proxy.count('DeleteStack')).toBe(1);
    expect(await stackStatus(name)).toBeUndefined();
  });

  it('reports a failed execution with the first failure reason and the rollback status', async () => {
    const name = stackName();
    emulator.proxy.add({ action: 'DescribeStacks', rewrite: withStackStatus('ROLLBACK_COMPLETE'), when: (r) => r.params.get('StackName')!.startsWith('arn:') });
    emulator.proxy.add({
      action: 'DescribeStackEvents',
      reply: stackEventsReply([
        { logicalId: name, resourceType: 'AWS::CloudFormation::Stack', status: 'CREATE_IN_PROGRESS', reason: 'User Initiated' },
        { logicalId: 'Jobs', resourceType: 'AWS::SQS::Queue', status: 'CREATE_IN_PROGRESS' },
        { logicalId: 'Alerts', resourceType: 'AWS::SNS::Topic', status: 'CREATE_IN_PROGRESS' },
        { logicalId: 'Jobs', resourceType: 'AWS::SQS::Queue', status: 'CREATE_FAILED', reason: 'Resource handler returned message: "Access to KMS is not allowed" (HandlerErrorCode: AccessDenied)' },
        { logicalId: 'Alerts', resourceType: 'AWS::SNS::Topic', status: 'CREATE_FAILED', reason: 'Resource creation cancelled' },
        { logicalId: name, resourceType: 'AWS::CloudFormation::Stack', status: 'ROLLBACK_IN_PROGRESS', reason: 'The following resource(s) failed to create: [Jobs, Alerts]. Rollback requested by user.' },
        { logicalId: 'Jobs', resourceType: 'AWS::SQS::Queue', status: 'DELETE_COMPLETE' },
        { logicalId: 'Alerts', resourceType: 'AWS::SNS::Topic', status: 'DELETE_COMPLETE' },
        { logicalId: name, resourceType: 'AWS::CloudFormation::Stack', status: 'ROLLBACK_COMPLETE' },
      ]),
    });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `Stack ${name}: ROLLBACK_COMPLETE\n` +
        'First failure:\n' +
        '  Jobs (AWS::SQS::Queue) CREATE_FAILED: Resource handler returned message: "Access to KMS is not allowed" (HandlerErrorCode: AccessDenied)\n' +
        'The next deploy deletes the failed stack and creates it again.\n',
    );
    expect(result.out).toMatch(/CREATE_FAILED {16}Jobs {2}AWS::SQS::Queue {2}Resource handler returned message/);
    expect(result.out).toMatch(/ROLLBACK_COMPLETE {12}app\d+-dev {2}AWS::CloudFormation::Stack\nFinished in \d+s\.\n$/);
  });

  it('deletes a ROLLBACK_COMPLETE stack and creates it again (asks first on a terminal)', async () => {
    const name = stackName();
    await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    emulator.proxy.clear();
    emulator.proxy.add({ action: 'DescribeStacks', times: 1, rewrite: withStackStatus('ROLLBACK_COMPLETE') });
    const declined = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', io: { answer: false, env: env({ CI: '' }) } });
    expect(declined).toMatchObject({ code: 1, err: 'Deploy not confirmed; nothing was changed.\n' });
    expect(declined.questions).toEqual([`Stack ${name} is ROLLBACK_COMPLETE after a failed first create. Delete it and create it again?`]);
    expect(emulator.proxy.count('DeleteStack')).toBe(0);

    emulator.proxy.clear();
    emulator.proxy.add({ action: 'DescribeStacks', times: 1, rewrite: withStackStatus('ROLLBACK_COMPLETE') });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Deleting stack ${name} (ROLLBACK_COMPLETE after a failed first create) so it can be created again…\n`);
    expect(result.out).toContain(': 2 to add.\n');
    expect(result.out).toContain(`Stack ${name}: CREATE_COMPLETE\n`);
    expect(emulator.proxy.count('DeleteStack')).toBe(1);
    expect(emulator.proxy.count('CreateChangeSet')).toBe(1);
  });

  it('waits for a busy stack, then deploys; gives up after the timeout', async () => {
    const name = stackName();
    await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    const next = basic(name);
    next.Resources.Audit = topic(`${name}-audit`);
    emulator.proxy.clear();
    emulator.proxy.add({ action: 'DescribeStacks', times: 3, rewrite: withStackStatus('UPDATE_IN_PROGRESS') });
    const waited = await deploy({ compiled: compiled(name, next), mode: 'deploy', yes: true });
    expect(waited.err).toBe('');
    expect(waited.out.split('\n')[0]).toBe(`Stack ${name} is busy (UPDATE_IN_PROGRESS); waiting for the current operation to finish…`);
    expect(waited.out).toContain(`Stack ${name}: UPDATE_COMPLETE\n`);

    emulator.proxy.clear();
    emulator.proxy.add({ action: 'DescribeStacks', rewrite: withStackStatus('UPDATE_IN_PROGRESS') });
    const gaveUp = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true, io: { env: env({ ECS_ARCH_BUSY_TIMEOUT_MS: '60' }) } });
    expect(gaveUp).toMatchObject({ code: 1, err: `Stack ${name} is still UPDATE_IN_PROGRESS after waiting 0s; try again when it has finished.\n` });
    expect(emulator.proxy.count('CreateChangeSet')).toBe(0);
  });

  it('explains UPDATE_ROLLBACK_FAILED instead of deploying', async () => {
    const name = stackName();
    await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    emulator.proxy.clear();
    emulator.proxy.add({ action: 'DescribeStacks', rewrite: withStackStatus('UPDATE_ROLLBACK_FAILED') });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `Stack ${name} is UPDATE_ROLLBACK_FAILED. The last update failed and so did its rollback. Fix the cause shown in the stack's events ` +
        `(aws cloudformation describe-stack-events --stack-name ${name}), then run "aws cloudformation continue-update-rollback --stack-name ${name}" ` +
        '(add --resources-to-skip for resources that cannot be rolled back), wait for UPDATE_ROLLBACK_COMPLETE, and deploy again.\n',
    );
    expect(emulator.proxy.count('CreateChangeSet')).toBe(0);
  });

  it('refuses to replace or remove stateful resources unless --allow-data-loss', async () => {
    const name = stackName();
    const first = template({ Jobs: queue(`${name}-jobs`), Results: table(`${name}-results`) });
    await deploy({ compiled: compiled(name, first), mode: 'deploy', yes: true });
    // A new key schema forces replacement; moto's change set leaves Replacement empty, the template diff knows.
    const rekeyed = template({ Results: table(`${name}-results`, 'id') });
    emulator.proxy.clear();
    const refused = await deploy({ compiled: compiled(name, rekeyed), mode: 'deploy', yes: true });
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      'Refusing to deploy: the change set would replace or remove the 2 stateful resources listed under "Data loss" above, losing their data. ' +
        'The change set was deleted. Re-run with --allow-data-loss if this is intended.\n',
    );
    expect(refused.out).toContain(': 1 to modify (1 replaced), 1 to remove.\n');
    expect(refused.out).toContain('Replaced (deleted and created again):\n  Results  AWS::DynamoDB::Table\n');
    expect(refused.out).toContain('Removed:\n  Jobs  AWS::SQS::Queue\n');
    expect(refused.out).toContain('Data loss:\n  Jobs (AWS::SQS::Queue) would be removed\n  Results (AWS::DynamoDB::Table) would be replaced\n');
    // The list is printed once.
    expect(`${refused.out}${refused.err}`.split('Jobs (AWS::SQS::Queue) would be removed').length).toBe(2);
    expect(readFileSync(join(refused.outDir, 'review.md'), 'utf8')).toContain('the deploy was refused');
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(1);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(0);

    emulator.proxy.clear();
    const allowed = await deploy({ compiled: compiled(name, rekeyed), mode: 'deploy', yes: true, allowDataLoss: true });
    expect(allowed.err).toBe('');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain(`Stack ${name}: UPDATE_COMPLETE\n`);
  });

  it('uploads a template over 51,200 bytes to deployment.artifactBucket and passes its URL', async () => {
    const name = stackName();
    const big = basic(name);
    big.Metadata = { Padding: 'x'.repeat(52_000) };
    const s3 = new S3Client({ ...emulator.moto.clientConfig, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: `${name}-artifacts` }));
    let templateUrl: string | null = null;
    emulator.proxy.add({ action: 'CreateChangeSet', before: (r) => void (templateUrl = r.params.get('TemplateURL')) });
    const result = await deploy({ compiled: compiled(name, big, { artifactBucket: `${name}-artifacts` }), mode: 'deploy', yes: true });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: `${name}-artifacts` }));
    const key = listed.Contents?.[0]?.Key ?? '';
    expect(key).toMatch(new RegExp(`^ecs-arch/${name}/[0-9a-f]{64}\\.json$`));
    expect(templateUrl).toBe(`https://${name}-artifacts.s3.us-east-1.amazonaws.com/${key}`);
    expect(emulator.proxy.count('S3:PUT')).toBe(1);
    s3.destroy();
  });

  it('under CI, stops without --yes before calling AWS', async () => {
    const name = stackName();
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy' });
    expect(result).toMatchObject({
      code: 2,
      out: '',
      err:
        'ecs-arch deploy: refusing to deploy without confirmation: running under CI (CI=true or no terminal). ' +
        'Pass --yes to deploy, --no-execute to only create the change set, or run "ecs-arch diff" to preview.\n',
    });
    expect(emulator.proxy.calls()).toEqual({});
  });

  it('asks on a terminal, and executes only when the answer is yes; shows live progress', async () => {
    const name = stackName();
    const declined = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', io: { answer: false, env: env({ CI: '' }) } });
    expect(declined).toMatchObject({ code: 1, err: 'Deploy not confirmed; the change set was deleted and nothing was changed.\n' });
    expect(declined.questions).toEqual([expect.stringMatching(new RegExp(`^Execute change set ecs-arch-\\S+ on stack ${name}\\?$`))]);
    expect(await stackStatus(name)).toBeUndefined();

    const accepted = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', io: { answer: true, env: env({ CI: '' }) } });
    expect(accepted.code).toBe(0);
    // The live view: drawn, then erased (cursor up, clear to the end) before each line above it and at the end.
    expect(accepted.out).toContain('Deploying: 0/2 resources, 0s');
    expect(accepted.out).toContain('\x1b[1A\r\x1b[J');
    expect(accepted.out).toMatch(/Finished in \d+s: \d\/2 resources\.\n/);
    expect(accepted.out).toContain(`Stack ${name}: CREATE_COMPLETE\n`);
  });

  it('--no-execute leaves the change set and prints its name and ARN', async () => {
    const name = stackName();
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', noExecute: true });
    expect(result.code).toBe(0);
    const match = /Change set left for review \(--no-execute\): (\S+)\n {2}ARN: (arn:aws:cloudformation:\S+)\n {2}Execute it: aws cloudformation execute-change-set --change-set-name (\S+) --region us-east-1\n$/.exec(result.out);
    expect(match).not.toBeNull();
    expect(match![3]).toBe(match![2]);
    const listed = await cfn.send(new ListChangeSetsCommand({ StackName: name }));
    const left = listed.Summaries?.find((s) => s.ChangeSetName === match![1]);
    expect([left?.StackName, left?.Status, left?.ExecutionStatus]).toEqual([name, 'CREATE_COMPLETE', 'AVAILABLE']);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(0);
  });

  it('retries throttled calls (the SDK first, then the event poller backs off)', async () => {
    const name = stackName();
    const throttle = { reply: () => cfnError('Throttling', 'Rate exceeded') };
    emulator.proxy.add({ action: 'CreateChangeSet', times: 1, ...throttle });
    emulator.proxy.add({ action: 'DescribeChangeSet', times: 1, ...throttle });
    emulator.proxy.add({ action: 'DescribeStackEvents', times: 3, ...throttle });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true, io: { env: env({ AWS_MAX_ATTEMPTS: '2' }) } });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Stack ${name}: CREATE_COMPLETE\n`);
    expect(emulator.proxy.count('CreateChangeSet')).toBe(2);
    expect(emulator.proxy.count('DescribeStackEvents')).toBeGreaterThanOrEqual(4);
  });

  it('Ctrl-C while the change set is being created deletes it and exits 130', async () => {
    const name = stackName();
    const controller = new AbortController();
    emulator.proxy.add({
      action: 'DescribeChangeSet',
      before: () => controller.abort(),
      reply: () => cfnResponse('DescribeChangeSet', '<Status>CREATE_IN_PROGRESS</Status><ExecutionStatus>UNAVAILABLE</ExecutionStatus>'),
    });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true, io: { signal: controller.signal } });
    expect(result).toMatchObject({ code: 130, out: '', err: 'Interrupted; the change set was deleted and nothing was changed.\n' });
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(1);
    expect(emulator.proxy.count('ExecuteChangeSet')).toBe(0);
  });

  it('Ctrl-C during execution leaves CloudFormation running and says how to follow or cancel', async () => {
    const name = stackName();
    const controller = new AbortController();
    emulator.proxy.add({ action: 'ExecuteChangeSet', before: () => controller.abort() });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true, io: { signal: controller.signal } });
    expect(result.code).toBe(130);
    expect(result.err).toBe(
      'Interrupted. CloudFormation keeps going without ecs-arch.\n' +
        `  Follow it: aws cloudformation describe-stack-events --stack-name ${name} --region us-east-1\n` +
        `  Cancel it: aws cloudformation cancel-update-stack --stack-name ${name} --region us-east-1 (a first create is stopped by deleting the stack)\n`,
    );
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(0);
  });

  it('turns termination protection on after deploying when the manifest asks for it', async () => {
    const name = stackName();
    // moto does not implement UpdateTerminationProtection; answer as CloudFormation does.
    let asked: string | null = null;
    emulator.proxy.add({ action: 'UpdateTerminationProtection', before: (r) => void (asked = r.params.get('EnableTerminationProtection')), reply: () => cfnResponse('UpdateTerminationProtection', '<StackId>x</StackId>') });
    const result = await deploy({ compiled: compiled(name, basic(name), { terminationProtection: true }), mode: 'deploy', yes: true });
    expect(result.code).toBe(0);
    expect(asked).toBe('true');
    expect(emulator.proxy.count('UpdateTerminationProtection')).toBe(1);
  });
});

describe('diff', () => {
  it('creates the change set, prints it, deletes it (and the empty new stack)', async () => {
    const name = stackName();
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'diff' });
    expect(result.code).toBe(0);
    expect(result.out).toContain(`for stack ${name}: 2 to add.\n`);
    expect(result.out.endsWith('Change set deleted (diff only).\n')).toBe(true);
    expect(emulator.proxy.count('DeleteChangeSet')).toBe(1);
    expect(await stackStatus(name)).toBeUndefined();
    // 2 changes, below the default threshold of 500: the quota is not read.
    expect(emulator.proxy.count('DescribeAccountLimits')).toBe(0);
    expect(result.out).not.toContain('Resources in concurrent stack operations');
  });

  it('compares with the default 2,500 when the account\'s quota cannot be read, and says so', async () => {
    const name = stackName();
    emulator.proxy.add({ action: 'DescribeAccountLimits', reply: () => cfnError('AccessDenied', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:DescribeAccountLimits', 403) });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'diff', io: { env: env({ ECS_ARCH_QUOTA_CHECK_FROM: '1' }) } });
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      '\nNote: could not read this account\'s CloudFormation quota "Resources in concurrent stack operations" (DescribeAccountLimits failed: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:DescribeAccountLimits); ' +
        'the 2 resource changes are within its default 2,500.\n',
    );
    expect(result.out).not.toContain('Warning:');
    expect(emulator.proxy.count('DescribeAccountLimits')).toBe(1);
  });

  it('reports "No changes" for a deployed, unchanged stack', async () => {
    const name = stackName();
    await deploy({ compiled: compiled(name, basic(name)), mode: 'deploy', yes: true });
    const result = await deploy({ compiled: compiled(name, basic(name)), mode: 'diff' });
    expect(result).toMatchObject({ code: 0, err: '', out: `No changes: stack ${name} is up to date (CloudFormation found no changes).\n` });
  });
});
