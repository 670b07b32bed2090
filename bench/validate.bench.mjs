// Validate start-up: `ecs-arch validate` of examples/full as a whole process against bare
// `node -e 0`, median of several runs (the aim: within 2.5× of Node's own start-up).
// Needs `npm run build`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wallMedian } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'ecs-arch.js');
if (!existsSync(join(root, 'dist', 'src', 'config', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
// A throwaway run first, so the file cache is warm for both.
const wall = (args) => wallMedian(args, { cwd: root, runs: RUNS });
wall(['-e', '0']);
const bare = wall(['-e', '0']);
const validate = wall([cli, 'validate', '-c', 'examples/full/ecs-arch.yml']);
console.log(`validate examples/full, whole process (median of ${RUNS}):`);
console.log(`  node -e 0                 ${bare.toFixed(1).padStart(7)} ms`);
console.log(`  ecs-arch validate (full)  ${validate.toFixed(1).padStart(7)} ms  = ${(validate / bare).toFixed(2)}× bare Node (aim ≤ 2.5×)`);
