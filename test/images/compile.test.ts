// image: { build } at compile time: the tag is a content hash of the build's inputs, computed
// while loading from real files, so compile needs neither Docker nor AWS.
import { describe, expect, test } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileProject, serializeTemplate } from '../../src/compile/index.js';
import { loadProject } from '../../src/config/index.js';
import { contextFiles } from '../../src/images/context.js';

const CONFIG = (image: string, architecture = 'x86_64') => `name: app
network: { vpc: vpc-1, subnets: [subnet-1] }
tasks:
  worker:
    image: ${image}
    architecture: ${architecture}
    triggers:
      - schedule: { expression: rate(1 hour) }
`;

/** A project folder with these files (path → content), ecs-arch.yml included. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-arch-images-'));
  write(dir, files);
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

async function compile(dir: string) {
  const loaded = await loadProject({ configPath: 'ecs-arch.yml', cwd: dir, env: { AWS_DEFAULT_REGION: 'us-east-1' } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const result = compileProject(loaded.project);
  return { result, text: serializeTemplate(result.templates[0]!.template), images: result.manifest.images };
}

const BASE = {
  'ecs-arch.yml': CONFIG('{ build: ./worker, args: { GREETING: hello } }'),
  'worker/Dockerfile': 'FROM scratch\nCOPY . /app\n',
  'worker/main.txt': 'one\n',
  'worker/lib/util.txt': 'util\n',
  'worker/.dockerignore': 'notes/\n*.log\n',
  'worker/notes/todo.md': 'later\n',
  'worker/debug.log': 'noise\n',
};

describe('image: { build }', () => {
  test('the task definition pulls <account>.dkr.ecr.<region>/ecs-arch-images:<hash>, and the execution role may pull it', async () => {
    const { result, images } = await compile(project(BASE));
    const [image] = images;
    expect(image).toEqual({ task: 'worker', context: 'worker', dockerfile: 'Dockerfile', args: { GREETING: 'hello' }, platform: 'linux/amd64', tag: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const resources = result.templates[0]!.template.Resources;
    const definition = resources.WorkerTaskDefinition!.Properties!;
    expect((definition.ContainerDefinitions as { Image: unknown }[])[0]!.Image).toEqual({
      'Fn::Sub': `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/ecs-arch-images:${image!.tag}`,
    });
    const statements = ((resources.WorkerExecutionRole!.Properties!.Policies as { PolicyDocument: { Statement: { Sid: string; Resource: unknown }[] } }[])[0]!).PolicyDocument.Statement;
    expect(statements.find((s) => s.Sid === 'PullImage')!.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/ecs-arch-images' });
  });

  test('the same inputs give a byte-identical template; one changed source file changes the tag and the template', async () => {
    const first = await compile(project(BASE));
    const again = await compile(project(BASE));
    expect(again.text).toBe(first.text);
    const changed = await compile(project({ ...BASE, 'worker/lib/util.txt': 'util 2\n' }));
    expect(changed.images[0]!.tag).not.toBe(first.images[0]!.tag);
    expect(changed.text).toBe(first.text.replace(first.images[0]!.tag, changed.images[0]!.tag));
  });

  test('files that .dockerignore excludes are not part of the tag; the Dockerfile, args, target and an executable bit are', async () => {
    const tag = async (files: Record<string, string>) => (await compile(project(files))).images[0]!.tag;
    const base = await tag(BASE);
    expect(await tag({ ...BASE, 'worker/debug.log': 'other noise\n', 'worker/notes/todo.md': 'now\n', 'worker/notes/new.md': 'x' })).toBe(base);
    expect(await tag({ ...BASE, 'worker/Dockerfile': 'FROM scratch\nCOPY . /srv\n' })).not.toBe(base);
    expect(await tag({ ...BASE, 'ecs-arch.yml': CONFIG('{ build: ./worker, args: { GREETING: hi } }') })).not.toBe(base);
    expect(await tag({ ...BASE, 'ecs-arch.yml': CONFIG('{ build: ./worker, args: { GREETING: hello }, target: app }') })).not.toBe(base);
    const executable = project(BASE);
    chmodSync(join(executable, 'worker/main.txt'), 0o755);
    expect((await compile(executable)).images[0]!.tag).not.toBe(base);
  });

  test('the context is filtered as Docker filters it: directories, globs and ! exceptions', () => {
    const dir = project({ '.dockerignore': 'node_modules\n**/*.tmp\ndocs/*\n!docs/keep.md\n', 'a.txt': '', 'node_modules/x/index.js': '', 'src/b.tmp': '', 'src/b.ts': '', 'docs/drop.md': '', 'docs/keep.md': '' });
    expect(contextFiles(dir)).toEqual(['.dockerignore', 'a.txt', 'docs/keep.md', 'src/b.ts']);
  });

  test('the architecture picks the platform, and the platform is part of the tag', async () => {
    const amd = await compile(project(BASE));
    const arm = await compile(project({ ...BASE, 'ecs-arch.yml': CONFIG('{ build: ./worker, args: { GREETING: hello } }', 'arm64') }));
    expect(arm.images[0]!.platform).toBe('linux/arm64');
    expect(amd.images[0]!.platform).toBe('linux/amd64');
    expect(arm.images[0]!.tag).not.toBe(amd.images[0]!.tag);
  });

  test('a missing context or Dockerfile is an error at its position', async () => {
    const dir = project({ 'ecs-arch.yml': CONFIG('{ build: ./nowhere }').replace('tasks:', 'tasks:\n  other:\n    image: { build: ./worker, dockerfile: Dockerfile.prod }'), 'worker/Dockerfile': 'FROM scratch\n' });
    const loaded = await loadProject({ configPath: 'ecs-arch.yml', cwd: dir, env: { AWS_DEFAULT_REGION: 'us-east-1' } });
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.diagnostics.map(({ line, col, message }) => ({ line, col, message }))).toEqual([
      { line: 5, col: 43, message: 'tasks.other.image.dockerfile: there is no Dockerfile.prod in the build context ./worker.' },
      { line: 7, col: 21, message: 'tasks.worker.image.build: the build context ./nowhere is not a directory.' },
    ]);
  });
});
