// Generates src/config/defaults.generated.ts from the schema's `default` keywords: the model,
// the validation rules and variable resolution read defaults from there instead of retyping
// them. Keys follow the schema: a top-level field by its name (DEFAULTS.stage,
// DEFAULTS.cluster.containerInsights), a $defs entry by the definition's name
// (DEFAULTS.task.cpu, DEFAULTS.sqsTrigger.scaling.min). `npm run generate` rewrites it; a test
// fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';

/** Every default under `node`, nested by property name; branches of anyOf are searched too. */
function defaultsOf(node) {
  const out = {};
  const branches = [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  for (const branch of branches) {
    for (const [key, child] of Object.entries(branch.properties ?? {})) {
      if (child.default !== undefined) out[key] = child.default;
      else {
        const nested = defaultsOf(child);
        if (Object.keys(nested).length) out[key] = nested;
      }
    }
  }
  return out;
}

export function generateDefaults() {
  const schema = JSON.parse(readFileSync(new URL('../schema/ecs-arch.schema.json', import.meta.url), 'utf8'));
  const defaults = defaultsOf(schema);
  for (const [name, definition] of Object.entries(schema.$defs ?? {})) {
    const found = defaultsOf(definition);
    if (Object.keys(found).length) defaults[name] = found;
  }
  return [
    '/* Generated from schema/ecs-arch.schema.json by scripts/generate-defaults.mjs (npm run generate). Do not edit. */',
    '// The `default` of every field in the schema, keyed as the schema nests them.',
    `export const DEFAULTS = ${JSON.stringify(defaults, null, 2).replace(/"([A-Za-z_][A-Za-z0-9_]*)":/g, '$1:').replace(/"/g, "'")} as const;`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../src/config/defaults.generated.ts', import.meta.url), generateDefaults());
}
