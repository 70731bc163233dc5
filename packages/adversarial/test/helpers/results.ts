/** What the tally reporter writes to results.json and docs/reliability.md quotes. */
export interface Results {
  readonly groups: Record<string, { readonly tried: number; readonly held: number }>;
  /** Per group, what its measuring case counted (the last run in which it held). */
  readonly figures: Record<string, Record<string, unknown>>;
}

/** Test files that check the suite itself rather than a promise. */
export const TALLY_EXEMPT = new Set(['reliability-doc']);
