// The editor schema (schema/ecs-arch.editor.schema.json, what yaml-language-server reads from
// the `$schema` comment) sees files as written, before variables are resolved: every example
// and every `init` file validates, a typo'd key is still an error, and it is kept in step
// with schema/ecs-arch.schema.json.
import { describe, expect, test } from '@jest/globals';
import { Ajv } from 'ajv';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PATTERNS, renderScaffold } from '../../src/init/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'ecs-arch.editor.schema.json'), 'utf8')) as { $id: string; $defs: Record<string, { defaultSnippets?: { body: unknown }[] }> };
// Editors know defaultSnippets and markdownDescription; a validator needs telling.
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
const examples = readdirSync(join(ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('the editor schema', () => {
  test.each(examples)('examples/%s as written (variables unresolved) is valid, and its $schema comment points at the editor schema', (example) => {
    const text = readFileSync(join(ROOT, 'examples', example, 'ecs-arch.yml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/ecs-arch.editor.schema.json');
    validate(parse(text));
    expect(errors()).toEqual([]);
  });

  test.each([...PATTERNS])('init --pattern %s as written is valid', async (pattern) => {
    validate(parse(await renderScaffold({ pattern, name: 'my-app' })));
    expect(errors()).toEqual([]);
  });

  test('a typo\'d key is still an error, a variable stands for a number, a wrong literal type is still wrong', () => {
    const base = { name: 'app', network: { vpc: '${ssm:/net/vpc}', subnets: ['${param:subnet}'] }, tasks: { worker: { image: 'busybox', cpu: 256, memory: 512 } } };
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, tasks: { worker: { ...base.tasks.worker, cpux: 1 } } })).toBe(false);
    expect(errors()).toContain('/tasks/worker must NOT have additional properties');
    expect(validate({ ...base, tasks: { worker: { ...base.tasks.worker, cpu: '${param:cpu}' } } })).toBe(true);
    expect(validate({ ...base, tasks: { worker: { ...base.tasks.worker, cpu: 'lots' } } })).toBe(false);
  });

  test('descriptions, defaults and enums stay for completion; snippets are valid', () => {
    const text = JSON.stringify(schema);
    expect(text).toContain('"markdownDescription"');
    expect(text).toContain('"enum"');
    for (const [name, definition] of Object.entries(schema.$defs)) {
      for (const snippet of definition.defaultSnippets ?? []) {
        const check = ajv.getSchema(`${schema.$id}#/$defs/${name}`)!;
        expect([name, check(snippet.body), check.errors]).toEqual([name, true, null]);
      }
    }
  });

  test('it is generated from schema/ecs-arch.schema.json (npm run generate)', () => {
    expect(() => execFileSync(process.execPath, [join(ROOT, 'scripts', 'generate-editor-schema.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
