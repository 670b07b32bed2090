// Docker cannot run here, so each worker's Dockerfile is parsed instruction by instruction
// (docker-file-parser) and checked for what matters when it is built elsewhere: base images
// pinned by digest on a supported Node LTS, dependencies installed from the lockfile with
// `npm ci` (production only in the final image), a separate build stage, a non-root user,
// signals reaching node, and a command that starts the compiled worker.
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type CommandEntry } from 'docker-file-parser';

const workersDir = fileURLToPath(new URL('.', import.meta.url));
const workers = ['s3-to-dynamodb', 'scheduled-batch', 'queue-worker'];
// Node's release schedule: 20 reached end of life in April 2026; 22 and 24 are LTS lines in support.
// https://nodejs.org/en/about/previous-releases
const SUPPORTED_NODE_MAJORS = ['22', '24'];

interface Stage {
  name: string | undefined;
  image: string;
  steps: CommandEntry[];
}

function stagesOf(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  for (const step of parse(dockerfile, { includeComments: false })) {
    if (step.name === 'FROM') {
      const [image, as, name] = String(step.args).split(/\s+/);
      stages.push({ image: image!, name: as?.toUpperCase() === 'AS' ? name : undefined, steps: [] });
    } else {
      stages.at(-1)!.steps.push(step);
    }
  }
  return stages;
}

const words = (step: CommandEntry) => (Array.isArray(step.args) ? step.args : String(step.args).split(/\s+/));
/** The npm invocations of a RUN, each as its words (`RUN a && npm ci --omit=dev`). */
const npmCommands = (step: CommandEntry) =>
  step.name === 'RUN' ? String(step.args).split(/&&|;/).map((part) => part.trim().split(/\s+/)).filter((command) => command[0] === 'npm') : [];

describe.each(workers)('%s/Dockerfile', (worker) => {
  const stages = stagesOf(readFileSync(`${workersDir}${worker}/Dockerfile`, 'utf8'));
  const final = stages.at(-1)!;
  const copiesFrom = (stage: Stage) => stage.steps.filter((s) => s.name === 'COPY').map((s) => words(s));

  test('every base image is a supported Node LTS, pinned by digest', () => {
    for (const stage of stages) {
      const match = /^node:(\d+)[^@]*@sha256:[0-9a-f]{64}$/.exec(stage.image);
      expect(match).not.toBeNull();
      expect(SUPPORTED_NODE_MAJORS).toContain(match![1]);
    }
  });

  test('installs only with npm ci from the lockfile; the final image gets production dependencies only', () => {
    const npm = stages.flatMap((stage) => stage.steps.flatMap(npmCommands));
    expect(npm.length).toBeGreaterThan(0);
    for (const command of npm.filter((c) => c[1] !== 'ci')) expect(command[1]).not.toMatch(/^(install|i|add|update|prune)$/);
    // The stage whose node_modules the final image takes ran `npm ci --omit=dev` after copying the lockfile.
    const source = copiesFrom(final).find((args) => args.some((a) => a.endsWith('/node_modules')))!;
    const stageName = source[0]!.replace('--from=', '');
    const deps = stages.find((stage) => stage.name === stageName)!;
    const install = deps.steps.flatMap(npmCommands);
    expect(install).toEqual([expect.arrayContaining(['npm', 'ci', '--omit=dev'])]);
    expect(copiesFrom(deps).flat()).toContain('package-lock.json');
  });

  test('is multi-stage: the final image takes only build output from earlier stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const earlier = stages.slice(0, -1).map((stage) => stage.name);
    for (const args of copiesFrom(final)) expect(earlier).toContain(args[0]!.replace(/^--from=/, ''));
    expect(final.steps.flatMap(npmCommands)).toEqual([]);
  });

  test('runs as a non-root user', () => {
    const user = final.steps.filter((s) => s.name === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
  });

  test('starts the compiled worker under an init process', () => {
    expect(final.steps.find((s) => s.name === 'ENTRYPOINT')?.args).toEqual(['/sbin/tini', '--']);
    expect(final.steps.find((s) => s.name === 'CMD')?.args).toEqual(['node', `dist/${worker}/main.js`]);
    expect(existsSync(`${workersDir}${worker}/main.ts`)).toBe(true);
  });

  test('copies only sources that exist in workers/', () => {
    const sources = stages.slice(0, -1).flatMap((stage) => copiesFrom(stage)).filter((args) => !args[0]!.startsWith('--')).flatMap((args) => args.slice(0, -1));
    for (const source of sources) expect(existsSync(`${workersDir}${source}`)).toBe(true);
  });
});

test('workers/package-lock.json locks exactly the dependencies workers/package.json declares', () => {
  const manifest = JSON.parse(readFileSync(`${workersDir}package.json`, 'utf8')) as Record<string, Record<string, string>>;
  const lock = JSON.parse(readFileSync(`${workersDir}package-lock.json`, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const root = lock.packages['']!;
  expect(root.dependencies).toEqual(manifest.dependencies);
  expect(root.devDependencies).toEqual(manifest.devDependencies);
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
    expect(lock.packages[`node_modules/${name}`]?.version).toEqual(expect.any(String));
  }
});
