/**
 * Readers for values that come from a store or a provider: a record written by another version,
 * or hand-edited, may hold anything, and a view shows only a number or a string it checked.
 */
export const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
