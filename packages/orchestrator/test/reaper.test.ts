import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, GPU_REQUEST, type Harness, startOrchestrator, type World } from './harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.orch.close();
});

function start(world: World, ownerId: string) {
  const h = startOrchestrator(world, { ownerId, reapIntervalMs: 30_000, graceMs: 10_000 });
  open.push(h);
  return h;
}

/** A resource made outside any orchestrator (by hand, by a crashed process) with this name. */
async function handMade(world: World, name: string) {
  return world.mock.spawnCompute({ ...GPU_REQUEST, name, gpuCount: 1, env: {}, auth: 'none', ports: [] });
}

async function status(world: World, id: string) {
  return (await world.mock.getCompute(id)).status;
}

describe('reaper', () => {
  it('terminates orphans with its own stamp and never touches anything else', async () => {
    const world = createWorld();
    const app = start(world, 'app');
    const app2 = start(world, 'app2');
    const appX = start(world, 'app-x');
    const live = await app.orch.spawn(GPU_REQUEST);
    const foreignLive = await app2.orch.spawn(GPU_REQUEST);
    const prefixCousinLive = await appX.orch.spawn(GPU_REQUEST);
    const orphan = await handMade(world, 'atlas-app-0rphan0000000000');
    const foreignOrphan = await handMade(world, 'atlas-app2-0rphan0000000000');
    const unstamped = await handMade(world, 'my-jupyter-box');
    const unnamed = await world.mock.spawnCompute({
      gpu: 'h100',
      image: 'x',
      gpuCount: 1,
      env: {},
      auth: 'none',
      ports: [],
    });
    const lookalike = await handMade(world, 'atlas-app-not-a-session');

    await world.clock.advance(10_000);
    const dry = await app.orch.reap({ dryRun: true });
    expect(dry.orphans).toEqual([
      {
        computeId: orphan.id,
        name: 'atlas-app-0rphan0000000000',
        sessionId: '0rphan0000000000',
        status: 'running',
        reason: 'untracked',
      },
    ]);
    expect(dry.terminated).toEqual([]);
    expect(await status(world, orphan.id)).toBe('running');

    const result = await app.orch.reap();
    expect(result.terminated).toEqual([orphan.id]);
    expect(await status(world, orphan.id)).toBe('terminated');
    expect(app.events.filter((e) => e.type === 'reaped')).toEqual([
      expect.objectContaining({ computeId: orphan.id, sessionId: '0rphan0000000000' }),
    ]);
    for (const untouched of [
      live.compute,
      foreignLive.compute,
      prefixCousinLive.compute,
      foreignOrphan,
      unstamped,
      unnamed,
      lookalike,
    ]) {
      expect(await status(world, untouched.id)).toBe('running');
    }
    // The other owner reaps its own orphan, and only that.
    expect((await app2.orch.reap()).terminated).toEqual([foreignOrphan.id]);
    expect((await appX.orch.reap()).terminated).toEqual([]);
    for (const untouched of [
      live.compute,
      foreignLive.compute,
      prefixCousinLive.compute,
      unstamped,
      unnamed,
      lookalike,
    ]) {
      expect(await status(world, untouched.id)).toBe('running');
    }
  });

  it('leaves young resources alone for the grace period', async () => {
    const world = createWorld();
    const app = start(world, 'app');
    const orphan = await handMade(world, 'atlas-app-young00000000000');
    await world.clock.advance(5_000);
    expect((await app.orch.reap({ dryRun: true })).orphans).toEqual([]);
    expect((await app.orch.reap()).terminated).toEqual([]);
    await world.clock.advance(5_000);
    expect((await app.orch.reap()).terminated).toEqual([orphan.id]);
  });

  it('runs on its own every reapIntervalMs', async () => {
    const world = createWorld();
    start(world, 'app');
    const orphan = await handMade(world, 'atlas-app-crashed000000000');
    await world.clock.advance(29_999);
    expect(await status(world, orphan.id)).toBe('running');
    await world.clock.advance(1);
    expect(await status(world, orphan.id)).toBe('terminated');
  });

  it('cleans up after a crash during spawn: the stuck record goes, the compute is reaped', async () => {
    const world = createWorld();
    // A crash between the provider's create and the store update leaves a `spawning` record.
    await world.store.create({
      id: 'crashedspawn0000',
      ownerId: 'app',
      name: 'atlas-app-crashedspawn0000',
      provider: 'mock',
      state: 'spawning',
      createdAt: world.clock.now(),
      lastTouchedAt: world.clock.now(),
      idleTtlMs: 60_000,
      maxRuntimeMs: 3_600_000,
      idleDeadline: world.clock.now() + 60_000,
      maxDeadline: world.clock.now() + 3_600_000,
    });
    const compute = await handMade(world, 'atlas-app-crashedspawn0000');
    const app = start(world, 'app');
    expect(await app.orch.ready()).toEqual({ adopted: 0 });
    await world.clock.advance(5_000);
    expect((await app.orch.reap()).terminated).toEqual([]);
    await world.clock.advance(5_000);
    const result = await app.orch.reap();
    expect(result.orphans).toEqual([expect.objectContaining({ computeId: compute.id, reason: 'stale_spawn' })]);
    expect(await status(world, compute.id)).toBe('terminated');
    expect(await world.store.get('crashedspawn0000')).toBeUndefined();
  });

  it('terminates a duplicate that an ambiguous create left behind', async () => {
    const world = createWorld();
    const app = start(world, 'app');
    const { session, compute } = await app.orch.spawn(GPU_REQUEST);
    const duplicate = await handMade(world, session.name);
    await world.clock.advance(10_000);
    const result = await app.orch.reap();
    expect(result.orphans).toEqual([expect.objectContaining({ computeId: duplicate.id, reason: 'duplicate' })]);
    expect(await status(world, duplicate.id)).toBe('terminated');
    expect(await status(world, compute.id)).toBe('running');
  });
});
