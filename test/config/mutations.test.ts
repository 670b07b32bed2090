// Property: random mutations of the valid examples (deleted keys, wrong types, random strings,
// deep nesting, broken variables) never throw; each yields a valid config or diagnostics
// that all carry a position.
import { afterAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { workspace } from './helpers.js';

const examplesDir = new URL('../../examples/', import.meta.url);
const examples = readdirSync(examplesDir).map((name) => parse(readFileSync(new URL(`${name}/ecs-arch.yml`, examplesDir), 'utf8')) as unknown);

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...children.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

function mutate(root: unknown, path: Path, action: 'delete' | 'replace' | 'add', value: unknown, key: string): unknown {
  const copy = structuredClone(root);
  if (path.length === 0) return action === 'replace' ? value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (action === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (action === 'replace') {
    parent[last] = value;
  } else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[key] = value;
    else parent[last] = { [key]: value };
  }
  return copy;
}

const deep = fc.integer({ min: 1, max: 120 }).map((depth) => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { n: value };
  return value;
});
const variableText = fc
  .array(fc.constantFrom('${', '}', '${self:', '${env:', '${param:', '${ssm:/a}', '${stage}', '${self:name}', 'tasks.', ', \'d\'', 'x', ':', '{{'), { maxLength: 6 })
  .map((parts) => parts.join(''));
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string(), variableText, deep, fc.constantFrom(256, 512, 0, -1, 1e9, '5m', '@daily', 'cron(0 * * * ? *)'));
const key = fc.oneof(fc.constantFrom('cpu', 'memory', 'image', 'triggers', 's3', 'sqs', 'queue', 'bucket', 'tasks', 'network', '__proto__'), fc.string({ maxLength: 8 }));

describe('random mutations of the examples', () => {
  const ws = workspace();
  afterAll(() => ws.remove());

  test('never throw, and every diagnostic has a position', async () => {
    const mutation = fc.record({
      example: fc.nat({ max: examples.length - 1 }),
      steps: fc.array(fc.record({ pick: fc.nat(), action: fc.constantFrom('delete', 'replace', 'add') as fc.Arbitrary<'delete' | 'replace' | 'add'>, value, key }), { minLength: 1, maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ example, steps }) => {
        let config = examples[example];
        for (const step of steps) {
          const all = paths(config);
          config = mutate(config, all[step.pick % all.length]!, step.action, step.value, step.key);
        }
        const result = await ws.load(stringify(config, { aliasDuplicateObjects: false }));
        if (result.ok) return;
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(d.file).toBe('ecs-arch.yml');
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.col).toBeGreaterThanOrEqual(1);
          expect(d.message).toMatch(/\S/);
          expect(d.message).not.toMatch(/undefined|\[object Object\]|NaN/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
