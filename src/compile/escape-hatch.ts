// The `cloudformation:` escape hatch, applied last: extra resources and outputs, then
// RFC 6902 patches (fast-json-patch). A patch whose path does not exist is the user's error,
// reported at the patch's position in ecs-arch.yml.
import { createRequire } from 'node:module';
import type { Operation } from 'fast-json-patch';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedProject } from '../config/index.js';
import type { Model } from '../model/index.js';
import { didYouMean } from '../util/suggest.js';
import type { Template } from './types.js';

// Loaded only when a file has patches: most compiles never pay for it (startup time matters).
const loadJsonPatch = () => createRequire(import.meta.url)('fast-json-patch') as typeof import('fast-json-patch');

type Locate = Pick<LoadedProject, 'locate' | 'displayPath'>;

function diagnostic(project: Locate, path: string, message: string): Diagnostic {
  const { line, col } = project.locate(path);
  return { file: project.displayPath, line, col, path, message, severity: 'error' };
}

/** The longest prefix of a JSON Pointer that exists, and the keys available below it. */
function nearestExisting(document: unknown, pointer: string): { missing: string; keys: string[] } {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = document;
  for (const part of parts) {
    if (node && typeof node === 'object' && part in (node as object)) node = (node as Record<string, unknown>)[part];
    else return { missing: part, keys: node && typeof node === 'object' ? Object.keys(node) : [] };
  }
  return { missing: '', keys: [] };
}

export function applyEscapeHatch(template: Template, model: Model, project: Locate): { template: Template; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { resources, outputs, patches } = model.cloudformation;
  for (const id of Object.keys(resources)) {
    if (template.Resources[id]) {
      diagnostics.push(diagnostic(project, `cloudformation.resources.${id}`, `cloudformation.resources.${id}: ecs-arch already generates a resource with this logical ID; choose another name, or change the generated one with a patch.`));
    }
  }
  for (const id of Object.keys(outputs)) {
    if (template.Outputs?.[id]) {
      diagnostics.push(diagnostic(project, `cloudformation.outputs.${id}`, `cloudformation.outputs.${id}: ecs-arch already generates an output with this name.`));
    }
  }
  let result: Template = {
    ...template,
    Resources: { ...template.Resources, ...(resources as Template['Resources']) },
    ...(Object.keys(outputs).length || template.Outputs ? { Outputs: { ...template.Outputs, ...(outputs as Template['Outputs']) } } : {}),
  };
  const jsonpatch = patches.length ? loadJsonPatch() : undefined;
  patches.forEach((patch, index) => {
    const path = `cloudformation.patches.${index}`;
    try {
      result = jsonpatch!.applyOperation(result, patch as Operation, true, false, true, index).newDocument as Template;
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      const pointer = name === 'OPERATION_FROM_UNRESOLVABLE' ? patch.from ?? '' : patch.path;
      let reason: string;
      if (name === 'TEST_OPERATION_FAILED') reason = `the value at ${patch.path} is not the one the test expects.`;
      else if (name.endsWith('UNRESOLVABLE') || name === 'OPERATION_PATH_CANNOT_ADD') {
        const { missing, keys } = nearestExisting(result, pointer);
        reason = `${pointer} does not exist in the generated template ("${missing}" is not there).${didYouMean(missing, keys)}`;
      } else reason = (error as Error).message.split('\n')[0]!;
      diagnostics.push(diagnostic(project, path, `${path} (${patch.op} ${patch.path}): ${reason} Run "ecs-arch compile" without the patch to see the template.`));
    }
  });
  return { template: result, diagnostics };
}
