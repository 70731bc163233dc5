/**
 * Time, injectable. Every timer and every "now" of the orchestrator goes through a Clock, so tests
 * drive TTLs, polls and backoff with a fake clock instead of waiting.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's setTimeout rejects delays above 2^31-1 ms (about 24.8 days) by firing at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Real time. Timers are unref'd: the orchestrator's housekeeping should never be the only thing
 * that keeps a process alive (a web server keeps it alive anyway; a script should call close()).
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = globalThis.setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS));
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
};

/** Resolves after `ms` on the given clock; rejects with the signal's reason when aborted. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
