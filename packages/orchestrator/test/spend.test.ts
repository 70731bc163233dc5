import { msUntilBudget, spendUsd } from '@atlas/placement';
import { afterEach, describe, expect, it } from 'vitest';
import { type OrchestratorOptions, sessionSpendUsd } from '../src/index.js';
import { createWorld, GPU_REQUEST, type Harness, setup, startOrchestrator } from './harness.js';
import { createTwoClouds, startOnBoth } from './two-clouds.js';

const HOUR = 3_600_000;
/** Sessions that neither idle out nor hit max runtime while a test runs its clock for hours. */
const LONG = { idleTtlMs: 24 * HOUR, maxRuntimeMs: 48 * HOUR };

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

function setupLong(extra: Partial<OrchestratorOptions> = {}): Harness {
  h = setup({ ...LONG, pollIntervalMs: HOUR, reapIntervalMs: 10 * HOUR, ...extra });
  return h;
}

describe('spend per session', () => {
  it('records the machine’s price and when the create returned, and accrues spend from then', async () => {
    setupLong();
    const spawnedAt = h.clock.now();
    h.mock.delayNext('spawnCompute', 5_000);
    const spawning = h.orch.spawn(GPU_REQUEST);
    await h.clock.advance(5_000);
    const { session, compute } = await spawning;
    expect(compute.costPerHour).toBeGreaterThan(0);
    expect(session.pricePerHour).toBe(compute.costPerHour);
    // Billed from when the create returned, not from when the record was written.
    expect(session.createdAt).toBe(spawnedAt);
    expect(session.billedFrom).toBe(spawnedAt + 5_000);
    expect(sessionSpendUsd(session, session.billedFrom!)).toBe(0);
    expect(sessionSpendUsd(session, session.billedFrom! + 2 * HOUR)).toBeCloseTo(2 * compute.costPerHour!, 4);
    // A session that is still spawning has not billed anything.
    const { billedFrom: _billedFrom, ...notBilled } = session;
    expect(sessionSpendUsd(notBilled, h.clock.now() + HOUR)).toBe(0);
  });

  it('writes the final spend as a record when a session ends, and spend() adds ended and live sessions', async () => {
    setupLong();
    const ended = await h.orch.spawn({ ...GPU_REQUEST, userId: 'alice' });
    const live = await h.orch.spawn({ ...GPU_REQUEST, userId: 'bob' });
    await h.clock.advance(HOUR);
    await h.orch.release(ended.session.id);
    const endedAt = h.clock.now();
    const records = await h.store.listSpend({ ownerId: 'app' });
    expect(records).toEqual([
      {
        ownerId: 'app',
        userId: 'alice',
        sessionId: ended.session.id,
        provider: 'mock',
        usd: spendUsd(ended.compute.costPerHour!, ended.session.billedFrom!, endedAt),
        from: ended.session.billedFrom,
        to: endedAt,
      },
    ]);
    await h.clock.advance(HOUR);
    const liveUsd = sessionSpendUsd(live.session, h.clock.now());
    expect(liveUsd).toBeCloseTo(2 * live.compute.costPerHour!, 4);
    const all = await h.orch.spend();
    expect(all.endedUsd).toBeCloseTo(records[0]!.usd, 6);
    expect(all.liveUsd).toBeCloseTo(liveUsd, 6);
    expect(all.totalUsd).toBeCloseTo(records[0]!.usd + liveUsd, 6);
    expect(await h.orch.spend({ userId: 'alice' })).toMatchObject({ liveUsd: 0, endedUsd: records[0]!.usd });
    expect((await h.orch.spend({ userId: 'bob' })).totalUsd).toBeCloseTo(liveUsd, 6);
  });

  it('a compute that vanished upstream ends its session with a spend record too', async () => {
    setupLong({ pollIntervalMs: 60_000 });
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    await h.clock.advance(30 * 60_000);
    await h.mock.terminate(compute.id);
    await h.clock.advance(60_000);
    expect(h.types(session.id)).toContain('vanished');
    const [record] = await h.store.listSpend({ ownerId: 'app' });
    expect(record).toMatchObject({ sessionId: session.id, from: session.billedFrom });
    expect(record!.usd).toBeGreaterThan(0);
  });

  it('a session that never got a machine leaves no record', async () => {
    setupLong();
    h.mock.failNext('spawnCompute', 'capacity');
    await expect(h.orch.spawn(GPU_REQUEST)).rejects.toMatchObject({ kind: 'capacity' });
    expect(await h.store.listSpend({ ownerId: 'app' })).toEqual([]);
    expect((await h.orch.spend()).totalUsd).toBe(0);
  });
});

