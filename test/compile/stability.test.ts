// Logical IDs are a contract (a changed ID replaces the resource), stateful resources are
// retained, and the same input gives the same bytes.
import { describe, expect, test } from '@jest/globals';
import type { EcsArchConfig } from '../../src/config/index.js';
import { compileProject, serializeTemplate, type Template } from '../../src/compile/index.js';
import { baseIds, logicalId, pascalCase } from '../../src/cfn/logical-id.js';
import { compileConfig, compileExample, EXAMPLES, FIXTURES, fixtureConfig, loadExample, projectFrom } from './helpers.js';

const STATEFUL = ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue'];

/** Resource IDs, without those that belong to the named task. */
function idsOutside(template: Template, task: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, r]) => (r.Metadata?.EcsArch as { Group: string }).Group !== `task:${task}`)
      .map(([id, r]) => [id, r.Type]),
  );
}

function renameTask(config: EcsArchConfig, from: string, to: string): EcsArchConfig {
  const tasks = Object.fromEntries(Object.entries(config.tasks!).map(([name, t]) => [name === from ? to : name, t]));
  const alerts = config.alerts && { ...config.alerts, tasks: config.alerts.tasks?.map((t) => (t === from ? to : t)) };
  return { ...config, tasks, ...(alerts ? { alerts } : {}) };
}

describe('logical IDs', () => {
  test('renaming one task changes only its own resources', async () => {
    const { config } = await loadExample('full');
    const before = compileConfig(config);
    const after = compileConfig(renameTask(config, 'thumbnail', 'thumbs'));
    expect(idsOutside(after, 'thumbs')).toEqual(idsOutside(before, 'thumbnail'));
    expect(Object.keys(after.Resources).filter((id) => id.startsWith('Thumbs'))).toEqual([
      'ThumbsLogGroup', 'ThumbsExecutionRole', 'ThumbsTaskRole', 'ThumbsTaskDefinition', 'ThumbsTriggerDeadLetterQueue', 'ThumbsEventsRole', 'ThumbsUploadsS3Rule',
      'ThumbsTriggerDeadLetterQueueAlarm', 'ThumbsUploadsS3RuleFailedAlarm', 'ThumbsTriggerDeadLetterQueuePolicy',
    ]);
  });

  test('adding a task leaves every existing ID in place', async () => {
    const { config } = await loadExample('full');
    const before = compileConfig(config);
    const after = compileConfig({ ...config, tasks: { ...config.tasks, 'a-new-one': { image: 'i', triggers: [{ schedule: { expression: 'rate(1 day)' } }] } } });
    for (const id of Object.keys(before.Resources)) expect([id, after.Resources[id]?.Type]).toEqual([id, before.Resources[id]!.Type]);
  });

  test('reordering triggers keeps s3 rule IDs (they come from the bucket, not the position)', () => {
    const config = fixtureConfig('edge-cases.yml');
    const triggers = config.tasks!.importer!.triggers!;
    const reordered: EcsArchConfig = { ...config, tasks: { ...config.tasks, importer: { ...config.tasks!.importer!, triggers: [triggers[2]!, triggers[0]!, triggers[1]!, ...triggers.slice(3)] } } };
    const rules = (t: Template) => Object.fromEntries(Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule').map(([id, r]) => [id, JSON.stringify(r.Properties!.EventPattern)]));
    expect(rules(compileConfig(reordered))).toEqual(rules(compileConfig(config)));
  });

  test('names that PascalCase alike get a short hash; the hyphen-free one keeps its plain ID', () => {
    expect(pascalCase('nightly-report')).toBe('NightlyReport');
    expect(Object.fromEntries(baseIds(['a-1', 'a1', 'batch-job', 'batchjob', 'solo']))).toEqual({
      'a-1': 'A12F8FE63A',
      a1: 'A1',
      'batch-job': 'BatchJob598FEE22',
      batchjob: 'Batchjob',
      solo: 'Solo',
    });
    const template = compileConfig(fixtureConfig('names.yml'));
    expect(Object.keys(template.Resources).filter((id) => id.endsWith('Bucket') || id.endsWith('TaskDefinition'))).toEqual([
      'A12F8FE63ABucket', 'A1Bucket', 'BatchJob598FEE22TaskDefinition', 'BatchjobTaskDefinition',
    ]);
  });

  test('IDs are alphanumeric and at most 255 characters', () => {
    expect(logicalId('x'.repeat(300), 'Bucket')).toHaveLength(255);
    expect(logicalId('x'.repeat(300), 'Bucket')).toMatch(/^x{247}[0-9A-F]{8}$/);
    expect(() => logicalId('1abc')).toThrow('not a valid logical ID: "1abc"');
  });
});

describe('stateful resources', () => {
  test.each([...EXAMPLES.map((e) => `example ${e}`), ...FIXTURES.map((f) => `fixture ${f}`)])('%s: all retained, all in the manifest', async (name) => {
    const [kind, id] = name.split(' ') as [string, string];
    const result = kind === 'example' ? compileProject(await loadExample(id)) : compileProject(projectFrom(fixtureConfig(id)));
    const template = result.templates[0]!.template;
    const stateful = Object.entries(template.Resources).filter(([, r]) => STATEFUL.includes(r.Type));
    for (const [id, r] of stateful) expect([id, r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual([id, 'Retain', 'Retain']);
    expect(result.manifest.statefulLogicalIds).toEqual(stateful.map(([logicalId]) => ({ logicalId })).sort((a, b) => (a.logicalId < b.logicalId ? -1 : 1)));
  });

  test('the manifest of examples/full', async () => {
    const { manifest } = compileProject(await loadExample('full'));
    expect(manifest).toMatchObject({
      stackName: 'media-pipeline-dev',
      region: 'us-east-1',
      stage: 'dev',
      statefulLogicalIds: ['AlertDeadLetterQueue', 'JobsDeadLetterQueue', 'JobsQueue', 'NightlyReportTriggerDeadLetterQueue', 'ReportsBucket', 'ResultsTable', 'ThumbnailTriggerDeadLetterQueue', 'UploadsBucket'].map((logicalId) => ({ logicalId })),
      tags: { team: 'media', app: 'media-pipeline', stage: 'dev' },
      terminationProtection: false,
    });
    expect(manifest.templateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.resourceCounts['AWS::SQS::Queue']).toBe(5);
  });
});

describe('determinism', () => {
  test.each(EXAMPLES)('%s compiles to identical bytes twice', async (example) => {
    const first = serializeTemplate(await compileExample(example));
    const second = serializeTemplate(await compileExample(example));
    expect(second).toBe(first);
  });

  test('terminationProtection defaults to true for prod', () => {
    const config = fixtureConfig('storage-only.yml');
    expect(compileProject(projectFrom(config, { stage: 'prod' })).manifest.terminationProtection).toBe(true);
    expect(compileProject(projectFrom(config, { stage: 'dev' })).manifest.terminationProtection).toBe(false);
  });
});
