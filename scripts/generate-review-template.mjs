#!/usr/bin/env node
// Precompiles templates/review.md.hbs into src/review/template.generated.ts, so `compile`
// (which writes review.md) loads only the small handlebars runtime, not the compiler.
// `node scripts/generate-review-template.mjs` writes it; `--check` exits 1 when it is out of date.
import { readFileSync } from 'node:fs';
import { writeOrCheck } from './generated-file.mjs';
import Handlebars from 'handlebars';

const source = readFileSync(new URL('../templates/review.md.hbs', import.meta.url), 'utf8');
const target = new URL('../src/review/template.generated.ts', import.meta.url);
const spec = Handlebars.precompile(source, { noEscape: true });
const text = `/* Generated from templates/review.md.hbs by scripts/generate-review-template.mjs. Do not edit. */\n// @ts-nocheck\nexport const reviewTemplateSpec = ${spec};\n`;

writeOrCheck(target, text);
