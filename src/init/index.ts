// `init` as a library: a commented ecs-arch.yml for one architecture, from a handlebars
// template (human-facing text; CloudFormation is never templated).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { packageFile } from '../util/package-file.js';

export const PATTERNS = ['s3', 'schedule', 'sqs', 'alerts', 'full'] as const;
export type Pattern = (typeof PATTERNS)[number];

const NAME = /^[a-z][a-z0-9-]*$/;
const MAX_NAME = 32;

/** Which parts of the template each pattern turns on. Alerts need a task to watch: a scheduled one. */
const PARTS: Record<Pattern, { s3: boolean; schedule: boolean; sqs: boolean; alerts: boolean; description: string }> = {
  s3: { s3: true, schedule: false, sqs: false, alerts: false, description: 'uploads to a bucket start an ECS task that writes to a DynamoDB table.' },
  schedule: { s3: false, schedule: true, sqs: false, alerts: false, description: 'an ECS task that runs on a schedule.' },
  sqs: { s3: false, schedule: false, sqs: true, alerts: false, description: 'an ECS service that works through a queue, scaled on the backlog per task.' },
  alerts: { s3: false, schedule: true, sqs: false, alerts: true, description: 'a scheduled ECS task, with an email when it fails.' },
  full: { s3: true, schedule: true, sqs: true, alerts: true, description: 'uploads, a schedule and a queue start ECS tasks; failures send an email.' },
};

export const TEMPLATE_URL = packageFile('templates/init/ecs-arch.yml.hbs');

/** A directory name made into a valid application name ("My_App 2" → "my-app-2"); "app" when nothing is left. */
export function nameFrom(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, MAX_NAME)
    .replace(/-+$/, '');
  return cleaned || 'app';
}

/** Why a name is not valid, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (!NAME.test(name)) return 'must start with a lower-case letter and contain only lower-case letters, digits and "-"';
  if (name.length > MAX_NAME) return `must be at most ${MAX_NAME} characters (it has ${name.length})`;
  return undefined;
}

/** "uploads to a bucket start an ECS task …": what a pattern scaffolds, for the prompt. */
export function patternDescription(pattern: Pattern): string {
  return PARTS[pattern].description;
}

/** The editor schema shipped in this package, where `npm install ecs-arch` puts it. */
export const EDITOR_SCHEMA = 'node_modules/ecs-arch/schema/ecs-arch.editor.schema.json';

/**
 * The `$schema` path for a configuration file in `configDir`, relative to it: the editor
 * schema in the node_modules of the nearest folder with a package.json (else `cwd`).
 */
export function schemaPathFor(configDir: string, cwd: string): string {
  let dir = configDir;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const root = existsSync(join(dir, 'package.json')) ? dir : cwd;
  const path = relative(configDir, join(root, EDITOR_SCHEMA)).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

export async function renderScaffold(options: { pattern: Pattern; name: string; schemaPath?: string }): Promise<string> {
  // handlebars is loaded by init only.
  const { default: Handlebars } = await import('handlebars');
  const template = Handlebars.compile(await readFile(TEMPLATE_URL, 'utf8'), { noEscape: true, strict: true });
  return template({ ...PARTS[options.pattern], pattern: options.pattern, name: options.name, schemaPath: options.schemaPath ?? `./${EDITOR_SCHEMA}` });
}
