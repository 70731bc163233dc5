import type { Provider } from '@atlas/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf, PlacementRequest } from '../src/index.js';
import { settle } from './fake-clock.js';
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

const attemptsOf = (h: Harness) =>
  h.events.filter((e): e is EventOf<'placement_attempt'> => e.type === 'placement_attempt').map((e) => e.attempt);

describe('spawn with placement', () => {
  it('fails over to the other cloud when the cheapest is out of capacity, and records why', async () => {
    const world = createTwoClouds();
    const h = start(world);
    world.a.failNext('spawnCompute', 'capacity', { times: 10 });
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, placement: {} });

    expect(session.provider).toBe('mock-b');
    expect(compute.provider).toBe('mock-b');
    expect(session.placement?.offer).toMatchObject({ provider: 'mock-b', pricePerHour: expect.any(Number) });
    expect(session.placement?.offer.readAt).toBe(world.clock.now());
    expect(session.placement?.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['mock-a', 'capacity'],
      ['mock-b', 'placed'],
    ]);
    expect(session.placement?.attempts[0]).toMatchObject({ errorKind: 'capacity' });
    // The same history, as it happened, on the event stream; and stored with the session.
    expect(attemptsOf(h)).toEqual(session.placement?.attempts);
    expect(h.types(session.id)).toEqual(['placement_attempt', 'placement_attempt', 'spawned']);
    expect(await world.store.get(session.id)).toMatchObject({ provider: 'mock-b', placement: session.placement });
    expect(await liveOn(world.a)).toEqual([]);
    expect((await liveOn(world.b)).map((c) => [c.id, c.name])).toEqual([[compute.id, session.name]]);

    // From then on it is a mock-b session like any other: released there.
    await h.orch.release(session.id);
    expect((await world.b.getCompute(compute.id)).status).toBe('terminated');
  });

  it('takes the providers it is given in their order with the ordered strategy', async () => {
    const world = createTwoClouds();
    const h = start(world);
    const { session } = await h.orch.spawn({
      ...GPU_REQUEST,
      placement: { providers: ['mock-b', 'mock-a'], strategy: 'ordered' },
    });
    expect(session.provider).toBe('mock-b');
    expect(session.placement?.attempts.map((a) => a.outcome)).toEqual(['placed']);
  });

  it('writes the session before the first create, naming a provider it may use', async () => {
    const world = createTwoClouds();
    const h = start(world);
    world.a.delayNext('spawnCompute', 3_000);
    const spawned = h.orch.spawn({ ...GPU_REQUEST, placement: {} });
    await settle();
    expect(await world.store.list({ ownerId: 'app' })).toEqual([
      expect.objectContaining({ state: 'spawning', provider: 'mock-a' }),
    ]);
    await world.clock.advance(3_000);
    expect((await spawned).session).toMatchObject({ state: 'active', provider: 'mock-a' });
  });

  it('fails closed after an ambiguous create: no second machine, the stamp leaves it to the reaper', async () => {
    const world = createTwoClouds();
    const h = start(world);
    // The create lands, then the answer is lost (a timeout after the commit).
    world.a.failNext('spawnCompute', 'timeout', { afterCreate: true });
    const error = await h.orch.spawn({ ...GPU_REQUEST, placement: {} }).then(
      () => expect.fail('an ambiguous create must not fail over'),
      (e: { kind: string; details?: { attempts?: { outcome: string }[] } }) => e,
    );
    expect(error.kind).toBe('timeout');
    expect(error.details?.attempts?.map((a) => a.outcome)).toEqual(['ambiguous']);
    expect(attemptsOf(h).map((a) => [a.provider, a.outcome])).toEqual([['mock-a', 'ambiguous']]);
    expect(await world.store.list({ ownerId: 'app' })).toEqual([]);
    expect(await liveOn(world.b)).toEqual([]);
    const [stray] = await liveOn(world.a);
    expect(stray?.name).toMatch(/^atlas-app-/);

    await world.clock.advance(10_000); // the grace period
    expect((await h.orch.reap()).terminated).toEqual([stray!.id]);
    expect(await liveOn(world.a)).toEqual([]);
  });

  it('keeps trying past the grace period while every cloud is full, without the reaper dropping it', async () => {
    const world = createTwoClouds();
    // The harness reaps every 30 s; a spawning session with no sign of life for 40 s is stale.
    const h = start(world, { graceMs: 40_000, idleTtlMs: 60_000 });
    world.a.failNext('spawnCompute', 'capacity', { times: 100 });
    world.b.failNext('spawnCompute', 'capacity', { times: 6 });
    // One offer per cloud; rounds re-quote after 1, 2, 4, 8, 16 and 30 s: mock-b has one at t = 61 s.
    const spawned = h.orch.spawn({
      gpu: 'h100_pcie',
      cloudType: 'secure',
      image: 'ghcr.io/acme/infer:1',
      placement: { retryForMs: 120_000, maxAttempts: 100 },
    });
    await world.clock.advance(61_000);
    const { session } = await spawned;
    expect(session).toMatchObject({ state: 'active', provider: 'mock-b' });
    expect(session.placement?.attempts.map((a) => a.outcome)).toEqual([...Array(13).fill('capacity'), 'placed']);
    // The idle clock starts from the last try, not from when the session was written.
    expect(session.idleDeadline).toBeGreaterThanOrEqual(session.createdAt + 61_000 + 60_000 - 30_000);
    expect(h.types(session.id).filter((t) => t !== 'placement_attempt')).toEqual(['spawned']);
  });

  it('says nothing was placed when every offer is out of capacity, and keeps nothing', async () => {
    const world = createTwoClouds();
    const h = start(world);
    world.a.failNext('spawnCompute', 'capacity', { times: 10 });
    world.b.failNext('spawnCompute', 'capacity', { times: 10 });
    await expect(h.orch.spawn({ ...GPU_REQUEST, placement: { maxAttempts: 3 } })).rejects.toMatchObject({
      kind: 'capacity',
      details: { attempts: [{ outcome: 'capacity' }, { outcome: 'capacity' }, { outcome: 'capacity' }] },
    });
    expect(await world.store.list({ ownerId: 'app' })).toEqual([]);
    expect([...(await liveOn(world.a)), ...(await liveOn(world.b))]).toEqual([]);
  });

  it('never rents above maxPricePerHour', async () => {
    const world = createTwoClouds();
    const h = start(world);
    await expect(h.orch.spawn({ ...GPU_REQUEST, placement: { maxPricePerHour: 0.5 } })).rejects.toMatchObject({
      kind: 'capacity',
      message: expect.stringContaining('no offer matched'),
    });
    expect(attemptsOf(h)).toEqual([]);
    expect([...(await liveOn(world.a)), ...(await liveOn(world.b))]).toEqual([]);
  });

  it('never stores or emits a secret of the request in an attempt’s message', async () => {
    const world = createTwoClouds();
    const env = { HF_TOKEN: 'hf-placed-CANARY-0001' };
    // A cloud that refuses the create quoting the request's env, as a careless API might.
    const echoing: Provider = {
      ...world.a,
      id: world.a.id,
      capabilities: world.a.capabilities,
      async spawnCompute(request) {
        throw new Error(`cannot start with HF_TOKEN=${request.env.HF_TOKEN}`);
      },
    };
    const h = startOrchestrator(world, { providers: [echoing, world.b] });
    open.push(h);
    const { session } = await h.orch.spawn({ ...GPU_REQUEST, env, placement: {} });
    expect(session.placement?.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['mock-a', 'provider_down'],
      ['mock-b', 'placed'],
    ]);
    expect(session.placement?.attempts[0]?.message).toContain('cannot start with HF_TOKEN=');
    const seen = [JSON.stringify(h.events), JSON.stringify(await world.store.get(session.id))];
    for (const text of seen) expect(text).not.toContain(env.HF_TOKEN);
  });

  it('refuses a bad placement before anything is stored or rented', async () => {
    const world = createTwoClouds();
    const h = start(world);
    for (const bad of [
      { provider: 'mock-a', placement: {} },
      { placement: { providers: ['mock-c'] } },
      { placement: { providers: [] } },
      { placement: { maxAttempts: 0 } },
      { placement: { strategy: 'random' as 'ordered' } },
      { placement: { maxPricePerHour: -1 } },
      { placement: null as unknown as PlacementRequest },
    ]) {
      await expect(h.orch.spawn({ ...GPU_REQUEST, ...bad })).rejects.toMatchObject({ kind: 'validation' });
    }
    expect(await world.store.list({ ownerId: 'app' })).toEqual([]);
    expect([...(await liveOn(world.a)), ...(await liveOn(world.b))]).toEqual([]);
  });
});
