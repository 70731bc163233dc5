import { expect } from 'vitest';
import type { Timeouts } from './settings.js';

/**
 * Calls `read` every pollMs until `done` holds or readyMs pass; returns the last value. A timeout
 * fails the test with the last value seen, which usually says what broke.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeouts: Timeouts,
  what: string,
  show: (value: T) => string,
): Promise<T> {
  const deadline = Date.now() + timeouts.readyMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() >= deadline) {
      return expect.fail(`${what} within ${timeouts.readyMs} ms; last seen: ${show(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, timeouts.pollMs));
  }
}
