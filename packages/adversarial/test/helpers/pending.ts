/**
 * Cases that fail only because their fix has not landed on main yet, by group: a pattern over the
 * case's key, and why. `test/<group>.test.ts` runs every case but these; `test/pending-<group>.test.ts`
 * runs exactly these and is left out of the CI run (`pnpm test:pending` runs them). When the fix is
 * merged, delete the entry: the case is back in the CI run. Never weaken a case instead.
 */

export const PENDING: Readonly<Record<string, readonly (readonly [RegExp, string])[]>> = {};

function isPending(group: string, key: string): boolean {
  return (PENDING[group] ?? []).some(([pattern]) => pattern.test(key));
}

/** Selects the cases of a group that the CI run holds to. */
export const held =
  (group: string) =>
  (key: string): boolean =>
    !isPending(group, key);

/** Selects the cases of a group that wait for a fix. */
export const pending =
  (group: string) =>
  (key: string): boolean =>
    isPending(group, key);

export type Select = (key: string) => boolean;
