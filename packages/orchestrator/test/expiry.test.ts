import { afterEach, describe, expect, it } from 'vitest';
import { GPU_REQUEST, type Harness, setup } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

async function upstreamStatus(id: string) {
  return (await h.mock.getCompute(id)).status;
}

describe('idle TTL and max runtime', () => {
  it('terminates a session that nobody touched for idleTtlMs', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    await h.clock.advance(29_999);
    expect(await h.orch.get(session.id)).toBeDefined();
    await h.clock.advance(1);
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect(await upstreamStatus(compute.id)).toBe('terminated');
    expect(h.types(session.id)).toEqual(['spawned', 'idle_timeout', 'terminating', 'terminated']);
    expect(h.events.find((e) => e.type === 'terminated')).toMatchObject({
      reason: 'idle_timeout',
      computeId: compute.id,
    });
  });

  it('touch pushes the idle deadline out', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    await h.clock.advance(20_000);
    const touched = await h.orch.touch(session.id);
    expect(touched.idleDeadline).toBe(h.clock.now() + 30_000);
    await h.clock.advance(20_000);
    expect(await h.orch.get(session.id)).toBeDefined();
    expect(await upstreamStatus(compute.id)).not.toBe('terminated');
    await h.clock.advance(10_000);
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect(await upstreamStatus(compute.id)).toBe('terminated');
    expect(h.types(session.id)).toEqual(['spawned', 'heartbeat', 'idle_timeout', 'terminating', 'terminated']);
  });

  it('ends a session at maxRuntimeMs even when it is touched', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000, maxRuntimeMs: 100_000 });
    for (let t = 0; t < 9; t++) {
      await h.clock.advance(10_000);
      await h.orch.touch(session.id);
    }
    await h.clock.advance(10_000);
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect(await upstreamStatus(compute.id)).toBe('terminated');
    expect(h.types(session.id).slice(-3)).toEqual(['max_runtime', 'terminating', 'terminated']);
  });

  it('touch after the session ended rejects', async () => {
    h = setup();
    const { session } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 1_000 });
    await h.clock.advance(1_000);
    await expect(h.orch.touch(session.id)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('release terminates upstream, then forgets', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    await h.orch.release(session.id);
    expect(await upstreamStatus(compute.id)).toBe('terminated');
    expect(await h.orch.list()).toEqual([]);
    expect(h.types(session.id)).toEqual(['spawned', 'terminating', 'terminated']);
  });
});

describe('one scheduler for every session', () => {
  it('holds 10,000 sessions with one deadline timer', async () => {
    h = setup({ pollIntervalMs: 3_600_000, reapIntervalMs: 3_600_000 });
    await h.orch.ready();
    const baseline = h.clock.pending;
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 1_000 }, (_, i) =>
          h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 60_000 + batch * 1_000 + i }),
        ),
      );
    }
    expect(h.orch.stats()).toEqual({ scheduled: 10_000, timers: 4 });
    // The poll, reap and instance-lease loops already held their timers: the sessions added exactly one.
    expect(h.clock.pending).toBe(baseline + 1);
    // The earliest deadline fires first and only that session ends.
    await h.clock.advance(60_000);
    expect(h.orch.stats().scheduled).toBe(9_999);
    expect(h.types().filter((t) => t === 'idle_timeout')).toHaveLength(1);
  }, 60_000);
});
