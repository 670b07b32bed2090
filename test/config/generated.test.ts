// Generated files stay in sync with the schema (run `npm run generate` after editing it),
// and the schema keeps what editors need: a description and examples on every field.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as envContract from '../../workers/runtime/env-contract.js';
// @ts-expect-error: plain ESM build scripts without type declarations
import { generateDefaults } from '../../scripts/generate-defaults.mjs';
// @ts-expect-error: plain ESM build scripts without type declarations
import { generateDocs } from '../../scripts/generate-docs.mjs';
// @ts-expect-error: plain ESM build scripts without type declarations
import { generateEnvironmentDoc } from '../../scripts/generate-environment-doc.mjs';
// @ts-expect-error: plain ESM build scripts without type declarations
import { generateTypes } from '../../scripts/generate-types.mjs';
// @ts-expect-error: plain ESM build scripts without type declarations
import { generateValidator } from '../../scripts/generate-validator.mjs';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const schema = JSON.parse(read('schema/ecs-arch.schema.json')) as Record<string, unknown>;

describe('generated from the schema', () => {
  test('docs/configuration.md is up to date', () => {
    expect(read('docs/configuration.md')).toBe(generateDocs());
  });

  test('src/config/defaults.generated.ts is up to date', () => {
    expect(read('src/config/defaults.generated.ts')).toBe(generateDefaults());
  });

  test('src/config/types.generated.ts is up to date', async () => {
    expect(read('src/config/types.generated.ts')).toBe(await generateTypes());
  });

  test('src/config/schema-validator.generated.ts is up to date', () => {
    expect(read('src/config/schema-validator.generated.ts')).toBe(generateValidator());
  });

  test('docs/environment.md is up to date with the ECS_ARCH_* contract', () => {
    expect(read('docs/environment.md')).toBe(generateEnvironmentDoc(envContract));
  });
});

describe('the schema', () => {
  type Node = Record<string, unknown>;
  const defs = schema.$defs as Record<string, Node>;
  const resolve = (node: Node): Node => (typeof node.$ref === 'string' ? { ...defs[node.$ref.replace('#/$defs/', '')], ...node } : node);

  function fields(node: Node, path: string, out: [string, Node][]): void {
    const resolved = resolve(node);
    for (const branch of (resolved.anyOf as Node[] | undefined) ?? []) fields(branch, path, []);
    for (const [key, child] of Object.entries((resolved.properties as Record<string, Node> | undefined) ?? {})) {
      out.push([`${path}${key}`, resolve(child)]);
      fields(child, `${path}${key}.`, out);
    }
    if (resolved.additionalProperties && typeof resolved.additionalProperties === 'object') fields(resolved.additionalProperties as Node, `${path}<name>.`, out);
    if (resolved.items) fields(resolved.items as Node, `${path}[].`, out);
  }

  const all: [string, Node][] = [];
  fields(schema, '', all);

  test('every field has a description and examples', () => {
    const missing = all.filter(([, node]) => typeof node.description !== 'string' || !Array.isArray(node.examples)).map(([path]) => path);
    expect(missing).toEqual([]);
    expect(all.length).toBeGreaterThan(80);
  });

  test('every object with declared properties forbids unknown keys', () => {
    const objects = [...all.map(([path, node]) => [path, node] as const), ...Object.entries(defs)].filter(([, node]) => node.properties);
    expect(objects.filter(([, node]) => node.additionalProperties !== false).map(([path]) => path)).toEqual([]);
  });
});
