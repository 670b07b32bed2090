// Wording shared by the command outputs and review.md.

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
