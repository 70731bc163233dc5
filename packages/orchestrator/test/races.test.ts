import { createMock } from '@atlas/mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type SessionStore } from '../src/index.js';
import { settle } from './fake-clock.js';
import { createWorld, GPU_REQUEST, type Harness, PROVISIONING_MS, startOrchestrator, type World } from './harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.orch.close();
});

function start(world: World, extra: Parameters<typeof startOrchestrator>[1] = {}): Harness {
  const h = startOrchestrator(world, extra);
  open.push(h);
  return h;
}

/** A memory store whose calls a test can intercept, one method at a time. */
function interceptable(now: () => number) {
  const inner = createMemoryStore({ now });
  const hooks: Partial<{ [K in keyof SessionStore]: SessionStore[K] }> = {};
  const store: SessionStore = {
    create: (s) => (hooks.create ?? inner.create)(s),
    get: (id) => (hooks.get ?? inner.get)(id),
    list: (q) => (hooks.list ?? inner.list)(q),
    update: (id, v, c) => (hooks.update ?? inner.update)(id, v, c),
    delete: (id, v) => (hooks.delete ?? inner.delete)(id, v),
    acquireLease: (n, h, t) => (hooks.acquireLease ?? inner.acquireLease)(n, h, t),
    releaseLease: (n, h) => (hooks.releaseLease ?? inner.releaseLease)(n, h),
    addSpend: (r) => (hooks.addSpend ?? inner.addSpend)(r),
    listSpend: (q) => (hooks.listSpend ?? inner.listSpend)(q),
    spendTotal: (q) => (hooks.spendTotal ?? inner.spendTotal)(q),
  };
  return { inner, hooks, store };
}

describe('races that must not leave a GPU billing, or end one the user still uses', () => {
  it('a touch that lands between the expiry’s read and its write wins: the session lives on', async () => {
    const world = createWorld();
    const { inner, hooks, store } = interceptable(() => world.clock.now());
    const h = start({ ...world, store }, { pollIntervalMs: 3_600_000 });
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    await world.clock.advance(29_999);
    // The expiry's read of the session hands back the old record, after a touch went in.
    hooks.get = async (id) => {
      delete hooks.get;
      const stale = await inner.get(id);
      await h.orch.touch(id);
      return stale;
    };
    await world.clock.advance(1);
    expect(hooks.get).toBeUndefined();
    expect(h.types(session.id)).toEqual(['spawned', 'heartbeat']);
    expect((await world.mock.getCompute(compute.id)).status).not.toBe('terminated');
    // The touch's deadline (30 s after it) still holds.
    await world.clock.advance(30_000);
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(h.types(session.id).slice(-3)).toEqual(['idle_timeout', 'terminating', 'terminated']);
  });

  it('a second close() does not cut short the terminations of a close({ terminate: true })', async () => {
    const world = createWorld();
    const h = startOrchestrator(world, { terminateRetry: { baseDelayMs: 1_000, attempts: 5 } });
    const { compute } = await h.orch.spawn(GPU_REQUEST);
    world.mock.failNext('terminate', 'provider', { times: 2 });
    const first = h.orch.close({ terminate: true });
    const second = h.orch.close();
    await world.clock.advance(1_000 + 2_000);
    await Promise.all([first, second]);
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(await world.store.list({ ownerId: 'app' })).toEqual([]);
  });

  it('release rejects (instead of hanging) when the store fails while ending the session', async () => {
    const world = createWorld();
    const { hooks, store } = interceptable(() => world.clock.now());
    const h = start({ ...world, store }, { logger: {} });
    const { session } = await h.orch.spawn(GPU_REQUEST);
    hooks.update = async () => {
      throw new Error('store down');
    };
    let outcome: unknown = 'pending';
    const release = h.orch.release(session.id).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    void release.then((value) => {
      outcome = value;
    });
    await settle();
    delete hooks.update;
    expect(outcome).toMatchObject({ name: 'AtlasError' });
  });

  it('a store that fails at start does not leave stored sessions unwatched', async () => {
    const world = createWorld();
    const first = startOrchestrator(world);
    const { compute } = await first.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    await first.orch.close();
    let failures = 1;
    const flaky: SessionStore = {
      ...world.store,
      list: async (query) => {
        if (failures-- > 0) throw new Error('store briefly down');
        return world.store.list(query);
      },
    };
    start({ ...world, store: flaky }, { logger: {} });
    // Nobody calls the orchestrator: its own loops must still find the session and end it.
    await world.clock.advance(40_000);
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
  });

  it('ready() tries the adoption again after the store failed at start', async () => {
    const world = createWorld();
    const first = startOrchestrator(world);
    await first.orch.spawn(GPU_REQUEST);
    await first.orch.close();
    let failures = 1;
    const flaky: SessionStore = {
      ...world.store,
      list: async (query) => {
        if (failures-- > 0) throw new Error('store briefly down');
        return world.store.list(query);
      },
    };
    const h = start({ ...world, store: flaky }, { logger: {} });
    await expect(h.orch.ready()).resolves.toEqual({ adopted: 1 });
  });

  it('waitReady stops when the orchestrator closes', async () => {
    const world = createWorld();
    const h = startOrchestrator(world, { resolveEndpoint: () => undefined });
    const { session } = await h.orch.spawn(GPU_REQUEST);
    const waiting = h.orch
      .waitReady(session.id, { http: { port: 8000 }, timeoutMs: 3_600_000, intervalMs: 1_000 })
      .catch((e) => e);
    await world.clock.advance(2_000);
    await h.orch.close();
    await world.clock.advance(1_000);
    expect(await waiting).toMatchObject({ kind: 'conflict' });
  });
});

