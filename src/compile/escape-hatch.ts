// The `cloudformation:` escape hatch, applied last: extra resources and outputs, then
// RFC 6902 patches (fast-json-patch). A patch whose path does not exist is the user's error,
// reported at the patch's position in ecs-arch.yml.
import { createRequire } from 'node:module';
import type { Operation } from 'fast-json-patch';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedProject } from '../config/index.js';
import type { Model } from '../model/index.js';
import { asList, isRecord } from '../util/records.js';
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
  const applied: { index: number; pointers: string[] }[] = [];
  patches.forEach((patch, index) => {
    const path = `cloudformation.patches.${index}`;
    try {
      result = jsonpatch!.applyOperation(result, patch as Operation, true, false, true, index).newDocument as Template;
      applied.push({ index, pointers: patch.from === undefined ? [patch.path] : [patch.path, patch.from] });
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
  if (diagnostics.length) return { template, diagnostics };

  // What the patches and extra resources left must still be a template CloudFormation accepts.
  const blame = (pointer: string, resource: string | undefined): string => {
    // The last patch that wrote at, above or below the pointer.
    const touches = (p: string): boolean => p === pointer || pointer.startsWith(`${p}/`) || p.startsWith(`${pointer}/`);
    const patch = [...applied].reverse().find((a) => a.pointers.some(touches));
    if (patch) return `cloudformation.patches.${patch.index}`;
    if (resource !== undefined && Object.hasOwn(resources, resource)) return `cloudformation.resources.${resource}`;
    if (resource !== undefined && Object.hasOwn(outputs, resource)) return `cloudformation.outputs.${resource}`;
    return applied.length ? `cloudformation.patches.${applied.at(-1)!.index}` : '';
  };
  for (const problem of templateProblems(result)) {
    const path = blame(problem.pointer, problem.owner);
    const where = path.startsWith('cloudformation.patches.') ? `${path} (${patches[Number(path.split('.')[2])]!.op} ${patches[Number(path.split('.')[2])]!.path})` : path;
    diagnostics.push(diagnostic(project, path, where ? `${where}: ${problem.message}` : problem.message));
  }
  return diagnostics.length ? { template, diagnostics } : { template: result, diagnostics };
}

interface TemplateProblem {
  /** JSON Pointer of what is wrong (or of the missing target). */
  pointer: string;
  /** The resource or output the problem sits in, when there is one. */
  owner?: string;
  message: string;
}

/** Names a reference may use without being a resource or parameter. */
const PSEUDO = /^AWS::/;

/**
 * Shape and references: Resources a non-empty mapping of objects with a Type; every Ref,
 * Fn::GetAtt, ${…} in Fn::Sub and DependsOn names a resource or parameter of this template.
 */
export function templateProblems(template: unknown): TemplateProblem[] {
  if (!isRecord(template)) return [{ pointer: '', message: 'the template must stay a mapping with Resources.' }];
  const { Resources: resources, Parameters: parameters, Outputs: outputs } = template;
  if (!isRecord(resources)) return [{ pointer: '/Resources', message: 'Resources must stay a mapping of resources.' }];
  const ids = Object.keys(resources);
  if (ids.length === 0) {
    return [{ pointer: '/Resources', message: 'nothing to deploy: the template has no resources, and CloudFormation rejects a stack without any. Declare a task, bucket, table, queue or topic, or add cloudformation.resources.' }];
  }
  const problems: TemplateProblem[] = [];
  for (const id of ids) {
    const value = resources[id];
    if (!isRecord(value) || typeof value.Type !== 'string') problems.push({ pointer: `/Resources/${id}`, owner: id, message: `/Resources/${id} must be a mapping with a Type.` });
  }
  const known = new Set([...ids, ...(isRecord(parameters) ? Object.keys(parameters) : [])]);
  const check = (owner: string, base: string, value: unknown): void => {
    const missing = (name: string, how: string): void => {
      if (known.has(name) || PSEUDO.test(name)) return;
      problems.push({ pointer: `/Resources/${name}`, owner, message: `${base} refers to ${name} (${how}), which is not in the template.${didYouMean(name, [...known])}` });
    };
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!isRecord(node)) return;
      const keys = Object.keys(node);
      if (keys.length === 1) {
        const ref = node.Ref;
        if (typeof ref === 'string') missing(ref, 'Ref');
        const getAtt = node['Fn::GetAtt'];
        if (typeof getAtt === 'string') missing(getAtt.split('.')[0]!, 'Fn::GetAtt');
        else if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') missing(getAtt[0], 'Fn::GetAtt');
        const sub = node['Fn::Sub'];
        const [text, variables] = typeof sub === 'string' ? [sub, {}] : Array.isArray(sub) ? [sub[0], sub[1]] : [undefined, {}];
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const name = match[1]!.trim().split('.')[0]!;
            if (!(isRecord(variables) && Object.hasOwn(variables, match[1]!.trim()))) missing(name, 'Fn::Sub');
          }
        }
      }
      for (const key of keys) walk(node[key]);
    };
    walk(value);
  };
  for (const id of ids) {
    const value = resources[id];
    if (!isRecord(value)) continue;
    const dependsOn = value.DependsOn;
    for (const name of asList(dependsOn)) {
      if (typeof name === 'string' && !known.has(name)) {
        problems.push({ pointer: `/Resources/${name}`, owner: id, message: `/Resources/${id} depends on ${name}, which is not in the template.${didYouMean(name, ids)}` });
      }
    }
    check(id, `/Resources/${id}`, value);
  }
  if (isRecord(outputs)) for (const [name, output] of Object.entries(outputs)) check(name, `/Outputs/${name}`, output);
  return problems;
}
