// Writes a compile result to disk: the root template, nested templates (stacks/<Name>.json),
// manifest.json, review.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { CompileResult } from '../compile/types.js';
import { serializeTemplate } from '../compile/index.js';

export interface EmitOptions {
  cwd: string;
  /** Default: .ecs-arch/<stage> under cwd. */
  outDir?: string;
  format: 'json' | 'yaml';
}

/** template.json → template.yaml for --format yaml. */
const withFormat = (fileName: string, format: EmitOptions['format']) => (format === 'yaml' ? fileName.replace(/\.json$/, '.yaml') : fileName);

/**
 * What `compile` writes, as [file name, text] pairs in a fixed order with fixed formatting: the
 * same result gives the same bytes (the golden tests compare these).
 */
export async function renderArtifacts(result: CompileResult, format: EmitOptions['format']): Promise<[string, string][]> {
  // yaml is loaded only for --format yaml: JSON output does not pay for it.
  const yaml = format === 'yaml' ? await import('yaml') : undefined;
  const contents: [string, string][] = result.templates.map((t) => [
    withFormat(t.fileName, format),
    yaml
      ? // YAML 1.1: what CloudFormation's parser reads, so strings like "yes" or "2010-09-09" stay strings.
        yaml.stringify(t.template, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 })
      : serializeTemplate(t.template),
  ]);
  const manifest = { ...result.manifest, templates: result.manifest.templates.map((t) => ({ ...t, fileName: withFormat(t.fileName, format) })) };
  contents.push(['manifest.json', `${JSON.stringify(manifest, null, 2)}\n`]);
  // The review (handlebars, the graph) is loaded only here: a compile that stops on an error never pays for it.
  const { renderReview } = await import('../review/index.js');
  contents.push(['review.md', renderReview(result)]);
  return contents;
}

export async function writeArtifacts(result: CompileResult, options: EmitOptions): Promise<{ outDir: string; files: string[] }> {
  const outDir = resolve(options.cwd, options.outDir ?? join('.ecs-arch', result.manifest.stage));
  const files: string[] = [];
  for (const [fileName, text] of await renderArtifacts(result, options.format)) {
    const path = join(outDir, fileName);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    const shown = relative(options.cwd, path);
    files.push(shown.startsWith('..') ? path : shown);
  }
  return { outDir, files };
}
