// Values take the type the schema expects where they stand (issue 10): a YAML number or
// boolean where a string is expected keeps the text the user wrote (`VERSION: 1.10` is
// "1.10", `ZIP: 01234` is "01234"), and a whole-value variable whose text is a valid literal
// of the expected type becomes that type whatever its source (`cpu: ${env:CPU, 512}` is 512
// whether CPU is unset or set to "512").
import type { SourceFile } from './load.js';
import { isRecord } from '../util/records.js';
import { schema } from './schema-errors.js';

type Schema = Record<string, unknown>;
type Segment = string | number;


/** The schema nodes that apply at a node: $ref followed, anyOf branches spread. */
function expand(node: unknown, root: Schema, out: Schema[] = []): Schema[] {
  if (!isRecord(node)) return out;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    let target: unknown = root;
    for (const part of node.$ref.slice(2).split('/')) target = isRecord(target) ? target[part] : undefined;
    expand(target, root, out);
  }
  if (Array.isArray(node.anyOf)) for (const branch of node.anyOf) expand(branch, root, out);
  out.push(node);
  return out;
}

/** The JSON types the schema allows at path; undefined when it does not constrain them there. */
function typesAt(root: Schema, path: readonly Segment[]): Set<string> | undefined {
  let nodes = expand(root, root);
  for (const segment of path) {
    const next: Schema[] = [];
    for (const node of nodes) {
      const properties = isRecord(node.properties) ? node.properties : undefined;
      if (typeof segment === 'string' && properties && Object.hasOwn(properties, segment)) expand(properties[segment], root, next);
      else if (typeof segment === 'string' && isRecord(node.additionalProperties)) expand(node.additionalProperties, root, next);
      else if (typeof segment === 'number' && isRecord(node.items)) expand(node.items, root, next);
    }
    if (next.length === 0) return undefined;
    nodes = next;
  }
  const types = new Set<string>();
  for (const node of nodes) {
    if (typeof node.type === 'string') types.add(node.type);
    else if (Array.isArray(node.type)) for (const type of node.type) types.add(String(type));
    else if (Array.isArray(node.enum)) for (const value of node.enum) types.add(Number.isInteger(value) ? 'integer' : typeof value);
  }
  // A node without any type (a $ref holder, an anyOf) says nothing on its own.
  const constraining = nodes.filter((n) => n.type !== undefined || n.enum !== undefined);
  return constraining.length ? types : undefined;
}

function fits(value: unknown, types: Set<string>): boolean {
  if (typeof value === 'string') return types.has('string');
  if (typeof value === 'boolean') return types.has('boolean');
  if (typeof value === 'number') return types.has('number') || (types.has('integer') && Number.isInteger(value));
  return true;
}

function literal(text: string, types: Set<string>): { value: unknown } | undefined {
  const trimmed = text.trim();
  if ((types.has('integer') || types.has('number')) && /^-?\d+$/.test(trimmed)) return { value: Number(trimmed) };
  if (types.has('number') && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return { value: Number(trimmed) };
  if (types.has('boolean') && (trimmed === 'true' || trimmed === 'false')) return { value: trimmed === 'true' };
  return undefined;
}

/**
 * A copy of config with scalars typed as the schema expects. wholeVariables: paths whose
 * value was one variable; failed: paths left unresolved (they stay as they are).
 */
export function coerceToSchema(
  config: Record<string, unknown>,
  source: SourceFile,
  wholeVariables: ReadonlySet<string>,
  failed: ReadonlySet<string>,
): Record<string, unknown> {
  let root: Schema | undefined;
  const visit = (value: unknown, path: Segment[]): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (isRecord(value)) {
      const result: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        Object.defineProperty(result, key, { value: visit(value[key], [...path, key]), enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    const key = path.join('.');
    const typed = typeof value === 'number' || typeof value === 'boolean';
    if (failed.has(key) || !(typed || (typeof value === 'string' && wholeVariables.has(key)))) return value;
    root ??= schema();
    const types = typesAt(root, path);
    if (!types || fits(value, types)) return value;
    if (typed) return types.has('string') ? source.writtenText(key) ?? String(value) : value;
    return literal(value as string, types)?.value ?? value;
  };
  return visit(config, []) as Record<string, unknown>;
}
