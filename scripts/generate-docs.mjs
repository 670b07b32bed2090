// Generates docs/configuration.md from the schema: every field with its description, type,
// default and example. `npm run generate` rewrites it; a test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';

const code = (value) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

function typeText(node, defs) {
  if (node.$ref) return typeText({ ...defs[node.$ref.replace('#/$defs/', '')], ...withoutRef(node) }, defs);
  if (node.anyOf) return node.anyOf.map((branch) => typeText(branch, defs)).join(' or ');
  const parts = [];
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  let name = types.map((t) => (t === 'object' && !node.properties ? 'mapping' : t === 'array' ? 'list' : t)).join(' | ') || 'any';
  if (node.type === 'array' && node.items) name = `list of ${typeText(node.items, defs)}`;
  if (node.type === 'object' && node.additionalProperties && typeof node.additionalProperties === 'object' && !node.properties) {
    name = `mapping of name → ${typeText(node.additionalProperties, defs)}`;
  }
  parts.push(name);
  if (node.enum) parts.push(`one of ${node.enum.map(code).join(', ')}`);
  if (node.pattern) parts.push(`matching ${code(node.pattern)}`);
  if (node.minimum !== undefined || node.maximum !== undefined) parts.push(`${node.minimum ?? '…'} to ${node.maximum ?? '…'}`);
  if (node.maxLength !== undefined) parts.push(`at most ${node.maxLength} characters`);
  if (node.propertyNames?.pattern) parts.push(`names matching ${code(node.propertyNames.pattern)}`);
  return parts.join(', ');
}

function withoutRef(node) {
  const { $ref, ...rest } = node;
  void $ref;
  return rest;
}

function collect(node, path, defs, required, out) {
  const resolved = node.$ref ? { ...defs[node.$ref.replace('#/$defs/', '')], ...withoutRef(node) } : node;
  if (path) out.push({ path, node: resolved, required, type: typeText(node, defs) });
  const objectBranch = resolved.anyOf?.find((branch) => branch.type === 'object');
  const target = objectBranch ? { ...objectBranch } : resolved;
  for (const [key, child] of Object.entries(target.properties ?? {})) {
    collect(child, path ? `${path}.${key}` : key, defs, (target.required ?? []).includes(key), out);
  }
  if (target.additionalProperties && typeof target.additionalProperties === 'object') {
    const child = target.additionalProperties.$ref ? { ...defs[target.additionalProperties.$ref.replace('#/$defs/', '')] } : target.additionalProperties;
    if (child.properties || child.additionalProperties) collect(target.additionalProperties, `${path}.<name>`, defs, false, out);
  }
  if (target.type === 'array' && target.items) {
    const items = target.items.$ref ? defs[target.items.$ref.replace('#/$defs/', '')] : target.items;
    if (items.properties) {
      for (const [key, child] of Object.entries(items.properties)) {
        collect(child, `${path}[].${key}`, defs, (items.required ?? []).includes(key), out);
      }
    }
  }
}

export function generateDocs() {
  const schema = JSON.parse(readFileSync(new URL('../schema/ecs-arch.schema.json', import.meta.url), 'utf8'));
  const fields = [];
  collect(schema, '', schema.$defs, false, fields);
  const lines = [
    '<!-- Generated from schema/ecs-arch.schema.json by scripts/generate-docs.mjs (npm run generate). Do not edit. -->',
    '# ecs-arch.yml reference',
    '',
    schema.description,
    '',
    'Variables (`${param:NAME}`, `${env:NAME}`, `${env:NAME, \'default\'}`, `${stage}`, `${region}`, `${self:path}`, `${ssm:/path}`) are resolved before validation; the types below are those of the resolved values. `<name>` stands for a name you choose (a task, bucket, table, queue or topic); `[]` marks the items of a list.',
    '',
    'Add this line at the top of the file for completion and hover in editors that use yaml-language-server:',
    '',
    '```yaml',
    '# yaml-language-server: $schema=./node_modules/ecs-arch/schema/ecs-arch.editor.schema.json',
    '```',
    '',
  ];
  for (const { path, node, required, type } of fields) {
    const depth = path.split('.').length;
    lines.push(`${depth === 1 ? '##' : '###'} \`${path}\``, '');
    if (node.description) lines.push(node.description, '');
    lines.push(`- Type: ${type}`);
    if (required) lines.push('- Required');
    if (node.default !== undefined) lines.push(`- Default: ${code(node.default)}`);
    if (node.examples?.length) lines.push(`- Example: ${node.examples.map(code).join(', ')}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../docs/configuration.md', import.meta.url), generateDocs());
}
