// Scale: load + compile + split into nested stacks + serialise every template, for generated
// configs of 10, 100, 500 and 1000 tasks, each size in a fresh process so peak RSS is its own.
// The aim (issue 7): ≤ 2 s and ≤ 400 MB at 1000 tasks, time growing linearly. Needs `npm run build`.
// compileProject splits; the probe times the split on its own too (splitTemplate on the unsplit
// template from compileModel), then serialises every template as compile writes it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { generatedConfig } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (path) => JSON.stringify(join(root, 'dist', 'src', path));
if (!existsSync(join(root, 'dist', 'src', 'stacks', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const SIZES = (process.env.BENCH_TASKS ?? '10,100,500,1000').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'ecs-arch-scale-'));

// One size per process: three runs, the median reported (the first also pays for JIT warm-up).
const probe = `
const { loadProject } = await import(${dist('config/index.js')});
const { compileModel, compileProject, serializeTemplate } = await import(${dist('compile/index.js')});
const { buildModel } = await import(${dist('model/index.js')});
const { splitTemplate } = await import(${dist('stacks/index.js')});
const runs = [];
let shape;
for (let i = 0; i < 3; i++) {
  const t0 = process.hrtime.bigint();
  const loaded = await loadProject({ configPath: process.argv[1], cwd: process.cwd(), env: {} });
  if (!loaded.ok) { console.error(JSON.stringify(loaded.diagnostics.slice(0, 3))); process.exit(1); }
  const compiled = compileProject(loaded.project);
  if (compiled.diagnostics.length) { console.error(JSON.stringify(compiled.diagnostics)); process.exit(1); }
  const t1 = process.hrtime.bigint();
  let bytes = 0;
  for (const t of compiled.templates) bytes += serializeTemplate(t.template).length;
  const t2 = process.hrtime.bigint();
  const { manifest } = compiled;
  const unsplit = compileModel(buildModel(loaded.project)).template;
  const t3 = process.hrtime.bigint();
  splitTemplate(unsplit, { maxResources: 500, maxBytes: 1_000_000, stackName: manifest.stackName, artifactBucket: manifest.artifactBucket, region: manifest.region });
  const t4 = process.hrtime.bigint();
  runs.push({ compile: Number(t1 - t0) / 1e6, serialise: Number(t2 - t1) / 1e6, split: Number(t4 - t3) / 1e6 });
  shape = { resources: Object.values(manifest.resourceCounts).reduce((a, b) => a + b, 0), stacks: compiled.templates.length, bytes };
}
// compile (load + compile + split + hashes) and serialise are what \`ecs-arch compile\` does; split is already inside compile.
const total = (r) => r.compile + r.serialise;
const median = [...runs].sort((a, b) => total(a) - total(b))[1];
console.log(JSON.stringify({ ...shape, ...median, total: total(median), first: total(runs[0]), maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

console.log('load + compile (incl. split), serialise all templates; split alone for reference; one process per size, median of 3 runs:');
console.log('  tasks  resources  stacks  total KB  compile ms  (split ms)  serialise ms  total ms  first ms  ms/task  peak RSS MB');
const rows = [];
try {
  for (const n of SIZES) {
    const file = join(work, `scale-${n}.yml`);
    writeFileSync(file, stringify(generatedConfig(n, `scale-${n}`)));
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe, file], { cwd: work, encoding: 'utf8', maxBuffer: 16 << 20 });
    if (result.status !== 0) throw new Error(`scale-${n}: ${result.stderr}`);
    const row = { n, ...JSON.parse(result.stdout) };
    rows.push(row);
    const cells = [
      [n, 5], [row.resources, 9], [row.stacks, 6], [(row.bytes / 1024).toFixed(0), 8], [row.compile.toFixed(1), 10], [`(${row.split.toFixed(1)})`, 10],
      [row.serialise.toFixed(1), 12], [row.total.toFixed(1), 8], [row.first.toFixed(1), 8], [(row.total / n).toFixed(3), 7], [row.maxRssMb.toFixed(0), 11],
    ];
    console.log(`  ${cells.map(([value, width]) => String(value).padStart(width)).join('  ')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const largest = rows.at(-1);
if (largest && rows.length > 1) {
  const smallest = rows[0];
  console.log(`  growth ${smallest.n} → ${largest.n} tasks: ×${(largest.total / smallest.total).toFixed(1)} time for ×${largest.n / smallest.n} tasks`);
  console.log(`  aim at ${largest.n} tasks: ≤ 2000 ms and ≤ 400 MB → ${largest.total.toFixed(0)} ms, ${largest.maxRssMb.toFixed(0)} MB`);
}
