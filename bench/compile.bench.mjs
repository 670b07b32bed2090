// Compile speed. (1) `ecs-arch compile` of examples/full as a whole process against bare
// `node -e 0` (the aim: within 2.5× of Node's own start-up). (2) Generated configs with 10,
// 100 and 500 tasks: load + compile (500 tasks split into nested stacks) + serialise every template, time and peak memory, each size in a fresh
// process (the aim: time grows linearly with tasks). Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { generatedConfig, wallMedian } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'ecs-arch.js');
if (!existsSync(join(root, 'dist', 'src', 'compile', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const work = mkdtempSync(join(tmpdir(), 'ecs-arch-bench-'));
const bare = wallMedian(['-e', '0'], { cwd: root, runs: RUNS });
const full = wallMedian([cli, 'compile', '-c', 'examples/full/ecs-arch.yml', '--out', join(work, 'full')], { cwd: root, runs: RUNS });
console.log(`compile examples/full, whole process (median of ${RUNS}):`);
console.log(`  node -e 0               ${bare.toFixed(1).padStart(7)} ms`);
console.log(`  ecs-arch compile (full) ${full.toFixed(1).padStart(7)} ms  = ${(full / bare).toFixed(2)}× bare Node (aim ≤ 2.5×)`);

// Runs in a fresh process: import, load, compile and serialise five times; reports the median
// of the last four (the first pays for JIT warm-up) and the process's peak RSS.
const probe = `
const { loadProject } = await import(${JSON.stringify(join(root, 'dist', 'src', 'config', 'index.js'))});
const { compileProject, serializeTemplate } = await import(${JSON.stringify(join(root, 'dist', 'src', 'compile', 'index.js'))});
const times = []; let resources = 0, bytes = 0;
for (let i = 0; i < 5; i++) {
  const start = process.hrtime.bigint();
  const loaded = await loadProject({ configPath: process.argv[1], cwd: process.cwd(), env: {} });
  if (!loaded.ok) { console.error(JSON.stringify(loaded.diagnostics.slice(0, 3))); process.exit(1); }
  const result = compileProject(loaded.project);
  if (result.diagnostics.length) { console.error(JSON.stringify(result.diagnostics)); process.exit(1); }
  const texts = result.templates.map((t) => serializeTemplate(t.template));
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  resources = Object.values(result.manifest.resourceCounts).reduce((a, b) => a + b, 0); bytes = texts.reduce((sum, text) => sum + text.length, 0);
}
const warm = times.slice(1).sort((a, b) => a - b);
console.log(JSON.stringify({ first: times[0], ms: warm[Math.floor(warm.length / 2)], resources, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

console.log('\ngenerated configs: load + compile + serialise in one process (median of 4 warm runs):');
console.log('  tasks  resources  template KB   first ms   warm ms   ms/task   peak RSS MB');
const rows = [];
for (const n of [10, 100, 500]) {
  const file = join(work, `bench-${n}.yml`);
  writeFileSync(file, stringify(generatedConfig(n, `bench-${n}`)));
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe, file], { cwd: work, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bench-${n}: ${result.stderr}`);
  const row = JSON.parse(result.stdout);
  rows.push({ n, ...row });
  console.log(
    `  ${String(n).padStart(5)}  ${String(row.resources).padStart(9)}  ${(row.bytes / 1024).toFixed(0).padStart(11)}  ${row.first.toFixed(1).padStart(9)}  ${row.ms.toFixed(1).padStart(8)}  ${(row.ms / n).toFixed(3).padStart(8)}  ${row.maxRssMb.toFixed(0).padStart(12)}`,
  );
}
const [small, , large] = rows;
console.log(`  growth 10 → 500 tasks: ×${(large.ms / small.ms).toFixed(1)} time for ×50 tasks (linear would be ≈ ×50 or less)`);
