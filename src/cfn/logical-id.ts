// Stable logical IDs. A logical ID is a contract: if it changes, CloudFormation deletes the
// resource and creates a new one (for a bucket or a table: data left behind or lost). So IDs
// are derived only from the names the user chose, never from list positions elsewhere in
// the file, and every ID depends on its own item's name alone: renaming or adding one task
// cannot change another task's IDs.
import { createHash } from 'node:crypto';

const MAX_LENGTH = 255;

/** "nightly-report" → "NightlyReport". Names are [a-z][a-z0-9-]*, so this is readable and almost injective. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8).toUpperCase();
}

/**
 * Per-namespace base IDs for a set of names. PascalCase loses information only where a
 * hyphen precedes a digit ("a-1" and "a1" both give "A1") or case differs ("foo-bar" vs
 * "foobar"); CloudFormation IDs should not differ by case alone either. Only names in such
 * a colliding group get a short hash of their exact name, and the hyphen-free member of the
 * group (there is at most one) keeps its plain form.
 */
export function baseIds(names: readonly string[]): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const key = pascalCase(name).toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  const ids = new Map<string, string>();
  for (const name of names) {
    const group = groups.get(pascalCase(name).toLowerCase())!;
    const plain = group.length === 1 || !name.includes('-');
    ids.set(name, plain ? pascalCase(name) : `${pascalCase(name)}${shortHash(name)}`);
  }
  return ids;
}

/** Joins parts into one alphanumeric ID within CloudFormation's 255 characters. */
export function logicalId(...parts: string[]): string {
  const id = parts.map((p) => (/^[A-Za-z0-9]*$/.test(p) ? p : pascalCase(p))).join('');
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(id)) throw new Error(`not a valid logical ID: ${JSON.stringify(id)}`);
  return id.length <= MAX_LENGTH ? id : `${id.slice(0, MAX_LENGTH - 8)}${shortHash(id)}`;
}
