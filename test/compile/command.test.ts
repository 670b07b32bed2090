// `ecs-arch compile` through main(): files written, summary, formats, escape-hatch errors.
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';
import { compileProject } from '../../src/compile/index.js';
import { fixtureConfig, projectFrom, ROOT } from './helpers.js';

function fakeIo(cwd: string): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: (t: string) => void (err += t) },
    env: { AWS_DEFAULT_REGION: 'us-east-1' },
    cwd,
    out: () => out,
    err: () => err,
  };
}

function workspace(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-compile-'));
  writeFileSync(join(dir, 'ecs-arch.yml'), readFileSync(fixture, 'utf8'));
  return dir;
}

describe('ecs-arch compile', () => {
  test('writes template, manifest and review under .ecs-arch/<stage> and summarises', async () => {
    const dir = workspace(join(ROOT, 'examples', 'sqs-autoscaling', 'ecs-arch.yml'));
    const io = fakeIo(dir);
    expect(await main(['compile'], io)).toBe(0);
    expect(readdirSync(join(dir, '.ecs-arch', 'dev')).sort()).toEqual(['manifest.json', 'review.md', 'template.json']);
    const template = readFileSync(join(dir, '.ecs-arch', 'dev', 'template.json'), 'utf8');
    expect(template.endsWith('}\n')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, '.ecs-arch', 'dev', 'manifest.json'), 'utf8'));
    expect(manifest.stackName).toBe('sqs-autoscaling-dev');
    expect(manifest.statefulLogicalIds).toEqual([{ logicalId: 'JobsDeadLetterQueue' }, { logicalId: 'JobsQueue' }, { logicalId: 'ResultsTable' }]);
    // One definition of a template's hash: sha256 of the compact body CloudFormation receives.
    const hash = createHash('sha256').update(JSON.stringify(JSON.parse(template))).digest('hex');
    expect(manifest.templates).toEqual([{ fileName: 'template.json', hash }]);
    expect(manifest.templateHash).toBe(hash);
    expect(io.out().split('\n').slice(0, 5)).toEqual([
      'Compiled sqs-autoscaling-dev (us-east-1): 17 resources, 3 retained on delete',
      '  wrote .ecs-arch/dev/template.json',
      '  wrote .ecs-arch/dev/manifest.json',
      '  wrote .ecs-arch/dev/review.md',
      'Resources by type:',
    ]);
    expect(io.out()).toContain('  AWS::ApplicationAutoScaling::ScalingPolicy   3\n');
    expect(io.err()).toBe('');

    // Same input → byte-identical output, also through the command.
    expect(await main(['compile'], fakeIo(dir))).toBe(0);
    expect(readFileSync(join(dir, '.ecs-arch', 'dev', 'template.json'), 'utf8')).toBe(template);
  });

  test('--out, --format yaml, --stage and --json', async () => {
    const dir = workspace(join(ROOT, 'examples', 'sqs-autoscaling', 'ecs-arch.yml'));
    const io = fakeIo(dir);
    expect(await main(['compile', '--out', 'build/cfn', '--format', 'yaml', '--stage', 'prod', '--json'], io)).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary).toMatchObject({ stackName: 'sqs-autoscaling-prod', stage: 'prod', files: ['build/cfn/template.yaml', 'build/cfn/manifest.json', 'build/cfn/review.md'], resources: 17 });
    const template = parse(readFileSync(join(dir, 'build', 'cfn', 'template.yaml'), 'utf8'));
    expect(template.Resources.WorkerScalableTarget.Properties.MaxCapacity).toBe(50);
    expect(JSON.parse(readFileSync(join(dir, 'build', 'cfn', 'manifest.json'), 'utf8')).terminationProtection).toBe(true);
  });

  test('an unknown --format is invalid input', async () => {
    const io = fakeIo(ROOT);
    expect(await main(['compile', '--format', 'yml'], io)).toBe(2);
    expect(io.err()).toBe('ecs-arch compile: --format must be json or yaml, not "yml". Did you mean "yaml"?\n');
  });

  test('a patch path that does not exist is reported at the patch, exit 2, nothing written', async () => {
    const dir = workspace(join(ROOT, 'test', 'fixtures', 'compile', 'escape-hatch.yml'));
    const file = join(dir, 'ecs-arch.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('/Resources/TickLogGroup/Properties/RetentionInDays', '/Resources/TickLogGrup/Properties/RetentionInDays'));
    const io = fakeIo(dir);
    expect(await main(['compile'], io)).toBe(2);
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('- op: replace')) + 1;
    expect(io.err()).toContain(
      `ecs-arch.yml:${line}:7: cloudformation.patches.0 (replace /Resources/TickLogGrup/Properties/RetentionInDays): /Resources/TickLogGrup/Properties/RetentionInDays does not exist in the generated template ("TickLogGrup" is not there). Did you mean "TickLogGroup"? Run "ecs-arch compile" without the patch to see the template.`,
    );
    expect(readdirSync(dir)).toEqual(['ecs-arch.yml']);
  });
});