describe('maxCostUsd', () => {
  it('ends the session when its spend reaches maxCostUsd, touched or not', async () => {
    setupLong();
    const maxCostUsd = 1.5;
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, maxCostUsd });
    expect(session.maxCostUsd).toBe(maxCostUsd);
    const lasts = msUntilBudget(compute.costPerHour!, maxCostUsd);
    expect(lasts).toBeGreaterThan(10 * 60_000);
    const deadline = session.billedFrom! + lasts;
    while (h.clock.now() + 10 * 60_000 < deadline) {
      await h.clock.advance(10 * 60_000);
      await h.orch.touch(session.id);
    }
    await h.clock.advance(deadline - 1 - h.clock.now());
    expect(await h.orch.get(session.id)).toBeDefined();
    await h.clock.advance(1);
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect((await h.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(h.types(session.id).slice(-3)).toEqual(['budget_exhausted', 'terminating', 'terminated']);
    const exhausted = h.events.find((e) => e.type === 'budget_exhausted');
    expect(exhausted).toMatchObject({ sessionId: session.id, maxCostUsd, at: deadline });
    expect((exhausted as { spentUsd: number }).spentUsd).toBeCloseTo(maxCostUsd, 3);
    expect(h.events.find((e) => e.type === 'terminated')).toMatchObject({ reason: 'budget_exhausted' });
    const [record] = await h.store.listSpend({ ownerId: 'app' });
    expect(record!.usd).toBeCloseTo(maxCostUsd, 3);
  });

  it('survives a restart of the orchestrator: the new one ends the session at the same instant', async () => {
    const world = createWorld();
    const first = startOrchestrator(world, { ...LONG, pollIntervalMs: HOUR, reapIntervalMs: 10 * HOUR });
    const { session, compute } = await first.orch.spawn({ ...GPU_REQUEST, maxCostUsd: 0.5 });
    await first.orch.close();
    h = startOrchestrator(world, { ...LONG, pollIntervalMs: HOUR, reapIntervalMs: 10 * HOUR });
    expect(await h.orch.ready()).toEqual({ adopted: 1 });
    const deadline = session.billedFrom! + msUntilBudget(compute.costPerHour!, 0.5);
    await h.clock.advance(deadline - h.clock.now());
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect(h.events.find((e) => e.type === 'budget_exhausted')).toMatchObject({ at: deadline });
  });

  it('is checked before anything is stored or rented', async () => {
    setupLong();
    for (const maxCostUsd of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(h.orch.spawn({ ...GPU_REQUEST, maxCostUsd })).rejects.toMatchObject({
        kind: 'validation',
        issues: [{ path: 'maxCostUsd' }],
      });
    }
    expect(await h.mock.listCompute({})).toEqual([]);
    expect(await h.orch.list()).toEqual([]);
  });
});

