// Wording shared by the command outputs and review.md.

/** "1 error", "2 errors". */
export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
