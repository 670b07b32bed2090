// Wording shared by the command outputs and review.md.
import type { ResourceQuota } from '../review/types.js';

/** "1 error", "2 errors". */
export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The Replacement column: only a Modify can replace; an unknown answer says so. */
export function replacementText(change: { action: string; replacement: string }): string {
  if (change.action !== 'Modify') return '-';
  return change.replacement || 'unknown';
}

/** "12 to add, 3 to modify (2 replaced), 1 to remove.", each number through `number`. */
export function changeCounts(changes: readonly { action: string; replacement: string }[], number: (count: number, what: string) => string = (n, what) => `${n} ${what}`): string {
  if (!changes.length) return 'No resource changes.';
  const count = (test: (c: { action: string; replacement: string }) => boolean) => changes.filter(test).length;
  const parts: string[] = [];
  const add = count((c) => c.action === 'Add');
  const modify = count((c) => c.action === 'Modify');
  const replaced = count((c) => c.action === 'Modify' && (c.replacement === 'True' || c.replacement === 'Conditional'));
  const remove = count((c) => c.action === 'Remove');
  const other = changes.length - add - modify - remove;
  if (add) parts.push(number(add, 'to add'));
  if (modify) parts.push(`${number(modify, 'to modify')}${replaced ? ` (${number(replaced, 'replaced')})` : ''}`);
  if (remove) parts.push(number(remove, 'to remove'));
  if (other) parts.push(number(other, 'other'));
  return `${parts.join(', ')}.`;
}

/**
 * The warning (over the quota) or the note (the account's quota could not be read) about
 * CloudFormation's "Resources in concurrent stack operations" quota; undefined when neither.
 */
export function quotaText(quota: ResourceQuota | undefined): string | undefined {
  if (!quota || (!quota.exceeded && !quota.defaultBecause)) return undefined;
  const n = (count: number) => count.toLocaleString('en-US');
  const name = 'CloudFormation quota "Resources in concurrent stack operations"';
  if (!quota.exceeded) return `Note: could not read this account's ${name} (${quota.defaultBecause}); the ${n(quota.resources)} resource changes are within its default ${n(quota.limit)}.`;
  const limit = quota.defaultBecause ? `the default ${n(quota.limit)} of the ${name} (the account's value could not be read: ${quota.defaultBecause})` : `the ${n(quota.limit)} of this account's ${name} in this region`;
  return (
    `Warning: this change set changes ${n(quota.resources)} resources across its stacks, more than ${limit}, ` +
    'so CloudFormation may fail part-way and roll back. Deploy in steps (e.g. add tasks in batches), or request a quota increase first (Service Quotas, AWS CloudFormation).'
  );
}
