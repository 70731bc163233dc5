import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle } from './fake-clock.js';
import { GPU_REQUEST, type Harness, setup } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.orch.close();
  vi.restoreAllMocks();
});

/**
 * How many ref'd keep-alive handles the orchestrator holds right now: real intervals it created and
 * has not cleared (the fake clock's timers are not real; other code's timers are not counted).
 */
function watchKeepAlive(): () => number {
  const live = new Set<unknown>();
  const setInterval = globalThis.setInterval;
  const clearInterval = globalThis.clearInterval;
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
    const handle = setInterval(fn, ms);
    if (handle.hasRef()) live.add(handle);
    return handle;
  }) as typeof globalThis.setInterval);
  vi.spyOn(globalThis, 'clearInterval').mockImplementation(((handle?: Parameters<typeof clearInterval>[0]) => {
    live.delete(handle);
    clearInterval(handle);
  }) as typeof globalThis.clearInterval);
  return () => live.size;
}

describe('a pending call keeps the process up; housekeeping does not', () => {
  it('while release waits for a terminate retry, the process cannot exit under it', async () => {
    h = setup({ terminateRetry: { baseDelayMs: 1_000, attempts: 5 } });
    const { session } = await h.orch.spawn(GPU_REQUEST);
    const held = watchKeepAlive();
    h.mock.failNext('terminate', 'provider');
    const release = h.orch.release(session.id);
    await h.clock.advance(0);
    expect(h.events.at(-1)).toMatchObject({ type: 'terminate_failed', gaveUp: false });
    expect(held()).toBe(1);
    await h.clock.advance(1_000);
    await release;
    await settle();
    expect(held()).toBe(0);
  });

  it('after close() nothing of the orchestrator keeps the process up', async () => {
    h = setup();
    const { session } = await h.orch.spawn(GPU_REQUEST);
    const held = watchKeepAlive();
    const waiting = h.orch.waitReady(session.id, { timeoutMs: 3_600_000 }).catch((e: unknown) => e);
    await settle();
    expect(held()).toBe(1);
    await h.orch.close();
    expect(await waiting).toMatchObject({ kind: 'conflict' });
    await settle();
    expect(held()).toBe(0);
  });
});