describe('events without a reader', () => {
  it('an iterator nobody reads holds at most maxBuffered events, the newest, and says so once', async () => {
    const warned: string[] = [];
    const world = createWorld();
    const h = start(world, { logger: { warn: (message) => warned.push(message) } });
    const { session } = await h.orch.spawn(GPU_REQUEST);
    const iterator = h.orch.events({ maxBuffered: 3 });
    for (let i = 0; i < 10; i++) await h.orch.touch(session.id);
    const heartbeats = h.events.filter((e) => e.type === 'heartbeat');
    expect(heartbeats).toHaveLength(10);
    await h.orch.close();
    const got = [];
    for await (const event of iterator) got.push(event);
    expect(got).toEqual(heartbeats.slice(-3));
    expect(warned.filter((m) => m.includes('not read'))).toHaveLength(1);
  });

  it('events() asked for after close() ends at once', async () => {
    const h = startOrchestrator(createWorld());
    await h.orch.close();
    expect(await h.orch.events().next()).toEqual({ value: undefined, done: true });
  });
});

describe('the upstream watch and the other ways a session ends', () => {
  it('a compute gone upstream while its session is being released is not reported vanished', async () => {
    const world = createWorld();
    const { inner, hooks, store } = interceptable(() => world.clock.now());
    const h = start({ ...world, store });
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    await world.mock.terminate(compute.id);
    // The poll reads the session as active; right after, another instance starts releasing it.
    hooks.list = async (query) => {
      delete hooks.list;
      const sessions = await inner.list(query);
      const current = (await inner.get(session.id))!;
      await inner.update(session.id, current.version, {
        state: 'terminating',
        endReason: 'released',
        nextAttemptAt: world.clock.now() + 60_000,
      });
      return sessions;
    };
    await world.clock.advance(5_000);
    expect(hooks.list).toBeUndefined();
    expect(h.types(session.id)).toEqual(['spawned']);
    expect((await inner.get(session.id))?.state).toBe('terminating');
  });

  it('a create that errors after the provider made the machine: the reaper ends the machine', async () => {
    const world = createWorld();
    const h = start(world);
    world.mock.failNext('spawnCompute', 'transport', { afterCreate: true });
    await expect(h.orch.spawn(GPU_REQUEST)).rejects.toMatchObject({ kind: 'transport' });
    const [machine] = await world.mock.listCompute();
    expect(machine?.name).toMatch(/^atlas-app-[a-z0-9]{16}$/);
    expect(machine?.status).not.toBe('terminated');
    // Nobody calls reap(): the next scheduled run (30 s, past the 10 s grace) terminates it.
    await world.clock.advance(30_000);
    expect((await world.mock.getCompute(machine!.id)).status).toBe('terminated');
    expect(h.events.filter((e) => e.type === 'reaped')).toEqual([expect.objectContaining({ computeId: machine!.id })]);
  });
});

describe('one owner id on two providers, one store', () => {
  it('each orchestrator watches, reaps and lists only its own provider’s sessions', async () => {
    const world = createWorld();
    const other = createMock({ id: 'othercloud', clock: () => world.clock.now(), provisioningMs: PROVISIONING_MS });
    const here = start(world);
    const there = start({ ...world, mock: other }, { provider: other });
    const mine = await here.orch.spawn(GPU_REQUEST);
    const theirs = await there.orch.spawn(GPU_REQUEST);
    const orphan = await other.spawnCompute({
      ...GPU_REQUEST,
      name: 'atlas-app-0rphan0000000000',
      gpuCount: 1,
      env: {},
      auth: 'none',
      ports: [],
    });
    // Polls (5 s) and reaps (30 s) of both run; neither may judge the other's session by its own provider.
    await world.clock.advance(30_000);
    expect((await world.mock.getCompute(mine.compute.id)).status).toBe('running');
    expect((await other.getCompute(theirs.compute.id)).status).toBe('running');
    expect(await here.orch.list()).toEqual([expect.objectContaining({ id: mine.session.id })]);
    expect(await there.orch.list()).toEqual([expect.objectContaining({ id: theirs.session.id })]);
    expect([...here.events, ...there.events].filter((e) => e.type === 'vanished')).toEqual([]);
    // The other provider's reaper is not locked out by this one's lease.
    expect((await other.getCompute(orphan.id)).status).toBe('terminated');
  });
});

describe('waitReady and a session that ends meanwhile', () => {
  it('a session released while the last check ran is not reported ready', async () => {
    const world = createWorld();
    const { inner, hooks, store } = interceptable(() => world.clock.now());
    const h = start({ ...world, store }, { pollIntervalMs: 3_600_000 });
    const { session } = await h.orch.spawn(GPU_REQUEST);
    await world.clock.advance(PROVISIONING_MS); // the provider now says running
    // waitReady reads the session, checks it is still tracked, sees running; then it is released.
    let reads = 0;
    hooks.get = async (id) => {
      if (++reads === 3) {
        delete hooks.get;
        const current = (await inner.get(id))!;
        await inner.update(id, current.version, {
          state: 'terminating',
          endReason: 'released',
          nextAttemptAt: world.clock.now() + 60_000,
        });
      }
      return inner.get(id);
    };
    await expect(h.orch.waitReady(session.id, { timeoutMs: 60_000 })).rejects.toMatchObject({ kind: 'conflict' });
    expect(hooks.get).toBeUndefined();
    expect(h.types(session.id)).toEqual(['spawned']);
  });
});
