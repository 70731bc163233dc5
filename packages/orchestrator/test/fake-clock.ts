import { vi } from 'vitest';
import type { Clock } from '../src/index.js';

/**
 * A Clock on vitest's fake timers: setTimeout, clearTimeout and Date are faked (so the mock
 * provider and the memory store, reading Date through the same clock, agree), and advance() runs
 * due timers in deadline order, letting the promise chains each one starts settle before the next
 * (vi.advanceTimersByTimeAsync). Real I/O and setImmediate stay real. The harness's afterEach
 * restores real timers.
 */
export class FakeClock implements Clock {
  constructor(start = Date.UTC(2026, 10, 27, 9, 0, 0)) {
    vi.useFakeTimers({ now: start, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  }

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): unknown {
    return globalThis.setTimeout(fn, Math.max(0, ms));
  }

  clearTimeout(handle: unknown): void {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  }

  /** Timers waiting right now. */
  get pending(): number {
    return vi.getTimerCount();
  }

  async advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
  }
}

/** Let pending promise chains (and their follow-ups) run: due timers at the current time too. */
export async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}
