// The loader's refusals and the variables' resolution rules.
import { afterAll, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../src/config/index.js';
import { BASE, workspace } from './helpers.js';

const ws = workspace();
afterAll(() => ws.remove());

async function config(text: string, options: Parameters<typeof ws.load>[1] = {}): Promise<Record<string, unknown>> {
  const result = await ws.load(text, options);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n'));
  return result.project.config as unknown as Record<string, unknown>;
}

describe('loader', () => {
  test('a missing file is one clear diagnostic without a position', async () => {
    const result = await loadProject({ configPath: 'nope.yml', cwd: ws.dir, env: {} });
    expect(result).toEqual({
      ok: false,
      diagnostics: [{ file: 'nope.yml', line: 0, col: 0, path: '', severity: 'error', message: 'file not found (pass -c FILE, or run "ecs-arch init" to create one)' }],
    });
  });

  test('files over 1 MiB are refused before parsing', async () => {
    writeFileSync(join(ws.dir, 'big.yml'), `name: app\n#${'x'.repeat(1024 * 1024)}\n`);
    const result = await loadProject({ configPath: 'big.yml', cwd: ws.dir, env: {} });
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual(['the file is 1.0 MiB; configuration files are limited to 1 MiB']);
  });

  test('an alias bomb fails fast with a clear message', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${previous}`).join(',')}]`);
    }
    const problems = await ws.problems(`name: app\n${levels.join('\n')}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\d+:\d+: aliases expand to more than 100000 values; refusing a possible alias bomb \("billion laughs"\)$/);
  });

  test('aliases within bounds expand, and their values validate', async () => {
    const text = `${BASE}x-image: &image busybox\ntasks:\n  a: { image: *image }\n`;
    expect(await ws.problems(text)).toEqual(['5:1: unknown key "x-image" at the top level.']);
  });

  test('deep nesting is refused, not a stack overflow', async () => {
    const problems = await ws.problems(`name: app\nx: ${'['.repeat(200)}${']'.repeat(200)}\n`);
    expect(problems).toEqual(['2:68: nested more than 64 levels deep']);
  });

  test('CloudFormation short forms are allowed under cloudformation', async () => {
    const text = 'name: app\ncloudformation:\n  resources:\n    Extra: { Type: AWS::SNS::Topic }\n  outputs:\n    ExtraArn: { Value: !Ref Extra }\n    ExtraName: { Value: !GetAtt Extra.TopicName }\n';
    const resolved = await config(text);
    expect(resolved.cloudformation).toEqual({
      resources: { Extra: { Type: 'AWS::SNS::Topic' } },
      outputs: { ExtraArn: { Value: { Ref: 'Extra' } }, ExtraName: { Value: { 'Fn::GetAtt': ['Extra', 'TopicName'] } } },
    });
  });

  test('a key named __proto__ stays an ordinary (unknown) key', async () => {
    expect(await ws.problems('name: app\n__proto__: { polluted: true }\n')).toEqual(['2:1: unknown key "__proto__" at the top level.']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('variables', () => {
  const params = 'params:\n  default: { workers: 4, level: debug }\n  prod: { workers: 50 }\n';

  test('a whole-value variable keeps its type; inside a string it is text', async () => {
    const text = `name: app\n${params}queues:\n  jobs:\n    maxReceiveCount: \${param:workers}\n    visibilityTimeout: \${param:workers}m\n`;
    expect((await config(text)).queues).toEqual({ jobs: { maxReceiveCount: 4, visibilityTimeout: '4m' } });
    expect((await config(text, { stage: 'prod' })).queues).toEqual({ jobs: { maxReceiveCount: 50, visibilityTimeout: '50m' } });
  });

  test('env with and without defaults, stage and region, ssm', async () => {
    const text = `name: app\ndeployment:\n  tags:\n    a: \${env:TEAM}\n    b: \${env:MISSING, 'fallback'}\n    c: \${stage}-\${region}\n    d: \${ssm:/x/y}\n`;
    const resolved = await config(text, { env: { TEAM: 'media' }, region: 'eu-west-1' });
    expect(resolved.deployment).toEqual({ tags: { a: 'media', b: 'fallback', c: 'dev-eu-west-1', d: '{{resolve:ssm:/x/y}}' } });
  });

  test('region: --region, then the file, then AWS_REGION', async () => {
    const load = async (options: Parameters<typeof ws.load>[1]): Promise<string> => {
      const result = await ws.load('name: app\nregion: eu-north-1\n', options);
      return result.ok ? result.project.region : 'invalid';
    };
    expect(await load({})).toBe('eu-north-1');
    // The file's region wins over the environment (README "Regions and credentials"); bundle.test.ts runs every source.
    expect(await load({ env: { AWS_REGION: 'ap-south-1' } })).toBe('eu-north-1');
    expect(await load({ region: 'us-west-2', env: { AWS_REGION: 'ap-south-1' } })).toBe('us-west-2');
  });

  test('${self:} resolves through other variables and may copy a mapping', async () => {
    const text = `${BASE}${params}tasks:\n  a:\n    image: img:\${param:level}\n    environment: { X: "1" }\n  b:\n    image: \${self:tasks.a.image}\n    environment: \${self:tasks.a.environment}\n`;
    expect((await config(text)).tasks).toEqual({
      a: { image: 'img:debug', environment: { X: '1' } },
      b: { image: 'img:debug', environment: { X: '1' } },
    });
  });

  test('other stages keep their params unresolved (they may need that stage\'s environment)', async () => {
    const text = `name: app\nparams:\n  default: { a: 1 }\n  prod:\n    a: \${env:PROD_ONLY}\n`;
    expect((await config(text)).params).toEqual({ default: { a: 1 }, prod: { a: '${env:PROD_ONLY}' } });
  });

  test('Fn::Sub placeholders under cloudformation are left alone', async () => {
    const text = 'name: app\ncloudformation:\n  outputs:\n    Url: { Value: { "Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${stage}" } }\n';
    expect((await config(text)).cloudformation).toEqual({
      outputs: { Url: { Value: { 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/dev' } } },
    });
  });

  test('an unquoted variable inside { } gets a hint to quote it', async () => {
    expect(await ws.problems('name: app\ndeployment:\n  tags: { a: ${stage} }\n')).toEqual([
      '3:15: YAML: unexpected flow-map-start at node end (inside { } or [ ], quote values that use ${…})',
    ]);
  });

  test('a variable error points at the variable inside a quoted string', async () => {
    expect(await ws.problems('name: app\ndeployment:\n  tags: { a: "x-${env:NOPE}" }\n')).toEqual([
      "3:17: deployment.tags.a: environment variable NOPE is not set (set it, or give a default: ${env:NOPE, 'value'})",
    ]);
  });
});
