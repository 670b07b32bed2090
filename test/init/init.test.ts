// `ecs-arch init` through main(): every pattern's file validates, compiles and lints clean with
// the built-in rules; names, overwrite protection and invalid input.
import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/main.js';
import { nameFrom, nameProblem, PATTERNS } from '../../src/init/index.js';
import { fakeIo } from '../support/deploy-fixtures.js';

function project(dirName = 'my-app'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ecs-arch-init-')), dirName);
  mkdirSync(dir);
  return dir;
}

async function cli(cwd: string, argv: string[], env: Record<string, string> = {}) {
  const fake = fakeIo({ env, cwd });
  const code = await main(argv, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

/** What each pattern declares: [tasks, buckets, tables, queues, topics, alerts]. */
const CONTENTS: Record<string, [string[], string[], string[], string[], string[], boolean]> = {
  s3: [['process-upload'], ['uploads'], ['results'], [], [], false],
  schedule: [['nightly'], [], [], [], [], false],
  sqs: [['worker'], [], [], ['jobs'], [], false],
  alerts: [['nightly'], [], [], [], ['ops-alerts'], true],
  full: [['process-upload', 'nightly', 'worker'], ['uploads'], ['results'], ['jobs'], ['ops-alerts'], true],
};

describe('ecs-arch init', () => {
  test('-c dir/x.yml: the folder names the app, $schema points at the package root\'s node_modules, .gitignore beside the file keeps its lines', async () => {
    const cwd = project('repo');
    writeFileSync(join(cwd, 'package.json'), '{}');
    mkdirSync(join(cwd, 'services', 'Image_Resizer'), { recursive: true });
    writeFileSync(join(cwd, 'services', 'Image_Resizer', '.gitignore'), 'node_modules');
    const result = await cli(cwd, ['init', '-c', 'services/Image_Resizer/app.yml']);
    expect(result.stdout).toBe(
      'Wrote services/Image_Resizer/app.yml (pattern full, the default without a terminal: --pattern chooses, name image-resizer).\n' +
        'Added .ecs-arch/ (compile output) to services/Image_Resizer/.gitignore.\nNext steps:\n' +
        '  1. Put your VPC, subnets and images in services/Image_Resizer/app.yml.\n  2. npx ecs-arch validate -c services/Image_Resizer/app.yml\n' +
        '  3. npx ecs-arch compile -c services/Image_Resizer/app.yml, then read services/Image_Resizer/.ecs-arch/dev/review.md\n  4. npx ecs-arch deploy -c services/Image_Resizer/app.yml\n',
    );
    const text = readFileSync(join(cwd, 'services', 'Image_Resizer', 'app.yml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/ecs-arch/schema/ecs-arch.editor.schema.json');
    expect((parse(text) as { name: string }).name).toBe('image-resizer');
    expect(readFileSync(join(cwd, 'services', 'Image_Resizer', '.gitignore'), 'utf8')).toBe('node_modules\n.ecs-arch/\n');
    // Already ignored: left alone, and not mentioned.
    expect((await cli(cwd, ['init', '-c', 'services/Image_Resizer/app.yml', '--force', '--pattern', 'sqs'])).stdout).not.toContain('.gitignore');
    expect(readFileSync(join(cwd, 'services', 'Image_Resizer', '.gitignore'), 'utf8')).toBe('node_modules\n.ecs-arch/\n');
  });

  test('on a terminal without --pattern it asks, offering every pattern with schedule as the default', async () => {
    const cwd = project();
    const fake = fakeIo({ env: {}, cwd, answer: true });
    const asked: unknown[] = [];
    fake.io.choose = async (question, choices, fallback) => {
      asked.push([question, choices.map((c) => c.value), fallback]);
      return 'sqs';
    };
    expect(await main(['init'], fake.io)).toBe(0);
    expect(asked).toEqual([['Which architecture?', [...PATTERNS], 'schedule']]);
    expect(fake.stdout()).toContain('Wrote ecs-arch.yml (pattern sqs, name my-app).\n');
  });

  test('patterns', () => {
    expect(PATTERNS).toEqual(Object.keys(CONTENTS));
  });

  for (const pattern of PATTERNS) {
    test(`--pattern ${pattern}: a commented file that validates, compiles and passes the built-in lint rules`, async () => {
      const cwd = project();
      expect(await cli(cwd, ['init', '--pattern', pattern])).toEqual({
        code: 0,
        stdout:
          `Wrote ecs-arch.yml (pattern ${pattern}, name my-app).\nAdded .ecs-arch/ (compile output) to .gitignore.\nNext steps:\n` +
          '  1. Put your VPC, subnets and images in ecs-arch.yml.\n  2. npx ecs-arch validate\n  3. npx ecs-arch compile, then read .ecs-arch/dev/review.md\n  4. npx ecs-arch deploy\n',
        stderr: '',
      });
      const text = readFileSync(join(cwd, 'ecs-arch.yml'), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/ecs-arch/schema/ecs-arch.editor.schema.json');
      expect(readFileSync(join(cwd, '.gitignore'), 'utf8')).toBe('.ecs-arch/\n');
      expect(text).toContain(`# Written by \`ecs-arch init --pattern ${pattern}\`.`);
      expect(text).not.toMatch(/\n\n\n/);
      const config = parse(text) as Record<string, Record<string, unknown> | string | undefined>;
      const keys = (section: string) => Object.keys((config[section] as Record<string, unknown> | undefined) ?? {});
      expect([keys('tasks'), keys('buckets'), keys('tables'), keys('queues'), keys('topics'), config.alerts !== undefined]).toEqual(CONTENTS[pattern]);
      expect(config.name).toBe('my-app');

      expect((await cli(cwd, ['validate'])).code).toBe(0);
      const compiled = await cli(cwd, ['compile']);
      expect([compiled.code, compiled.stderr]).toEqual([0, '']);
      expect(readFileSync(join(cwd, '.ecs-arch', 'dev', 'template.json'), 'utf8')).toContain('"AWSTemplateFormatVersion": "2010-09-09"');
      // No cfn-lint on this PATH: only the built-in rules run, and they find nothing.
      const linted = await cli(cwd, ['lint'], { PATH: mkdtempSync(join(tmpdir(), 'ecs-arch-empty-path-')) });
      expect([linted.code, linted.stdout]).toEqual([0, 'No problems found in 1 template (built-in rules only)\n']);
    });
  }

  test('default pattern full; default name from the directory, sanitised', async () => {
    const cwd = project('2 Media_Pipeline.Service');
    expect((await cli(cwd, ['init', '--json'])).stdout).toBe('{"file":"ecs-arch.yml","pattern":"full","name":"media-pipeline-service","gitignore":".gitignore"}\n');
  });

  test('refuses to overwrite without --force (exit 1, file unchanged); --force overwrites', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'ecs-arch.yml'), 'name: mine\n');
    expect(await cli(cwd, ['init'])).toEqual({ code: 1, stdout: '', stderr: 'ecs-arch init: ecs-arch.yml already exists; nothing was changed. Use --force to overwrite it.\n' });
    expect(readFileSync(join(cwd, 'ecs-arch.yml'), 'utf8')).toBe('name: mine\n');
    expect((await cli(cwd, ['init', '--force', '--pattern', 'sqs'])).code).toBe(0);
    expect(readFileSync(join(cwd, 'ecs-arch.yml'), 'utf8')).toContain('  worker:');
  });

  test('-c PATH writes there (creating folders); the name comes from its folder', async () => {
    const cwd = project();
    expect((await cli(cwd, ['init', '-c', 'services/thumbs/ecs-arch.yml', '--pattern', 's3'])).stdout).toContain('Wrote services/thumbs/ecs-arch.yml (pattern s3, name thumbs).');
    expect((await cli(cwd, ['validate', '-c', 'services/thumbs/ecs-arch.yml'])).code).toBe(0);
  });

  test('invalid --pattern or --name: exit 2 with a suggestion, nothing written', async () => {
    const cwd = project();
    expect(await cli(cwd, ['init', '--pattern', 'schedul'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch init: --pattern must be one of s3, schedule, sqs, alerts, full, not "schedul". Did you mean "schedule"?\n',
    });
    expect(await cli(cwd, ['init', '--name', 'My_App'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ecs-arch init: --name "My_App" must start with a lower-case letter and contain only lower-case letters, digits and "-". Did you mean "my-app"?\n',
    });
    expect((await cli(cwd, ['init', '--name', 'a'.repeat(33)])).stderr).toBe(
      `ecs-arch init: --name "${'a'.repeat(33)}" must be at most 32 characters (it has 33). Did you mean "${'a'.repeat(32)}"?\n`,
    );
    expect((await cli(cwd, ['validate'])).code).toBe(2);
  });

  test('nameFrom and nameProblem', () => {
    expect(['My_App 2', '---x--', '123', 'über-app', 'a'.repeat(31) + '-bc', ''].map(nameFrom)).toEqual(['my-app-2', 'x', 'app', 'ber-app', 'a'.repeat(31), 'app']);
    expect([nameProblem('media-pipeline'), nameProblem('9lives')]).toEqual([undefined, 'must start with a lower-case letter and contain only lower-case letters, digits and "-"']);
  });
});