describe('escape hatch', () => {
  test('extra resources and outputs are added, patches applied last', () => {
    const result = compileProject(projectFrom(fixtureConfig('escape-hatch.yml')));
    const template = result.templates[0]!.template;
    expect(template.Resources.AuditTopic).toEqual({ Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } });
    expect(template.Outputs!.AuditTopicArn).toEqual({ Value: { Ref: 'AuditTopic' } });
    expect(template.Resources.TickLogGroup!.Properties!.RetentionInDays).toBe(7);
    expect((template.Resources.TickSchedule!.Properties!.Target as { RetryPolicy: unknown }).RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
    expect(result.sources.AuditTopic).toBe('cloudformation.resources.AuditTopic');
    expect(result.diagnostics).toEqual([]);
  });

  test('every failing patch and clashing ID is reported, each at its own path', () => {
    const config = fixtureConfig('escape-hatch.yml');
    config.cloudformation!.resources!.TickTaskDefinition = { Type: 'AWS::SNS::Topic' };
    config.cloudformation!.patches = [
      { op: 'remove', path: '/Resources/Nope' },
      { op: 'test', path: '/Resources/TickLogGroup/Properties/RetentionInDays', value: 5 as unknown as Record<string, unknown> },
      { op: 'move', from: '/Outputs/Missing', path: '/Outputs/Other' },
    ];
    const project = projectFrom(config);
    const { diagnostics } = compileProject(project);
    // Sorted by position, then message (every path is on line 1 here).
    expect(diagnostics!.map((d) => [d.path, d.message])).toEqual([
      ['cloudformation.patches.0', 'cloudformation.patches.0 (remove /Resources/Nope): /Resources/Nope does not exist in the generated template ("Nope" is not there). Run "ecs-arch compile" without the patch to see the template.'],
      ['cloudformation.patches.1', 'cloudformation.patches.1 (test /Resources/TickLogGroup/Properties/RetentionInDays): the value at /Resources/TickLogGroup/Properties/RetentionInDays is not the one the test expects. Run "ecs-arch compile" without the patch to see the template.'],
      ['cloudformation.patches.2', 'cloudformation.patches.2 (move /Outputs/Other): /Outputs/Missing does not exist in the generated template ("Missing" is not there). Run "ecs-arch compile" without the patch to see the template.'],
      ['cloudformation.resources.TickTaskDefinition', 'cloudformation.resources.TickTaskDefinition: ecs-arch already generates a resource with this logical ID; choose another name, or change the generated one with a patch.'],
    ]);
    expect(project.located).toEqual(['cloudformation.resources.TickTaskDefinition', 'cloudformation.patches.0', 'cloudformation.patches.1', 'cloudformation.patches.2']);
  });
});
