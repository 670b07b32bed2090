// Large projects (issue 17): `ecs-arch compile` of 150 copies of the three task architectures
// (bench/copies.mjs: 450 tasks, 150 queues, 40 buckets and 40 tables) as a whole process, the
// way users run it. Reports wall time (median of BENCH_RUNS, default 3, and its range), CPU
// time, the process's peak RSS, how many templates it wrote and the largest template's
// resources, parameters, outputs and bytes (the compact body CloudFormation receives). The aim: under 3 s, every template within
// CloudFormation's limits (500 resources, 200 parameters, 200 outputs, 1 MB). Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { copiesConfig } from './copies.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'ecs-arch.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COPIES = (process.env.BENCH_COPIES ?? '150').split(',').map(Number);
// Peak RSS and CPU time of the CLI process itself, reported on exit: CPU time does not grow
// when other processes share the machine, wall time does.
const usage = `data:text/javascript,process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('maxRSS=' + u.maxRSS + ' cpu=' + (u.userCPUTime + u.systemCPUTime) + '\\n'); })`;
const work = mkdtempSync(join(tmpdir(), 'ecs-arch-large-'));

console.log(`ecs-arch compile of n copies (3 tasks each), whole process, median of ${RUNS}:`);
console.log('  copies  tasks  wall ms  wall range  CPU ms  peak RSS MB  templates  largest: resources  parameters  outputs  KB');
try {
  for (const copies of COPIES) {
    const dir = join(work, String(copies));
    const out = join(dir, 'out');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ecs-arch.yml'), stringify(copiesConfig(copies)));
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['--import', usage, cli, 'compile', '--out', out], { cwd: dir, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`compile of ${copies} copies failed: ${result.stdout}${result.stderr}`);
      const [, maxRss, cpu] = /maxRSS=(\d+) cpu=(\d+)/.exec(result.stderr);
      runs.push({ ms, cpuMs: Number(cpu) / 1000, rssMb: Number(maxRss) / 1024 });
    }
    const median = runs.sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
    const files = ['template.json', ...readdirSync(join(out, 'stacks')).map((f) => join('stacks', f))];
    const sizes = files.map((file) => {
      const template = JSON.parse(readFileSync(join(out, file), 'utf8'));
      const count = (key) => Object.keys(template[key] ?? {}).length;
      return { resources: count('Resources'), parameters: count('Parameters'), outputs: count('Outputs'), bytes: Buffer.byteLength(JSON.stringify(template)) };
    });
    const largest = (key) => Math.max(...sizes.map((s) => s[key]));
    const cells = [
      [copies, 6], [copies * 3, 5], [median.ms.toFixed(0), 7], [`${runs[0].ms.toFixed(0)}–${runs.at(-1).ms.toFixed(0)}`, 10], [median.cpuMs.toFixed(0), 6], [median.rssMb.toFixed(0), 11], [files.length, 9],
      [largest('resources'), 18], [largest('parameters'), 10], [largest('outputs'), 7], [(largest('bytes') / 1024).toFixed(0), 4],
    ];
    console.log(`  ${cells.map(([value, width]) => String(value).padStart(width)).join('  ')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
