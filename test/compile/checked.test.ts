// `validate` compiles in memory, so "valid" means "compiles"; the escape hatch's result is
// checked (shape, references) and reported at the patch (issue 10).
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';
import { workspace } from '../config/helpers.js';
import { ROOT } from './helpers.js';

const ws = workspace();
const out = mkdtempSync(join(tmpdir(), 'ecs-arch-checked-'));
afterAll(() => {
  ws.remove();
  rmSync(out, { recursive: true, force: true });
});

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (text) => void (stdout += text), isTTY: false },
    stderr: { write: (text) => void (stderr += text), isTTY: false },
    env: {},
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const TASK = `name: app
region: us-east-1
network: { vpc: vpc-0123abcd, subnets: [subnet-0123abcd] }
tasks:
  tick:
    image: busybox
    triggers: [{ schedule: { expression: rate(1 hour) } }]
`;

/** validate's and compile's outcome for one configuration text: both must be the same. */
async function both(text: string): Promise<{ code: number; stderr: string }> {
  const file = ws.write(text, 'case.yml');
  const validated = await run(['validate', '-c', file], ws.dir);
  const compiled = await run(['compile', '-c', file, '--out', out], ws.dir);
  expect({ code: validated.code, stderr: validated.stderr }).toEqual({ code: compiled.code, stderr: compiled.stderr });
  return { code: compiled.code, stderr: compiled.stderr };
}

describe('the escape hatch result is checked', () => {
  test.each([
    ['replacing the whole template with 5', `${TASK}cloudformation:\n  patches: [{ op: replace, path: "", value: 5 }]\n`,
      'case.yml:9:13: cloudformation.patches.0 (replace ): the template must stay a mapping with Resources.'],
    ['removing /Resources', `${TASK}cloudformation:\n  patches: [{ op: remove, path: /Resources }]\n`,
      'case.yml:9:13: cloudformation.patches.0 (remove /Resources): Resources must stay a mapping of resources.'],
    ['replacing /Resources with a list', `${TASK}cloudformation:\n  patches: [{ op: replace, path: /Resources, value: [1, 2] }]\n`,
      'case.yml:9:13: cloudformation.patches.0 (replace /Resources): Resources must stay a mapping of resources.'],
    ['a resource without a Type', `${TASK}cloudformation:\n  patches: [{ op: add, path: /Resources/Extra, value: { Properties: {} } }]\n`,
      'case.yml:9:13: cloudformation.patches.0 (add /Resources/Extra): /Resources/Extra must be a mapping with a Type.'],
  ])('%s is an error at the patch', async (_, text, message) => {
    expect(await both(text)).toEqual({ code: 2, stderr: `${message}\n1 error\n` });
  });

  test('removing the cluster leaves references to it: each is reported at the patch that removed it', async () => {
    const { code, stderr } = await both(`${TASK}cloudformation:\n  patches:\n    - { op: remove, path: /Resources/Cluster }\n`);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ errors$/);
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(/^case\.yml:10:7: cloudformation\.patches\.0 \(remove \/Resources\/Cluster\): \/(Resources|Outputs)\/\w+ refers to Cluster \((Ref|Fn::GetAtt)\), which is not in the template\./);
    }
  });

  test('an extra resource that refers to nothing is reported at that resource', async () => {
    const text = `${TASK}cloudformation:\n  resources:\n    Extra: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !Ref Nope } }\n`;
    expect(await both(text)).toEqual({
      code: 2,
      stderr: 'case.yml:10:5: cloudformation.resources.Extra: /Resources/Extra refers to Nope (Ref), which is not in the template.\n1 error\n',
    });
  });

  test('a configuration with nothing to deploy is an error in validate and compile alike', async () => {
    expect(await both('name: app\nregion: us-east-1\n')).toEqual({
      code: 2,
      stderr: 'case.yml:1:1: nothing to deploy: the template has no resources, and CloudFormation rejects a stack without any. Declare a task, bucket, table, queue or topic, or add cloudformation.resources.\n1 error\n',
    });
  });

  test('patches that keep the template whole still compile, Fn::Sub names and pseudo parameters included', async () => {
    const text = `${TASK}cloudformation:\n  resources:\n    Extra: { Type: AWS::SNS::Topic, Properties: { TopicName: !Sub "\${AWS::StackName}-x-\${Cluster}-\${!Literal}" } }\n  patches:\n    - { op: replace, path: /Resources/TickLogGroup/Properties/RetentionInDays, value: 3 }\n`;
    expect((await both(text)).code).toBe(0);
  });
});

describe('validate and compile agree on every file in the test corpus', () => {
  const corpus = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.yml'))
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
  const files = [...corpus(join(ROOT, 'examples')), ...corpus(join(ROOT, 'test', 'fixtures'))].sort();

  test.each(files)('%s', async (file) => {
    const validated = await run(['validate', '-c', file], ROOT);
    const compiled = await run(['compile', '-c', file, '--out', out], ROOT);
    expect({ code: validated.code, stderr: validated.stderr }).toEqual({ code: compiled.code, stderr: compiled.stderr });
  });
});
