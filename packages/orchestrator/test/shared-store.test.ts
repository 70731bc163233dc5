import { afterEach, describe, expect, it } from 'vitest';
import { callCounter, createWorld, GPU_REQUEST, type Harness, startOrchestrator, type World } from './harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.orch.close();
});

/** Two app instances with one owner id and one store, as behind a load balancer; terminate calls counted. */
function twoInstances(world: World) {
  const calls = callCounter();
  const a = startOrchestrator(world, { pollIntervalMs: 5_000, context: calls.context });
  const b = startOrchestrator(world, { pollIntervalMs: 5_000, context: calls.context });
  open.push(a, b);
  return { a, b, terminates: () => calls.count('terminate') };
}

describe('instances sharing one store', () => {
  it('a touch through one instance holds off the holder’s timer; the expiry happens once', async () => {
    const world = createWorld();
    const { a, b, terminates } = twoInstances(world);
    const { session, compute } = await a.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    await world.clock.advance(5_000); // b's poll sees the session, held by a (alive): a watches it
    expect(a.orch.stats().scheduled).toBe(1);
    expect(b.orch.stats().scheduled).toBe(0);
    await world.clock.advance(15_000);
    await b.orch.touch(session.id);
    await world.clock.advance(10_000); // a's original deadline passes: a re-reads the store and waits
    expect((await world.mock.getCompute(compute.id)).status).not.toBe('terminated');
    await world.clock.advance(20_000);
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(terminates()).toBe(1);
    const expiries = [...a.events, ...b.events].filter((e) => e.type === 'idle_timeout');
    expect(expiries).toHaveLength(1);
  });

  it('a dead instance’s sessions are taken over once its lease expires, never before', async () => {
    const world = createWorld();
    let down = false;
    // a's view of the store: once a "dies", it can neither renew its lease nor act.
    const aStore = new Proxy(world.store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function'
          ? (...args: unknown[]) => (down ? Promise.reject(new Error('a is dead')) : value.apply(target, args))
          : value;
      },
    });
    const calls = callCounter();
    const a = startOrchestrator(world, { store: aStore, instanceLeaseMs: 30_000, logger: {}, context: calls.context });
    const b = startOrchestrator(world, { instanceLeaseMs: 30_000, context: calls.context });
    open.push(a, b);
    const terminates = () => calls.count('terminate');
    const { session, compute } = await a.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 120_000 });
    await world.clock.advance(10_000);
    // b's reaper leaves a's live session alone, and b does not watch it while a's lease holds.
    expect(await b.orch.reap()).toMatchObject({ ran: true, terminated: [] });
    expect(b.types(session.id)).toEqual([]);
    down = true;
    await world.clock.advance(15_000); // a's lease (renewed at t=10 s at the latest) still holds
    expect(b.types(session.id)).toEqual([]);
    await world.clock.advance(30_000);
    expect(b.types(session.id)).toEqual(['taken_over']);
    const takeover = b.events.find((e) => e.type === 'taken_over');
    expect(takeover).toMatchObject({ from: session.holder });
    expect((await b.orch.get(session.id))?.holder).toMatch(/^app\//);
    expect((await b.orch.get(session.id))?.holder).not.toBe(session.holder);
    // The idle TTL set at spawn still holds: b ends the session at its deadline, once.
    await world.clock.advance(session.idleDeadline - world.clock.now() - 1);
    expect((await world.mock.getCompute(compute.id)).status).not.toBe('terminated');
    await world.clock.advance(1);
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(b.types(session.id)).toEqual(['taken_over', 'idle_timeout', 'terminating', 'terminated']);
    expect(terminates()).toBe(1);
    down = false;
  });

  it('one reaper per owner at a time: the lease holder reaps, the other stands by', async () => {
    const world = createWorld();
    const { a, b } = twoInstances(world);
    await world.mock.spawnCompute({
      ...GPU_REQUEST,
      name: 'atlas-app-orphan000000000',
      gpuCount: 1,
      env: {},
      auth: 'none',
      ports: [],
    });
    await world.clock.advance(10_000);
    const first = await a.orch.reap();
    const second = await b.orch.reap();
    expect(first).toMatchObject({ ran: true, terminated: [expect.any(String)] });
    expect(second).toMatchObject({ ran: false, terminated: [] });
  });

  it('a session spawned through one instance is released through the other', async () => {
    const world = createWorld();
    const { a, b } = twoInstances(world);
    const { session, compute } = await a.orch.spawn(GPU_REQUEST);
    await world.clock.advance(5_000);
    await b.orch.release(session.id);
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(await a.orch.get(session.id)).toBeUndefined();
  });
});

describe('close({ terminate }) racing another instance', () => {
  it('a session another instance starts ending after close() listed it still settles close', async () => {
    const world = createWorld();
    // What the other instance does between this one's list and its compare-and-set: it begins
    // ending every active session (as a release through it would).
    const racing = new Proxy(world.store, {
      get(target, key, receiver) {
        if (key !== 'list') return Reflect.get(target, key, receiver);
        return async (query: { ownerId: string }) => {
          const listed = await target.list(query);
          for (const s of listed) {
            if (s.state === 'active')
              await target.update(s.id, s.version, {
                state: 'terminating',
                endReason: 'released',
                terminateAttempts: 0,
                nextAttemptAt: world.clock.now(),
              });
          }
          return listed;
        };
      },
    });
    const a = startOrchestrator(world, { store: racing });
    const { compute } = await a.orch.spawn(GPU_REQUEST);
    let closed = false;
    const closing = a.orch.close({ terminate: true }).then(() => {
      closed = true;
    });
    await world.clock.advance(1_000);
    expect(closed).toBe(true);
    await closing;
    expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(await world.store.list({ ownerId: 'app' })).toEqual([]);
  });
});

describe('two instances closing with terminate at once', () => {
  it('each close settles, though the other instance terminated some of the sessions it waited for', async () => {
    const world = createWorld();
    const { a, b, terminates } = twoInstances(world);
    for (let i = 0; i < 5; i++) {
      await a.orch.spawn(GPU_REQUEST);
      await b.orch.spawn(GPU_REQUEST);
    }
    const settled: string[] = [];
    const closing = [a, b].map((h, i) => h.orch.close({ terminate: true }).then(() => settled.push(i ? 'b' : 'a')));
    await world.clock.advance(10_000);
    expect(settled.sort()).toEqual(['a', 'b']);
    await Promise.all(closing);
    expect(await world.store.list({ ownerId: 'app' })).toEqual([]);
    expect(terminates()).toBe(10);
  });
});

describe('a terminate another instance finished first', () => {
  it('release settles when the record is gone by the time this instance holds the terminate lease', async () => {
    const world = createWorld();
    // The other instance terminates and deletes the record just before this one gets the lease.
    const racing = new Proxy(world.store, {
      get(target, key, receiver) {
        if (key !== 'acquireLease') return Reflect.get(target, key, receiver);
        return async (name: string, holder: string, ttlMs: number) => {
          if (name.startsWith('terminate:')) await target.delete(name.slice('terminate:'.length));
          return target.acquireLease(name, holder, ttlMs);
        };
      },
    });
    const a = startOrchestrator(world, { store: racing });
    open.push(a);
    const { session } = await a.orch.spawn(GPU_REQUEST);
    let released = false;
    const releasing = a.orch.release(session.id).then(() => {
      released = true;
    });
    await world.clock.advance(0);
    expect(released).toBe(true);
    await releasing;
  });
});
