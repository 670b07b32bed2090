// Writes a compile result to disk: the root template, nested templates (stacks/<Name>.json),
// manifest.json, review.md. The folder then holds exactly this compile: templates of an
// earlier compile (a split that went away, the other --format) are removed.
import { readdir, rm, rmdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
// Imported statically: config loading has loaded yaml already, and a dynamic import of the
// bundled CommonJS module exposes its functions only on `default`.
import { stringify } from 'yaml';
import type { CompileResult } from '../compile/types.js';
import { serializeTemplate } from '../compile/index.js';
import { outputDir } from '../config/paths.js';
import { writeText } from '../util/files.js';
import { version } from '../util/package-file.js';

export interface EmitOptions {
  cwd: string;
  /** Default: .ecs-arch/<stage> next to the configuration file. */
  outDir?: string;
  format: 'json' | 'yaml';
}

/** template.json → template.yaml for --format yaml. */
const withFormat = (fileName: string, format: EmitOptions['format']) => (format === 'yaml' ? fileName.replace(/\.json$/, '.yaml') : fileName);

/** Template files a compile writes: what may be removed when the current compile did not write it. */
const TEMPLATE_FILE = /^(template|stacks\/[A-Za-z0-9]+)\.(json|yaml)$/;

/**
 * What `compile` writes, as [file name, text] pairs in a fixed order with fixed formatting: the
 * same result gives the same bytes (the golden tests compare these).
 */
export async function renderArtifacts(result: CompileResult, format: EmitOptions['format']): Promise<[string, string][]> {
  const contents: [string, string][] = result.templates.map((t) => [
    withFormat(t.fileName, format),
    format === 'yaml'
      ? // YAML 1.1: what CloudFormation's parser reads, so strings like "yes" or "2010-09-09" stay strings.
        stringify(t.template, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 })
      : serializeTemplate(t.template),
  ]);
  // Which ecs-arch wrote it: deploy --from refuses output of another version.
  const manifest = { ecsArchVersion: version(), ...result.manifest, templates: result.manifest.templates.map((t) => ({ ...t, fileName: withFormat(t.fileName, format) })) };
  contents.push(['manifest.json', `${JSON.stringify(manifest, null, 2)}\n`]);
  // The review (handlebars, the graph) is loaded only here: a compile that stops on an error never pays for it.
  const { renderReview } = await import('../review/index.js');
  contents.push(['review.md', renderReview(result)]);
  return contents;
}

/** Writes the compile output (next to the configuration unless outDir says otherwise). Failures throw FileError. */
export async function writeArtifacts(result: CompileResult, options: EmitOptions): Promise<{ outDir: string; files: string[] }> {
  const outDir = resolve(options.cwd, options.outDir ?? outputDir(result.project.file, result.manifest.stage));
  const contents = await renderArtifacts(result, options.format);
  const files: string[] = [];
  for (const [fileName, text] of contents) {
    const path = join(outDir, fileName);
    await writeText(path, text);
    const shown = relative(options.cwd, path);
    files.push(shown.startsWith('..') ? path : shown);
  }
  await removeStale(outDir, new Set(contents.map(([fileName]) => fileName)));
  return { outDir, files };
}

async function removeStale(outDir: string, current: ReadonlySet<string>): Promise<void> {
  const list = async (dir: string) => (await readdir(join(outDir, dir)).catch(() => [] as string[])).map((name) => (dir ? `${dir}/${name}` : name));
  const stale = [...(await list('')), ...(await list('stacks'))].filter((name) => TEMPLATE_FILE.test(name) && !current.has(name));
  for (const name of stale) await rm(join(outDir, name), { force: true });
  // An empty stacks/ left by a template that no longer splits goes too.
  if (!(await list('stacks')).length) await rmdir(join(outDir, 'stacks')).catch(() => undefined);
}
