// Reads a compile output folder back for `deploy --from`: the manifest and the templates it
// lists, each checked against the hash the manifest recorded, so what deploys is byte for byte
// what was reviewed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledTemplate, Manifest, Template } from '../compile/types.js';
import { sha256, templateBody } from '../stacks/artifacts.js';

export type WrittenManifest = Manifest & { ecsArchVersion?: string };

export type ReadArtifact = { ok: true; manifest: WrittenManifest; templates: CompiledTemplate[] } | { ok: false; problem: string };

export async function readArtifact(dir: string): Promise<ReadArtifact> {
  let manifest: WrittenManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as WrittenManifest;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' ? 'has no manifest.json; give the folder "ecs-arch compile" wrote' : `manifest.json cannot be read (${code ?? (error as Error).message})` };
  }
  if (!Array.isArray(manifest.templates) || !manifest.templates.length || typeof manifest.stackName !== 'string') return { ok: false, problem: 'manifest.json is not one ecs-arch compile wrote' };
  const templates: CompiledTemplate[] = [];
  for (const entry of manifest.templates) {
    if (!entry.fileName.endsWith('.json')) return { ok: false, problem: `${entry.fileName} is YAML; deploy --from takes the output of "ecs-arch compile --format json"` };
    let template: Template;
    try {
      template = JSON.parse(await readFile(join(dir, entry.fileName), 'utf8')) as Template;
    } catch (error) {
      return { ok: false, problem: `${entry.fileName} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
    if (sha256(templateBody(template)) !== entry.hash) return { ok: false, problem: `${entry.fileName} was changed after compile (its hash differs from manifest.json's)` };
    templates.push({ fileName: entry.fileName, template, ...(entry.logicalId ? { logicalId: entry.logicalId } : {}) });
  }
  return { ok: true, manifest, templates };
}
