// Generates src/config/schema-validator.generated.ts: the ajv validator for the schema,
// compiled ahead of time (ajv standalone code), so `validate` neither loads ajv nor
// compiles the schema at start-up. `npm run generate` rewrites it; a test fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

/** Annotations editors use; the validator does not need them, so the generated code stays small. */
const ANNOTATIONS = new Set(['description', 'examples', 'default', 'title', '$comment']);

function stripAnnotations(schema, parentKey) {
  if (Array.isArray(schema)) return schema.map((item) => stripAnnotations(item));
  if (schema === null || typeof schema !== 'object') return schema;
  // Under properties/$defs the keys are names, not keywords.
  const keysAreNames = parentKey === 'properties' || parentKey === '$defs' || parentKey === 'definitions';
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => keysAreNames || !ANNOTATIONS.has(key))
      .map(([key, value]) => [key, stripAnnotations(value, keysAreNames ? undefined : key)]),
  );
}

export function generateValidator() {
  const schema = JSON.parse(readFileSync(new URL('../schema/ecs-arch.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv.default({
    allErrors: true,
    allowUnionTypes: true,
    strict: true,
    code: { source: true, esm: true, optimize: true, lines: false },
  });
  const code = standaloneCode.default(ajv, ajv.compile(stripAnnotations(schema)));
  // ajv emits a CommonJS require for code-point string length even in ESM mode; inline it.
  const ucs2 = /const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/;
  const body = code
    .replace(/^"use strict";/, '')
    .replace(ucs2, 'const $1 = (text) => { let n = 0; for (const _ of text) n++; return n; };');
  if (/require\(/.test(body)) throw new Error('generated validator still requires a module; inline it here');
  return [
    '/* Generated from schema/ecs-arch.schema.json by scripts/generate-validator.mjs (npm run generate). Do not edit. */',
    '// @ts-nocheck',
    '/* eslint-disable */',
    body.trim(),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../src/config/schema-validator.generated.ts', import.meta.url), generateValidator());
}
