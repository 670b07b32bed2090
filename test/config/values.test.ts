// Values stay what the user wrote, variables take the type the schema expects where they
// stand, `$${…}` writes a literal `${…}`, and variables cannot expand without bound (issue 10).
import { afterAll, describe, expect, test } from '@jest/globals';
import { BASE, workspace } from './helpers.js';

const ws = workspace();
afterAll(() => ws.remove());
const HEAD = `${BASE}region: us-east-1\n`;

async function config(text: string, env: Record<string, string> = {}): Promise<Record<string, any>> {
  const result = await ws.load(text, { env });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n'));
  return result.project.config as unknown as Record<string, any>;
}

describe('values as written', () => {
  test('environment values are the scalar\'s source text', async () => {
    const text = `${HEAD}tasks:\n  a:\n    image: busybox\n    environment: { VERSION: 1.10, ZIP: 01234, ID: 12345678901234567890, HEX: 0x10, DEBUG: true, N: 5 }\n`;
    expect((await config(text)).tasks.a.environment).toEqual({ VERSION: '1.10', ZIP: '01234', ID: '12345678901234567890', HEX: '0x10', DEBUG: 'true', N: '5' });
  });

  test('tag values likewise', async () => {
    expect((await config(`${HEAD}deployment:\n  tags: { version: 1.10, zip: 01234 }\n`)).deployment.tags).toEqual({ version: '1.10', zip: '01234' });
  });

  test('${env:X, 512} is the same value whether X is unset or X=512, wherever it stands', async () => {
    const text = `${HEAD}tasks:\n  a:\n    image: busybox\n    cpu: \${env:CPU, 512}\n    memory: \${env:MEM, 1024}\n    spot: \${env:SPOT, false}\n    environment: { SIZE: "\${env:CPU, 512}" }\n`;
    const unset = (await config(text)).tasks.a;
    const set = (await config(text, { CPU: '512', MEM: '1024', SPOT: 'false' })).tasks.a;
    expect(unset).toEqual({ image: 'busybox', cpu: 512, memory: 1024, spot: false, environment: { SIZE: '512' } });
    expect(set).toEqual(unset);
  });

  test('a variable whose text is not a literal of the expected type is a schema error at its place', async () => {
    const text = `${HEAD}tasks:\n  a:\n    image: busybox\n    cpu: \${env:CPU}\n`;
    expect(await ws.problems(text, { env: { CPU: 'lots' } })).toEqual(['9:10: tasks.a.cpu: expected a whole number, got the string "lots"']);
  });
});

describe('$${…} writes a literal ${…}', () => {
  test('in a longer string and as a whole value', async () => {
    const text = `${HEAD}tasks:\n  a:\n    image: busybox\n    environment:\n      TEMPLATE: "hello $\${name} in \${stage}"\n      WHOLE: $\${HOME}\n`;
    expect((await config(text)).tasks.a.environment).toEqual({ TEMPLATE: 'hello ${name} in dev', WHOLE: '${HOME}' });
  });
});

describe('limits that hold against every expansion', () => {
  test('${self:} fan-out stops at the alias budget, at the variable', async () => {
    const lists = ['l0: [a, b, c, d, e, f, g, h, i, j]'];
    for (let i = 1; i <= 8; i++) lists.push(`l${i}: [${Array(10).fill(`"\${self:cloudformation.resources.R.Properties.l${i - 1}}"`).join(', ')}]`);
    const text = `${HEAD}cloudformation:\n  resources:\n    R:\n      Type: AWS::SNS::Topic\n      Properties:\n${lists.map((l) => `        ${l}`).join('\n')}\n`;
    expect(await ws.problems(text)).toEqual([
      '15:379: cloudformation.resources.R.Properties.l4.7: variables expand to more than 100000 values; refusing a possible expansion bomb (the same limit as for aliases)',
    ]);
  });

  test('a ${param:} doubled 40 times stops at the character budget, at the variable', async () => {
    const params = ['p0: xx'];
    for (let i = 1; i <= 40; i++) params.push(`p${i}: "\${param:p${i - 1}}\${param:p${i - 1}}"`);
    const text = `${HEAD}params:\n  default:\n${params.map((p) => `    ${p}`).join('\n')}\ndeployment:\n  tags: { big: "\${param:p40}" }\n`;
    const problems = await ws.problems(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\d+:\d+: params\.default\.p\d+: variables expand to more than 1048576 characters; refusing a possible expansion bomb \(the same limit as for aliases\)$/);
  });
});
