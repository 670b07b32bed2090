#!/usr/bin/env node
// Generates schema/ecs-arch.editor.schema.json from schema/ecs-arch.schema.json: the schema
// for editors (yaml-language-server's `$schema` comment). ecs-arch resolves `${param:…}`,
// `${ssm:…}` and the other variables before validating, so an editor that checks the file as
// written must accept a `${…}` string wherever a value may stand (a whole-value variable keeps
// the type of what it names, so that is every value). Keys are not wrapped: a typo'd key is
// still an error. Descriptions, defaults and enums stay on each value for completion and
// hovers, with markdownDescription; defaultSnippets give a task and a trigger to start from.
// `--check` exits 1 when the file is out of date.
import { readFileSync } from 'node:fs';
import { writeOrCheck } from './generated-file.mjs';

const source = JSON.parse(readFileSync(new URL('../schema/ecs-arch.schema.json', import.meta.url), 'utf8'));
const target = new URL('../schema/ecs-arch.editor.schema.json', import.meta.url);

const VARIABLE = {
  type: 'string',
  pattern: '\\$\\{[^{}]+\\}',
  description: 'A variable, resolved before validation: ${param:NAME}, ${env:NAME}, ${self:PATH}, ${ssm:/PATH}, ${stage}, ${region}.',
};
/** Kept on the wrapper, so completion and hovers show them. */
const ANNOTATIONS = ['title', 'description', 'default', 'examples', 'deprecated'];
/** Keywords whose value is one schema, or a map or list of schemas. */
const ONE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions'];
const LIST = ['anyOf', 'oneOf', 'allOf'];

const SNIPPETS = {
  task: [{ label: 'task', description: 'A task started by a trigger', body: { image: '${1:public.ecr.aws/docker/library/busybox:latest}', cpu: 256, memory: 512, triggers: [] } }],
  s3Trigger: [{ label: 's3 trigger', body: { bucket: '${1:uploads}', events: ['created'] } }],
  scheduleTrigger: [{ label: 'schedule trigger', body: { expression: '${1:rate(1 hour)}' } }],
  sqsTrigger: [{ label: 'sqs trigger', body: { queue: '${1:jobs}' } }],
};

/** A value schema that also takes a variable; its children first. */
function value(node) {
  if (typeof node !== 'object' || node === null) return node;
  const inner = children(node);
  const wrapper = {};
  for (const key of ANNOTATIONS) if (key in inner) wrapper[key] = inner[key];
  if (typeof inner.description === 'string') wrapper.markdownDescription = inner.description;
  return { ...wrapper, anyOf: [inner, VARIABLE] };
}

function children(node) {
  const out = { ...node };
  for (const key of ONE) if (typeof out[key] === 'object' && out[key] !== null) out[key] = value(out[key]);
  for (const key of MAP) {
    if (!out[key]) continue;
    // $defs entries are referenced as values; the entries themselves are wrapped once, here.
    out[key] = Object.fromEntries(Object.entries(out[key]).map(([name, child]) => [name, value(child)]));
  }
  for (const key of LIST) if (Array.isArray(out[key])) out[key] = out[key].map((branch) => children(branch));
  if (Array.isArray(out.items)) out.items = out.items.map(value);
  return out;
}

// The loader reads environment values as the text written (`TTL: 900` is "900"), so an
// editor sees numbers and booleans there as the strings they become.
const environment = source.$defs?.task?.properties?.environment?.additionalProperties;
if (!environment) throw new Error('generate-editor-schema: no $defs.task.properties.environment');
environment.type = ['string', 'number', 'boolean'];
const editor = children(source);
editor.$id = source.$id.replace('ecs-arch.schema.json', 'ecs-arch.editor.schema.json');
editor.$comment = 'Generated from ecs-arch.schema.json by scripts/generate-editor-schema.mjs for editors: every value may also be a ${…} variable. Do not edit.';
if (typeof source.description === 'string') editor.markdownDescription = source.description;
for (const [name, snippets] of Object.entries(SNIPPETS)) {
  if (!editor.$defs?.[name]) throw new Error(`generate-editor-schema: no $defs.${name} for its snippet`);
  editor.$defs[name].defaultSnippets = snippets;
}
const text = `${JSON.stringify(editor, null, 2)}\n`;

writeOrCheck(target, text);
