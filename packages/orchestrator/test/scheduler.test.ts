import { describe, expect, it } from 'vitest';
import { DeadlineHeap } from '../src/min-heap.js';
import { createScheduler } from '../src/scheduler.js';
import { FakeClock } from './fake-clock.js';

describe('DeadlineHeap', () => {
  it('pops in deadline order after moves and deletes', () => {
    const heap = new DeadlineHeap();
    const deadlines = [50, 10, 40, 30, 20, 60, 5, 45];
    for (const [i, at] of deadlines.entries()) heap.set(`k${i}`, at);
    heap.set('k0', 1); // moved earlier
    heap.set('k6', 100); // moved later
    heap.delete('k3');
    const order: string[] = [];
    for (let e = heap.popDue(Number.POSITIVE_INFINITY); e !== undefined; e = heap.popDue(Number.POSITIVE_INFINITY))
      order.push(e.key);
    expect(order).toEqual(['k0', 'k1', 'k4', 'k2', 'k7', 'k5', 'k6']);
  });

  it('popDue only returns entries that are due', () => {
    const heap = new DeadlineHeap();
    heap.set('a', 10);
    expect(heap.popDue(9)).toBeUndefined();
    expect(heap.popDue(10)?.key).toBe('a');
    expect(heap.size).toBe(0);
  });
});

describe('scheduler', () => {
  it('serves any number of keys with one timer, armed for the earliest', async () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    const scheduler = createScheduler(clock, (key) => fired.push(key));
    for (let i = 0; i < 1_000; i++) scheduler.set(`s${i}`, 1_000 + i);
    expect(clock.pending).toBe(1);
    expect(scheduler.timers).toBe(1);
    scheduler.set('s0', 5_000);
    scheduler.delete('s1');
    await clock.advance(1_002);
    expect(fired).toEqual(['s2']);
    expect(clock.pending).toBe(1);
    await clock.advance(10_000);
    expect(fired).toHaveLength(999);
    expect(fired.at(-1)).toBe('s0');
    expect(clock.pending).toBe(0);
  });

  it('stop clears the timer', () => {
    const clock = new FakeClock(0);
    const scheduler = createScheduler(clock, () => undefined);
    scheduler.set('a', 10);
    scheduler.stop();
    expect(clock.pending).toBe(0);
    expect(scheduler.size).toBe(0);
  });
});
