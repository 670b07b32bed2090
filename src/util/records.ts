// Small guards for untyped data (parsed YAML, templates after the escape hatch).

/** A plain object (not null, not an array): what a YAML mapping parses to. */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** CloudFormation's "one or a list" (Action, Resource, Statement, DependsOn) as a list. */
export function asList<T>(value: T | readonly T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}
