// Writes a generated file, or with `--check` exits 1 when the file on disk differs from what
// the generator would write (the tests' staleness check).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';

/** @param {URL} target @param {string} text */
export function writeOrCheck(target, text) {
  if (!process.argv.includes('--check')) {
    writeFileSync(target, text);
    return;
  }
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== text) {
    const name = relative(fileURLToPath(new URL('..', import.meta.url)), fileURLToPath(target));
    process.stderr.write(`${name} is out of date: run npm run generate\n`);
    process.exit(1);
  }
}
