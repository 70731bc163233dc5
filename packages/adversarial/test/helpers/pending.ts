/**
 * Cases that fail only because their fix has not landed on main yet, by group: a pattern over the
 * case's key, and why. `test/<group>.test.ts` runs every case but these; `test/pending-<group>.test.ts`
 * runs exactly these and is left out of the CI run (`pnpm test:pending` runs them). When the fix is
 * merged, delete the entry: the case is back in the CI run. Never weaken a case instead.
 */

const MOCK_BOUNDARY =
  'the mock is not built on defineProvider: a direct call skips the boundary (no branch fixes it yet)';
const LOG_OPTIONS =
  "core's boundary passes LogOptions through unchecked: a bad tail reaches the provider (no branch fixes it yet)";
const BASE64 = 'base64 forms of secrets are not redacted from raw (no branch fixes it yet)';

export const PENDING: Readonly<Record<string, readonly (readonly [RegExp, string])[]>> = {
  'bad-input': [
    [
      /^runpod (direct|createAtlas): logs since 2026-02-30$/,
      'an impossible date passes the since check (Date.parse rolls it over to March 2; no branch fixes it yet)',
    ],
    [/^mock direct: (getCompute|stop|start|terminate|logs) id /, MOCK_BOUNDARY],
    [/^mock direct: filter (gpu h1000|\[\])$/, MOCK_BOUNDARY],
    [/^mock (direct|createAtlas): logs tail (-1|1\.5)$/, LOG_OPTIONS],
  ],
  faults: [
    [
      /^logs, (malformed JSON|an HTML page|an empty body|a JSON body of the wrong shape) with 200$/,
      'RunPod logs read any 200 as an event stream: a body that is not one yields no lines instead of `contract` (no branch fixes it yet)',
    ],
    [
      /^streamJob, a JSON body of the wrong shape with 200$/,
      'a /stream answer with neither status nor stream ends the stream with no chunks instead of `contract` (no branch fixes it yet)',
    ],
  ],
  secrets: [[/^(direct|createAtlas): a 400 that echoes the base64/, BASE64]],
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
