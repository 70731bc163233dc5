import { createAtlas } from '@atlas/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator } from '../src/index.js';
import { GPU_REQUEST, type Harness, startOrchestrator } from './harness.js';
import { createTwoClouds, liveOn, startOnBoth, type TwoClouds } from './two-clouds.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.orch.close();
});

function start(world: TwoClouds, extra: Parameters<typeof startOnBoth>[1] = {}) {
  const h = startOnBoth(world, extra);
  open.push(h);
  return h;
}

describe('an orchestrator over several providers', () => {
  it('says which providers it has, and refuses provider and providers together', async () => {
    const world = createTwoClouds();
    expect(start(world).orch.providers()).toEqual(['mock-a', 'mock-b']);
    expect(() => createOrchestrator({ ownerId: 'app', provider: world.a, providers: [world.b] })).toThrow(
      expect.objectContaining({ kind: 'validation' }),
    );
    expect(() => createOrchestrator({ ownerId: 'app', providers: [] })).toThrow(
      expect.objectContaining({ kind: 'validation' }),
    );
    expect(() => createOrchestrator({ ownerId: 'app', providers: [world.a, world.a] })).toThrow(
      expect.objectContaining({ kind: 'validation' }),
    );
  });

  it('takes names registered in an atlas; sessions record the providers’ ids', async () => {
    const world = createTwoClouds();
    const atlas = createAtlas({ providers: { east: world.a, west: world.b } });
    const h = startOrchestrator(world, { atlas, providers: ['west', 'east'] });
    open.push(h);
    expect(h.orch.providers()).toEqual(['mock-b', 'mock-a']);
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    expect(session.provider).toBe('mock-b');
    await h.orch.release(session.id);
    expect((await world.b.getCompute(compute.id)).status).toBe('terminated');
  });

  it('spawns on the first provider, or on the one the request pins', async () => {
    const world = createTwoClouds();
    const h = start(world);
    const first = await h.orch.spawn(GPU_REQUEST);
    const pinned = await h.orch.spawn({ ...GPU_REQUEST, provider: 'mock-b' });
    expect(first.session.provider).toBe('mock-a');
    expect(pinned.session.provider).toBe('mock-b');
    expect((await liveOn(world.a)).map((c) => c.id)).toEqual([first.compute.id]);
    expect((await liveOn(world.b)).map((c) => c.id)).toEqual([pinned.compute.id]);
    await expect(h.orch.spawn({ ...GPU_REQUEST, provider: 'mock-c' })).rejects.toMatchObject({ kind: 'validation' });
    expect(await h.orch.list()).toHaveLength(2);
  });

  it('polls, expires and releases each session on its own provider', async () => {
    const world = createTwoClouds();
    const h = start(world);
    const onA = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    const onB = await h.orch.spawn({ ...GPU_REQUEST, provider: 'mock-b', idleTtlMs: 300_000 });
    const alsoB = await h.orch.spawn({ ...GPU_REQUEST, provider: 'mock-b', idleTtlMs: 300_000 });

    world.b.setStatus(onB.compute.id, 'failed');
    await world.clock.advance(5_000); // one poll
    expect(h.types(onB.session.id)).toEqual(['spawned', 'vanished', 'terminating', 'terminated']);
    expect((await world.b.getCompute(onB.compute.id)).status).toBe('terminated');

    await world.clock.advance(25_000); // onA's idle deadline
    expect((await world.a.getCompute(onA.compute.id)).status).toBe('terminated');
    expect(h.types(onA.session.id)).toContain('idle_timeout');

    await h.orch.release(alsoB.session.id);
    expect((await world.b.getCompute(alsoB.compute.id)).status).toBe('terminated');
    expect(await h.orch.list()).toEqual([]);
  });

  it('retries a failed terminate on the session’s provider', async () => {
    const world = createTwoClouds();
    const h = start(world, { terminateRetry: { attempts: 3, baseDelayMs: 1_000 } });
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, provider: 'mock-b' });
    world.b.failNext('terminate', 'provider');
    const released = h.orch.release(session.id);
    await world.clock.advance(1_000);
    await released;
    expect(h.types(session.id)).toEqual(['spawned', 'terminating', 'terminate_failed', 'terminated']);
    expect((await world.b.getCompute(compute.id)).status).toBe('terminated');
  });

  it('a restarted orchestrator re-adopts sessions on both providers and keeps their deadlines', async () => {
    const world = createTwoClouds();
    const first = start(world);
    const onA = await first.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    const onB = await first.orch.spawn({ ...GPU_REQUEST, provider: 'mock-b', idleTtlMs: 30_000 });
    await first.orch.close();

    const second = start(world);
    expect(await second.orch.ready()).toEqual({ adopted: 2 });
    expect((await second.orch.list()).map((s) => s.provider).sort()).toEqual(['mock-a', 'mock-b']);
    await world.clock.advance(30_000);
    expect((await world.a.getCompute(onA.compute.id)).status).toBe('terminated');
    expect((await world.b.getCompute(onB.compute.id)).status).toBe('terminated');
  });

  it('reaps owner-stamped orphans on every provider, not only the first', async () => {
    const world = createTwoClouds();
    const h = start(world);
    const live = await h.orch.spawn({ ...GPU_REQUEST, provider: 'mock-b' });
    const stamped = { ...GPU_REQUEST, gpuCount: 1, env: {}, auth: 'none' as const, ports: [] };
    const orphanB = await world.b.spawnCompute({ ...stamped, name: 'atlas-app-0rphanb000000000' });
    // A compute on mock-a carrying the stamp of a session that lives on mock-b: not that session's.
    const strayA = await world.a.spawnCompute({ ...stamped, name: live.session.name });
    await world.clock.advance(10_000);

    const result = await h.orch.reap();
    expect(new Set(result.terminated)).toEqual(new Set([orphanB.id, strayA.id]));
    expect((await liveOn(world.b)).map((c) => c.id)).toEqual([live.compute.id]);
    expect(await liveOn(world.a)).toEqual([]);
  });

  it('leaves a stored session on a provider it does not have alone, and says so once', async () => {
    const world = createTwoClouds();
    const onlyB = startOrchestrator(world, { provider: world.b });
    open.push(onlyB);
    const { session, compute } = await onlyB.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 10_000 });
    await onlyB.orch.close();

    const warned: unknown[] = [];
    const onlyA = startOrchestrator(world, {
      provider: world.a,
      logger: { warn: (message, fields) => warned.push({ message, ...fields }) },
    });
    open.push(onlyA);
    expect(await onlyA.orch.ready()).toEqual({ adopted: 0 });
    await world.clock.advance(60_000); // polls, reaps, and the session's idle deadline
    expect(await onlyA.orch.get(session.id)).toBeUndefined();
    expect(await world.store.get(session.id)).toMatchObject({ provider: 'mock-b', state: 'active' });
    expect((await world.b.getCompute(compute.id)).status).not.toBe('terminated');
    expect(warned).toEqual([expect.objectContaining({ provider: 'mock-b' })]);
  });
});
