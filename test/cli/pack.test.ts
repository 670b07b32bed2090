// The packed tarball works when another project installs it: `npx ecs-arch` runs from dist/
// with the schema and docs alongside, and `import 'ecs-arch'` gives the library. Packs with --ignore-scripts: `npm test` has built dist already.
import { afterAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('npm pack, install in another project, npx ecs-arch --version and validate, import the library', () => {
  const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tarball = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], root).trim().split('\n').at(-1)!;
  const project = join(dir, 'project');
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-ecs-arch', version: '1.0.0', private: true }));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(dir, tarball)], project);
  copyFileSync(join(root, 'examples/sqs-autoscaling/ecs-arch.yml'), join(project, 'ecs-arch.yml'));

  const version = JSON.parse(npm(['pkg', 'get', 'version'], root)) as string;
  expect(npm(['exec', '--no', '--', 'ecs-arch', '--version'], project)).toBe(`${version}\n`);
  expect(npm(['exec', '--no', '--', 'ecs-arch', 'validate'], project)).toBe('ecs-arch.yml is valid (stage dev, region us-east-1, 1 task)\n');
  expect(existsSync(join(project, 'node_modules/ecs-arch/schema/ecs-arch.schema.json'))).toBe(true);

  // The library entry (package.json main/exports → dist/src/index.js) from another project.
  writeFileSync(
    join(project, 'use.mjs'),
    [
      "import * as lib from 'ecs-arch';",
      "const loaded = await lib.loadProject({ configPath: 'ecs-arch.yml', cwd: process.cwd(), env: {} });",
      'if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));',
      'const result = lib.compileProject(loaded.project);',
      "const entry = ['loadProject', 'compileProject', 'writeArtifacts', 'deployStack', 'removeStack', 'connect', 'skipDecision', 'stackName', 'main'].map((name) => `${name}:${typeof lib[name]}`);",
      'console.log(JSON.stringify({ stackName: result.manifest.stackName, templates: result.templates.length, entry }));',
    ].join('\n'),
  );
  const used = JSON.parse(execFileSync('node', ['use.mjs'], { cwd: project, encoding: 'utf8' })) as { stackName: string; templates: number; entry: string[] };
  expect(used).toEqual({
    stackName: 'sqs-autoscaling-dev',
    templates: 1,
    entry: ['loadProject:function', 'compileProject:function', 'writeArtifacts:function', 'deployStack:function', 'removeStack:function', 'connect:function', 'skipDecision:function', 'stackName:function', 'main:function'],
  });
  expect(existsSync(join(project, 'node_modules/ecs-arch/dist/src/index.d.ts'))).toBe(true);
  expect(readFileSync(join(project, 'node_modules/ecs-arch/LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
}, 240_000);
