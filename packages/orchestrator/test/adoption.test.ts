import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, GPU_REQUEST, type Harness, startOrchestrator } from './harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.orch.close();
});

function start(world: ReturnType<typeof createWorld>) {
  const h = startOrchestrator(world);
  open.push(h);
  return h;
}

describe('restart: sessions survive when the store does', () => {
  it('a new orchestrator on the same store re-adopts sessions with their deadlines', async () => {
    const world = createWorld();
    const first = start(world);
    const { session, compute } = await first.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000, userId: 'u1' });
    await world.clock.advance(10_000);
    await first.orch.close(); // the app goes down without terminating anything
    expect((await world.mock.getCompute(compute.id)).status).not.toBe('terminated');

    await world.clock.advance(5_000);
    const second = start(world);
    expect(await second.orch.ready()).toEqual({ adopted: 1 });
    expect(await second.orch.list({ userId: 'u1' })).toEqual([
      expect.objectContaining({ id: session.id, computeId: compute.id }),
    ]);
    // The idle deadline is the one set at spawn (t+30s), not restarted by the restart.
    await world.clock.advance(14_999);
    expect((await world.mock.getCompute(compute.id)).status).not.toBe('terminated');
    await world.clock.advance(1);
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    // The first instance closed and let its instance lease go: the second took the session over at once.
    expect(second.types(session.id)).toEqual(['taken_over', 'idle_timeout', 'terminating', 'terminated']);
  });

  it('a deadline that passed while nobody was running fires at once on adoption', async () => {
    const world = createWorld();
    const first = start(world);
    const { compute } = await first.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    await first.orch.close();
    await world.clock.advance(3_600_000);
    const second = start(world);
    await second.orch.ready();
    await world.clock.advance(0);
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
  });

  it('touch after the restart keeps the adopted session alive', async () => {
    const world = createWorld();
    const first = start(world);
    const { session, compute } = await first.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    await first.orch.close();
    const second = start(world);
    await world.clock.advance(25_000);
    await second.orch.touch(session.id);
    await world.clock.advance(25_000);
    expect((await world.mock.getCompute(compute.id)).status).not.toBe('terminated');
  });

  it('close({ terminate: true }) terminates every live session first', async () => {
    const world = createWorld();
    const h = start(world);
    const a = await h.orch.spawn(GPU_REQUEST);
    const b = await h.orch.spawn(GPU_REQUEST);
    await h.orch.close({ terminate: true });
    for (const { compute } of [a, b]) expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(await world.store.list({ ownerId: 'app' })).toEqual([]);
    expect(h.events.filter((e) => e.type === 'terminated').map((e) => e.type === 'terminated' && e.reason)).toEqual([
      'shutdown',
      'shutdown',
    ]);
    expect(h.orch.stats()).toEqual({ scheduled: 0, timers: 0 });
    await expect(h.orch.spawn(GPU_REQUEST)).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('close({ terminate: true }) also ends a session whose spawn was under way', async () => {
    const world = createWorld();
    const h = start(world);
    const spawning = h.orch.spawn(GPU_REQUEST);
    await h.orch.close({ terminate: true });
    const { compute } = await spawning;
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(await world.store.list({ ownerId: 'app' })).toEqual([]);
  });
});
