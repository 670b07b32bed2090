// The cfn-lint wrapper against the real cfn-lint (templates with known problems and a clean
// one) and against stand-ins in test/fixtures for what the real one will not do on demand.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCfnLintOutput, runCfnLint } from '../../src/lint/index.js';
import { testWithTool } from '../support/tools.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const standIn = (name: string) => join(FIXTURES, `cfn-lint-${name}`);

function templates(files: Record<string, object>): { dir: string; paths: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-lint-test-'));
  const paths = Object.entries(files).map(([name, body]) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(body, null, 2));
    return path;
  });
  return { dir, paths };
}

const clean = { AWSTemplateFormatVersion: '2010-09-09', Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'ok' } } } };
const broken = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 'abc', Bogus: 1 } },
    Volume: { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: 'us-east-1a', Size: 10 } },
  },
};

describe('runCfnLint with the real cfn-lint', () => {
  testWithTool('cfn-lint')('reports errors and warnings with paths for a broken template and nothing for a clean one, in one run', async () => {
    const { dir, paths } = templates({ 'clean.json': clean, 'broken.json': broken });
    const result = await runCfnLint({ files: paths, region: 'us-east-1', cwd: dir });
    expect(result.status).toBe('ran');
    if (result.status !== 'ran') return;
    const findings = result.findings.map((f) => [f.file, f.rule, f.level, f.path.join('/'), f.message]).sort();
    expect(findings).toEqual([
      [paths[1], 'E3002', 'error', 'Resources/Queue/Properties/Bogus', "Additional properties are not allowed ('Bogus' was unexpected)"],
      [paths[1], 'E3012', 'error', 'Resources/Queue/Properties/VisibilityTimeout', "'abc' is not of type 'integer'"],
      [paths[1], 'W3010', 'warning', 'Resources/Volume/Properties/AvailabilityZone', "Avoid hardcoding availability zones 'us-east-1a'"],
    ]);
  });
});

describe('runCfnLint with stand-ins', () => {
  const { dir, paths } = templates({ 'template.json': clean });
  const run = (command: string, timeoutMs?: number) => runCfnLint({ command, files: paths, region: 'us-east-1', cwd: dir, ...(timeoutMs ? { timeoutMs } : {}) });

  test('fixed findings: every level, a finding without a path', async () => {
    const result = await run(standIn('findings'));
    expect(result.status).toBe('ran');
    if (result.status !== 'ran') return;
    expect(result.findings.map((f) => [f.file, f.rule, f.level, f.path])).toEqual([
      [paths[0], 'E3002', 'error', ['Resources', 'WorkerTaskRole', 'Properties', 'Policies', 0]],
      [paths[0], 'W3010', 'warning', ['Resources', 'DataVolume', 'Properties', 'AvailabilityZone']],
      [paths[0], 'I3011', 'info', ['Resources', 'WorkerService']],
      [paths[0], 'E0000', 'error', []],
    ]);
  });

  test('a crash is a failure that shows the end of the traceback', async () => {
    expect(await run(standIn('crash'))).toEqual({
      status: 'failed',
      message: 'cfn-lint failed (exit code 1):\n  File "/usr/local/lib/python3.11/site-packages/cfnlint/runner.py", line 472, in main\n    runner.cli()\nKeyError: \'Resources\'',
    });
  });

  test('output that is not JSON is a failure that quotes it', async () => {
    expect(await run(standIn('not-json'))).toEqual({
      status: 'failed',
      message: 'cfn-lint failed: it printed output that is not JSON: "E3002 Additional properties are not allowed\\ntemplate.json:1:1"',
    });
  });

  test('a run past the timeout is stopped and is a failure', async () => {
    expect(await run(standIn('hang'), 300)).toEqual({ status: 'failed', message: 'cfn-lint did not finish within 0.3s and was stopped' });
  });

  test('a missing executable, and one that cannot be executed, are "missing"', async () => {
    expect(await run(join(dir, 'no-such-cfn-lint'))).toEqual({ status: 'missing', command: join(dir, 'no-such-cfn-lint'), reason: 'not found' });
    expect(await run(paths[0]!)).toEqual({ status: 'missing', command: paths[0], reason: 'not executable' });
  });
});

describe('parseCfnLintOutput', () => {
  test('checks the documented shape', () => {
    expect(parseCfnLintOutput('[]')).toEqual([]);
    expect(parseCfnLintOutput('')).toBe('it printed output that is not JSON (nothing)');
    expect(parseCfnLintOutput('{"a":1}')).toBe('its JSON output is not a list of findings');
    expect(parseCfnLintOutput('[{"Filename":"t.json","Level":"Fatal","Message":"m","Rule":{"Id":"E1"}}]')).toBe(
      'its JSON output has a finding without Filename, Level, Message or Rule.Id: {"Filename":"t.json","Level":"Fatal","Message":"m","Rule":{"Id":"E1"}}',
    );
    expect(parseCfnLintOutput('[{"Filename":"t.json","Level":"Warning","Message":"m","Rule":{"Id":"W1"},"Location":{"Path":["Resources","A",0]}}]')).toEqual([
      { file: 't.json', path: ['Resources', 'A', 0], rule: 'W1', level: 'warning', message: 'm' },
    ]);
  });
});
