/**
 * Cases that fail only because their fix has not landed on main yet, by group: a pattern over the
 * case's key, and why. `test/<group>.test.ts` runs every case but these; `test/pending-<group>.test.ts`
 * runs exactly these and is left out of the CI run (`pnpm test:pending` runs them). When the fix is
 * merged, delete the entry: the case is back in the CI run. Never weaken a case instead.
 */

export const PENDING: Readonly<Record<string, readonly (readonly [RegExp, string])[]>> = {
  'secrets-placement': [
    [
      /^adopted on lambda-labs: /,
      "a Lambda Labs VM's env values and token live only in its cloud-init user_data, which Lambda's API takes and never returns (writeOnly), and the store keeps neither: an orchestrator that adopted the session cannot learn them, so a terminate error echoing them reaches terminate_failed (needs a design decision, e.g. the store keeping them encrypted under a key the app gives every instance)",
    ],
  ],
};

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
