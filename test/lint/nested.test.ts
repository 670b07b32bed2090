// Nested templates (stacks/*.json next to template.json): every template is linted in one
// cfn-lint run, and findings name their template and map through its own resource metadata.
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../../src/config/index.js';
import { compileProject, type CompileResult } from '../../src/compile/index.js';
import { lintCompiled } from '../../src/lint/index.js';
import { splitTemplate } from '../../src/stacks/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function splitFull(): Promise<CompileResult> {
  const loaded = await loadProject({ configPath: 'examples/full/ecs-arch.yml', cwd: ROOT, env: {} });
  if (!loaded.ok) throw new Error('examples/full does not load');
  const result = compileProject(loaded.project);
  // The smallest limit that splits: the shared resources (23 with the nested stacks) stay in the parent.
  const split = splitTemplate(result.templates[0]!.template, { maxResources: 23, maxBytes: 1_000_000, stackName: result.manifest.stackName, artifactBucket: 'artifacts', region: 'us-east-1' });
  if (!split.ok) throw new Error('split failed');
  return { ...result, templates: split.templates };
}

describe('lint with nested templates', () => {
  test('built-in and cfn-lint findings in stacks/*.json map through the nested resources\' metadata', async () => {
    const result = await splitFull();
    const nested = result.templates.slice(1);
    expect(nested.length).toBeGreaterThanOrEqual(1);
    for (const t of nested) expect(t.fileName).toMatch(/^stacks\/[A-Za-z0-9]+\.json$/);
    // A log group in a nested stack loses its retention (as a patch could do).
    // Data stacks (stateful units) come first and hold no log group: take the first task stack's.
    const withLogGroup = nested.find((t) => Object.values(t.template.Resources).some((r) => r.Type === 'AWS::Logs::LogGroup'))!;
    const [logGroupId, logGroup] = Object.entries(withLogGroup.template.Resources).find(([, r]) => r.Type === 'AWS::Logs::LogGroup')!;
    delete logGroup.Properties!.RetentionInDays;
    const source = (logGroup.Metadata!.EcsArch as { Source: string }).Source;

    const report = await lintCompiled(result, { cfnLint: join(ROOT, 'test', 'fixtures', 'cfn-lint-findings') });
    expect(report.cfnLint).toEqual({ status: 'ran' });
    const inNested = report.findings.filter((f) => f.template !== 'template.json');
    const firstIds = nested.map((t) => Object.keys(t.template.Resources)[0]!);
    const expected = [
      { template: withLogGroup.fileName, rule: 'EA1005', resource: logGroupId, source },
      ...nested.map((t, i) => ({ template: t.fileName, rule: 'W9001', resource: firstIds[i], source: (t.template.Resources[firstIds[i]!]!.Metadata!.EcsArch as { Source: string }).Source })),
    ];
    const byTemplateAndRule = (a: { template: string; rule: string }, b: { template: string; rule: string }) => `${a.template}${a.rule}`.localeCompare(`${b.template}${b.rule}`);
    expect(inNested.map((f) => ({ template: f.template, rule: f.rule, resource: f.resource, source: f.source })).sort(byTemplateAndRule)).toEqual(expected.sort(byTemplateAndRule));
    for (const f of inNested) expect([f.file, f.line]).toEqual([result.project.displayPath, result.project.locate(f.source).line]);
  });
});
