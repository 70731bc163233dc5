import { afterEach, describe, expect, it } from 'vitest';
import { settle } from './fake-clock.js';
import { GPU_REQUEST, type Harness, setup } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

/** Timers that keep this process up (unref'd ones are not listed). */
const refTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('a pending call keeps the process up; housekeeping does not', () => {
  it('while release waits for a terminate retry, the process cannot exit under it', async () => {
    h = setup({ terminateRetry: { baseDelayMs: 1_000, attempts: 5 } });
    const { session } = await h.orch.spawn(GPU_REQUEST);
    await settle();
    const idle = refTimers();
    h.mock.failNext('terminate', 'provider');
    const release = h.orch.release(session.id);
    await h.clock.advance(0);
    expect(refTimers()).toBe(idle + 1);
    await h.clock.advance(1_000);
    await release;
    await settle();
    expect(refTimers()).toBe(idle);
  });

  it('after close() nothing of the orchestrator keeps the process up', async () => {
    h = setup();
    await h.orch.spawn(GPU_REQUEST);
    await settle();
    const before = refTimers();
    const waiting = h.orch.waitReady((await h.orch.list())[0]!.id, { timeoutMs: 3_600_000 }).catch((e: unknown) => e);
    await settle();
    expect(refTimers()).toBe(before + 1);
    await h.orch.close();
    expect(await waiting).toMatchObject({ kind: 'conflict' });
    await settle();
    expect(refTimers()).toBe(before);
  });
});
