// Generates src/config/types.generated.ts from the schema: one source of truth for the
// configuration's shape. `npm run generate` rewrites it; a test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';

export async function generateTypes() {
  const schema = JSON.parse(readFileSync(new URL('../schema/ecs-arch.schema.json', import.meta.url), 'utf8'));
  return compile(schema, 'EcsArchConfig', {
    bannerComment:
      '/* Generated from schema/ecs-arch.schema.json by scripts/generate-types.mjs (npm run generate). Do not edit. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    format: true,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 120 },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../src/config/types.generated.ts', import.meta.url), await generateTypes());
}
