// Every example validates, and print resolves every variable in it.
import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../../src/config/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = readdirSync(new URL('../../examples', import.meta.url)).sort();

describe('examples', () => {
  test('there is one per architecture and a full one', () => {
    expect(examples).toEqual(['event-driven', 'from-source', 'full', 's3-to-dynamodb', 'scheduled-batch', 'sqs-autoscaling', 'task-alerts']);
  });

  test.each(examples)('%s validates with no warnings and resolves every variable', async (example) => {
    const result = await loadProject({ configPath: `examples/${example}/ecs-arch.yml`, cwd: root, env: {} });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n'));
    expect(result.project.warnings).toEqual([]);
    expect(JSON.stringify(result.project.config)).not.toContain('${');
  });

  test('full: params per stage keep their types, env defaults, ${self:}, ${ssm:}', async () => {
    const result = await loadProject({ configPath: 'examples/full/ecs-arch.yml', cwd: root, stage: 'prod', env: { IMAGE_TAG: '1.2.3' } });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { config, stage, region } = result.project;
    expect([stage, region]).toEqual(['prod', 'us-east-1']);
    expect(config.tasks!.ingest!.triggers![0]).toEqual({ sqs: { queue: 'jobs', scaling: { min: 0, max: 50, backlogPerTask: 20 } } });
    expect(config.tasks!.thumbnail!.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/thumbnail:1.2.3');
    expect(config.tasks!.thumbnail!.logRetentionDays).toBe(90);
    expect(config.tasks!.thumbnail!.secrets).toEqual({ API_KEY: 'ssm:/media/prod/api-key', DB_URL: 'secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/media/db-url-GhIjKl' });
    expect(config.tasks!['nightly-report']!.environment!.SOURCE_PREFIX).toBe('incoming/');
    expect(config.network!.vpc).toBe('{{resolve:ssm:/platform/network/vpc-id}}');
    expect(config.deployment!.tags).toEqual({ team: 'media', app: 'media-pipeline', stage: 'prod' });
    expect(config.stage).toBe('dev');
  });

  test('locate maps config paths to lines, falling back to the nearest ancestor', async () => {
    const result = await loadProject({ configPath: 'examples/full/ecs-arch.yml', cwd: root, env: {} });
    if (!result.ok) throw new Error('invalid');
    const { locate } = result.project;
    expect(locate('tasks.thumbnail')).toEqual({ file: 'examples/full/ecs-arch.yml', line: 55, col: 3 });
    expect(locate('tasks.thumbnail.triggers.0.s3')).toEqual({ file: 'examples/full/ecs-arch.yml', line: 76, col: 9 });
    expect(locate('tasks.thumbnail.nothing.here')).toEqual(locate('tasks.thumbnail'));
  });
});
