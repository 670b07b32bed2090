// Golden outputs: for every example and compile fixture, what `compile` writes (templates incl.
// stacks/*.json, manifest.json, review.md) and what `graph` prints (Mermaid and DOT) is committed
// under test/golden/<name>/ and compared byte for byte. A refactor keeps them identical; an
// intended change regenerates them with `npm run golden` (this file with GOLDEN_UPDATE=1) and
// the diff is reviewed like code.
import { describe, expect, test } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadProject } from '../../src/config/index.js';
import { compileProject } from '../../src/compile/index.js';
import { renderArtifacts } from '../../src/emit/index.js';
import { buildGraph, renderDot, renderMermaid } from '../../src/graph/index.js';
import { EXAMPLES, ROOT } from './helpers.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const UPDATE = process.env.GOLDEN_UPDATE === '1';
/** Fixture folders whose every .yml compiles cleanly; a case is named <folder>-<file>. */
const FIXTURE_DIRS = ['compile', 'lint', 'golden'];

const CASES: [name: string, configPath: string][] = [
  ...EXAMPLES.map((example): [string, string] => [example, join('examples', example, 'ecs-arch.yml')]),
  ...FIXTURE_DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, 'test', 'fixtures', dir))
      .filter((file) => file.endsWith('.yml'))
      .sort()
      .map((file): [string, string] => [`${dir}-${file.replace(/\.yml$/, '')}`, join('test', 'fixtures', dir, file)]),
  ),
];

async function outputs(configPath: string): Promise<Map<string, string>> {
  const loaded = await loadProject({ configPath, cwd: ROOT, env: {} });
  if (!loaded.ok) throw new Error(`${configPath} does not load: ${loaded.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n')}`);
  const result = compileProject(loaded.project);
  if (result.diagnostics?.length) throw new Error(`${configPath} does not compile cleanly: ${result.diagnostics.map((d) => d.message).join('\n')}`);
  const graph = buildGraph(result.model);
  return new Map([...(await renderArtifacts(result, 'json')), ['graph.mmd', renderMermaid(graph)], ['graph.dot', renderDot(graph)]]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The first line that differs, with a little context: a whole-template diff would drown it. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const around = (lines: string[]) => lines.slice(Math.max(0, i - 2), i + 3).join('\n');
  return `line ${i + 1}\n--- golden\n${around(a)}\n+++ compiled\n${around(b)}`;
}

describe('golden outputs', () => {
  test.each(CASES)('%s matches test/golden byte for byte', async (name, configPath) => {
    const produced = await outputs(configPath);
    const dir = join(GOLDEN, name);
    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      for (const [file, text] of produced) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
    }
    expect(filesUnder(dir)).toEqual([...produced.keys()].sort());
    for (const [file, text] of produced) {
      const golden = readFileSync(join(dir, file), 'utf8');
      if (golden !== text) throw new Error(`test/golden/${name}/${file} differs from what ${configPath} compiles to (${firstDifference(golden, text)})\nIf the change is intended, run \`npm run golden\` and review the diff.`);
    }
  });

  // Runs after the cases, so an update has written every folder before this checks them.
  test('case names are unique and every golden folder belongs to a case', () => {
    const names = CASES.map(([name]) => name);
    expect(new Set(names).size).toBe(names.length);
    if (UPDATE) {
      for (const stale of readdirSync(GOLDEN).filter((d) => !names.includes(d))) rmSync(join(GOLDEN, stale), { recursive: true });
    }
    expect(readdirSync(GOLDEN).sort()).toEqual([...names].sort());
  });
});
