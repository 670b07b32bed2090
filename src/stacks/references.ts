// Finds and rewrites references between resources wherever CloudFormation allows them:
// { Ref }, { Fn::GetAtt } (list or "X.Attr" string form) and the ${X} / ${X.Attr} variables
// of Fn::Sub (string or [string, variables] form), at any depth of a JSON value.

/** A reference to a logical ID (resource or parameter), optionally to one of its attributes. */
export interface Reference {
  target: string;
  attribute?: string;
}

/**
 * What a reference becomes. `undefined` keeps it as it is. A replacement gives the new value
 * as an object (used for Ref / GetAtt positions) and, for Fn::Sub strings, either a plain
 * name to write as ${name} (a parameter or a local resource) or, when the value is not
 * expressible inside a Sub string, a variable to add to the Sub's variable map.
 */
export type Replacement = { ref: string } | { value: unknown; variable: string };

export type Resolver = (reference: Reference) => Replacement | undefined;

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

function isPseudo(name: string): boolean {
  return name.startsWith('AWS::');
}

function splitAttribute(name: string): Reference {
  const dot = name.indexOf('.');
  return dot < 0 ? { target: name } : { target: name.slice(0, dot), attribute: name.slice(dot + 1) };
}

function asValue(replacement: Replacement): unknown {
  return 'ref' in replacement ? { Ref: replacement.ref } : replacement.value;
}

/** The rewritten Fn::Sub, or undefined when nothing in it changes. */
function rewriteSub(argument: unknown, resolve: Resolver): unknown {
  const [text, variables] = Array.isArray(argument)
    ? [argument[0] as unknown, (argument[1] ?? {}) as Record<string, unknown>]
    : [argument, {} as Record<string, unknown>];
  if (typeof text !== 'string') {
    const next = rewrite(argument, resolve);
    return next === argument ? undefined : { 'Fn::Sub': next };
  }
  const added: Record<string, unknown> = {};
  const rewritten = text.replace(SUB_VARIABLE, (whole, inner: string) => {
    if (inner.startsWith('!') || inner in variables || isPseudo(inner)) return whole;
    const replacement = resolve(splitAttribute(inner));
    if (!replacement) return whole;
    if ('ref' in replacement) return `\${${replacement.ref}}`;
    added[replacement.variable] = replacement.value;
    return `\${${replacement.variable}}`;
  });
  const rewrittenVariables = rewrite(variables, resolve) as Record<string, unknown>;
  if (rewritten === text && rewrittenVariables === variables && !Object.keys(added).length) return undefined;
  const mergedVariables = { ...rewrittenVariables, ...added };
  return Object.keys(mergedVariables).length ? { 'Fn::Sub': [rewritten, mergedVariables] } : { 'Fn::Sub': rewritten };
}

/** A copy of `value` with every reference passed through `resolve`. Unchanged subtrees are shared, not copied. */
export function rewrite(value: unknown, resolve: Resolver): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const next = rewrite(item, resolve);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? items : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const argument = object[key];
    if (key === 'Ref' && typeof argument === 'string' && !isPseudo(argument)) {
      const replacement = resolve({ target: argument });
      return replacement ? asValue(replacement) : value;
    }
    if (key === 'Fn::GetAtt') {
      const reference =
        typeof argument === 'string'
          ? splitAttribute(argument)
          : Array.isArray(argument) && typeof argument[0] === 'string' && typeof argument[1] === 'string'
            ? { target: argument[0], attribute: argument[1] }
            : undefined;
      const replacement = reference && resolve(reference);
      return replacement ? asValue(replacement) : value;
    }
    if (key === 'Fn::Sub') {
      return rewriteSub(argument, resolve) ?? value;
    }
  }
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const next = rewrite(object[key], resolve);
    if (next !== object[key]) changed = true;
    result[key] = next;
  }
  return changed ? result : value;
}

/** Every reference in `value`, in document order (duplicates included). */
export function references(value: unknown): Reference[] {
  const found: Reference[] = [];
  rewrite(value, (reference) => {
    found.push(reference);
    return undefined;
  });
  return found;
}

/**
 * Names of conditions used inside `value` through Fn::If or a { Condition: name } condition
 * function. Only a single-key object counts as the latter: "Condition" is also an ordinary
 * property name (container DependsOn, IAM statements).
 */
export function conditionNames(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) conditionNames(item, into);
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const [onlyKey, onlyValue] = entries.length === 1 ? entries[0]! : [];
    if (onlyKey === 'Condition' && typeof onlyValue === 'string') into.add(onlyValue);
    for (const [key, child] of entries) {
      if (key === 'Fn::If' && Array.isArray(child) && typeof child[0] === 'string') into.add(child[0]);
      conditionNames(child, into);
    }
  }
  return into;
}

export function dependsOnList(dependsOn: string | string[] | undefined): string[] {
  return dependsOn === undefined ? [] : typeof dependsOn === 'string' ? [dependsOn] : dependsOn;
}
