import { type AtlasError, isAtlasError } from '@atlas/core';

/** A clock the test moves by hand, and ids that count, so every run is the same. */
export function manualClock(start = Date.parse('2026-11-27T09:00:00.000Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export function countingIds(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** What a call rejected with, which must be an AtlasError. */
export async function rejection(promise: Promise<unknown>): Promise<AtlasError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAtlasError(error)) throw new Error(`expected an AtlasError, got ${String(error)}`);
  return error;
}
