import { expect, vi } from 'vitest';
import type { Timeouts } from './settings.js';

/**
 * Reads until `done` holds, with vi.waitFor (every pollMs, up to readyMs); returns the value. A
 * timeout fails the test with the last value seen, which usually says what broke; an error that
 * `read` throws fails it at once.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeouts: Timeouts,
  what: string,
  show: (value: T) => string,
): Promise<T> {
  let last: { value: T } | undefined;
  let failure: { error: unknown } | undefined;
  const found = await vi
    .waitFor(
      async () => {
        try {
          last = { value: await read() };
        } catch (error) {
          failure = { error };
          return undefined;
        }
        if (!done(last.value)) throw new Error('not yet');
        return last;
      },
      { timeout: timeouts.readyMs, interval: timeouts.pollMs },
    )
    .catch(() => undefined);
  if (failure !== undefined) throw failure.error;
  if (found === undefined) {
    return expect.fail(
      `${what} within ${timeouts.readyMs} ms; last seen: ${last === undefined ? 'nothing' : show(last.value)}`,
    );
  }
  return found.value;
}