describe('budgets per owner and per user', () => {
  it('refuses a new session once the owner’s spend reaches the budget, before any create', async () => {
    setupLong({ budget: { perOwnerUsd: 2 } });
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    // Live spend counts: the first session alone uses the budget up while it runs.
    await h.clock.advance(Math.ceil((2 / compute.costPerHour!) * HOUR));
    const before = (await h.mock.listCompute({})).length;
    const refused = await h.orch.spawn(GPU_REQUEST).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      name: 'AtlasError',
      kind: 'forbidden',
      code: 'budget_exceeded',
      retryable: false,
      details: { scope: 'owner', ownerId: 'app', limitUsd: 2 },
    });
    const spent = (refused as { details: { spentUsd: number } }).details.spentUsd;
    expect(spent).toBeGreaterThanOrEqual(2);
    expect((refused as Error).message).toContain('budget');
    expect((await h.mock.listCompute({})).length).toBe(before);
    expect((await h.orch.list()).map((s) => s.id)).toEqual([session.id]);
    // Ended sessions count through their spend records.
    await h.orch.release(session.id);
    await expect(h.orch.spawn(GPU_REQUEST)).rejects.toMatchObject({ kind: 'forbidden', code: 'budget_exceeded' });
    expect(await h.orch.spend()).toMatchObject({ limitUsd: 2, liveUsd: 0 });
  });

  it('a user’s budget refuses that user only; sessions without a userId count for the owner only', async () => {
    setupLong({ budget: { perUserUsd: 1 } });
    const alice = await h.orch.spawn({ ...GPU_REQUEST, userId: 'alice' });
    await h.clock.advance(Math.ceil((1 / alice.compute.costPerHour!) * HOUR));
    await h.orch.release(alice.session.id);
    await expect(h.orch.spawn({ ...GPU_REQUEST, userId: 'alice' })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'budget_exceeded',
      details: { scope: 'user', ownerId: 'app', userId: 'alice', limitUsd: 1 },
    });
    await expect(h.orch.spawn({ ...GPU_REQUEST, userId: 'bob' })).resolves.toBeDefined();
    await expect(h.orch.spawn(GPU_REQUEST)).resolves.toBeDefined();
    expect(await h.orch.spend({ userId: 'alice' })).toMatchObject({ limitUsd: 1, liveUsd: 0 });
  });

  it('since: only spend that ended since the instant counts (a monthly budget)', async () => {
    let monthStart = 0;
    setupLong({ budget: { perOwnerUsd: 1, since: () => monthStart } });
    const first = await h.orch.spawn(GPU_REQUEST);
    await h.clock.advance(HOUR);
    await h.orch.release(first.session.id);
    await expect(h.orch.spawn(GPU_REQUEST)).rejects.toMatchObject({ code: 'budget_exceeded' });
    monthStart = h.clock.now() + 1;
    await h.clock.advance(1);
    await expect(h.orch.spawn(GPU_REQUEST)).resolves.toBeDefined();
    expect(await h.orch.spend()).toMatchObject({ endedUsd: 0, since: monthStart });
  });

  it('counts the spend of every provider’s sessions of the owner in the shared store', async () => {
    setupLong({ budget: { perOwnerUsd: 5 } });
    await h.store.addSpend({ ownerId: 'app', sessionId: 'elsewhere', provider: 'runpod', usd: 5, from: 0, to: 1 });
    await h.store.addSpend({ ownerId: 'other-app', sessionId: 'theirs', provider: 'mock', usd: 50, from: 0, to: 1 });
    await expect(h.orch.spawn(GPU_REQUEST)).rejects.toMatchObject({ details: { spentUsd: 5 } });
  });

  it('rejects a budget that is not a non-negative finite number', () => {
    for (const budget of [{ perOwnerUsd: -1 }, { perUserUsd: Number.NaN }, { perOwnerUsd: Number.POSITIVE_INFINITY }]) {
      expect(() => setupLong({ budget })).toThrow(expect.objectContaining({ kind: 'validation' }));
    }
    h = setupLong();
  });
});

describe('spend with placement across providers', () => {
  it('a placed session bills at the price of the machine it landed on; the budget counts every provider, and refuses before any attempt', async () => {
    const world = createTwoClouds();
    h = startOnBoth(world, { ...LONG, pollIntervalMs: HOUR, reapIntervalMs: 10 * HOUR, budget: { perOwnerUsd: 3 } });
    world.a.failNext('spawnCompute', 'capacity', { times: 10 });
    const placed = await h.orch.spawn({ ...GPU_REQUEST, placement: {}, maxCostUsd: 100 });
    expect(placed.session.provider).toBe('mock-b');
    expect(placed.session.pricePerHour).toBe(placed.compute.costPerHour);
    world.a.clearFaults();
    const pinned = await h.orch.spawn({ ...GPU_REQUEST, provider: 'mock-a' });
    await h.clock.advance(HOUR);
    await h.orch.release(placed.session.id);
    const records = await h.store.listSpend({ ownerId: 'app' });
    expect(records.map((r) => r.provider)).toEqual(['mock-b']);
    const spent = await h.orch.spend();
    expect(spent.totalUsd).toBeCloseTo(placed.compute.costPerHour! + pinned.compute.costPerHour!, 3);
    expect(spent.totalUsd).toBeGreaterThanOrEqual(3);

    const creates = (await world.a.listCompute({})).length + (await world.b.listCompute({})).length;
    const before = h.events.length;
    await expect(h.orch.spawn({ ...GPU_REQUEST, placement: {} })).rejects.toMatchObject({ code: 'budget_exceeded' });
    expect(h.events.slice(before).filter((e) => e.type === 'placement_attempt')).toEqual([]);
    expect((await world.a.listCompute({})).length + (await world.b.listCompute({})).length).toBe(creates);
  });
});
