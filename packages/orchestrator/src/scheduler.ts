import type { Clock } from './clock.js';
import { DeadlineHeap } from './min-heap.js';

/**
 * One timer for every deadline: the timer is always armed for the earliest entry of a min-heap,
 * and re-armed only when that earliest deadline changes. 10,000 sessions cost 10,000 heap entries
 * and one timer, not 10,000 timers.
 */
export interface Scheduler {
  /** Call onDue(key) at `at` (ms on the clock); replaces the key's previous deadline. */
  set(key: string, at: number): void;
  delete(key: string): void;
  has(key: string): boolean;
  /** How many keys wait. */
  readonly size: number;
  /** How many timers the scheduler holds right now: 0 or 1. */
  readonly timers: number;
  stop(): void;
}

export function createScheduler(clock: Clock, onDue: (key: string) => void): Scheduler {
  const heap = new DeadlineHeap();
  let handle: unknown;
  let armedAt: number | undefined;
  let stopped = false;

  const fire = () => {
    handle = undefined;
    armedAt = undefined;
    const now = clock.now();
    for (let due = heap.popDue(now); due !== undefined; due = heap.popDue(now)) onDue(due.key);
    arm();
  };

  const arm = () => {
    if (stopped) return;
    const next = heap.peek()?.at;
    if (next === armedAt) return;
    if (handle !== undefined) clock.clearTimeout(handle);
    handle = undefined;
    armedAt = next;
    if (next !== undefined) handle = clock.setTimeout(fire, Math.max(0, next - clock.now()));
  };

  return {
    set(key, at) {
      heap.set(key, at);
      arm();
    },
    delete(key) {
      if (heap.delete(key)) arm();
    },
    has: (key) => heap.has(key),
    get size() {
      return heap.size;
    },
    get timers() {
      return handle === undefined ? 0 : 1;
    },
    stop() {
      stopped = true;
      if (handle !== undefined) clock.clearTimeout(handle);
      handle = undefined;
      armedAt = undefined;
      heap.clear();
    },
  };
}
