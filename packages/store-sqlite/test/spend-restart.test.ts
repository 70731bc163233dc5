import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMock } from '@atlas/mock';
import { type Clock, createOrchestrator, type OrchestratorEvent, type OrchestratorOptions } from '@atlas/orchestrator';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.js';

const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'atlas-spend-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

/** The orchestrator's clock on vitest's fake timers, so that hours of billing pass at once. */
const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe('spend on SQLite survives a restart of the process', () => {
  it('ended sessions’ spend, live sessions’ billing start and maxCostUsd, and the owner budget all hold after a reopen', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 9), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const path = join(dir, 'sessions.db');
    const mock = createMock({ clock: () => Date.now(), provisioningMs: 1_000 });
    const stores: SqliteStore[] = [];
    const start = (options: Partial<OrchestratorOptions> = {}) => {
      const store = createSqliteStore({ path });
      stores.push(store);
      return createOrchestrator({
        provider: mock,
        ownerId: 'spend',
        store,
        clock,
        // One server restarted: the same instance id, so the new process re-adopts at once.
        instanceId: 'spend/host-1',
        idleTtlMs: 24 * HOUR,
        maxRuntimeMs: 48 * HOUR,
        pollIntervalMs: HOUR,
        reapIntervalMs: 10 * HOUR,
        ...options,
      });
    };

    const first = start();
    const released = await first.spawn({ gpu: 'h100', image: 'ghcr.io/acme/infer:1', userId: 'alice' });
    const capped = await first.spawn({ gpu: 'h100', image: 'ghcr.io/acme/infer:1', userId: 'bob', maxCostUsd: 5 });
    const price = released.compute.costPerHour!;
    expect(price).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(HOUR);
    await first.release(released.session.id);
    const spentBefore = await first.spend();
    await first.close();
    await stores[0]!.close();

    // The owner's budget is below what was spent: the new process must refuse from the stored spend.
    const second = start({ budget: { perOwnerUsd: price * 1.5 } });
    const events: OrchestratorEvent[] = [];
    second.on('*', (event) => events.push(event));
    expect(await second.ready()).toEqual({ adopted: 1 });
    expect(await second.spend()).toMatchObject({
      endedUsd: spentBefore.endedUsd,
      liveUsd: spentBefore.liveUsd,
      limitUsd: price * 1.5,
    });
    expect(spentBefore.endedUsd).toBeCloseTo(price, 3);
    expect(await second.spend({ userId: 'alice' })).toMatchObject({ endedUsd: spentBefore.endedUsd, liveUsd: 0 });
    await expect(second.spawn({ gpu: 'h100', image: 'ghcr.io/acme/infer:1' })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'budget_exceeded',
    });

    // The capped session ends when its spend, counted from its stored billing start, reaches 5 USD.
    const [adopted] = await second.list();
    expect(adopted).toMatchObject({ billedFrom: capped.session.billedFrom, pricePerHour: price, maxCostUsd: 5 });
    await vi.advanceTimersByTimeAsync(Math.ceil((5 / price) * HOUR) - HOUR);
    expect(await second.list()).toEqual([]);
    expect(events.find((e) => e.type === 'budget_exhausted')).toMatchObject({ sessionId: capped.session.id });
    expect((await stores[1]!.listSpend({ ownerId: 'spend' })).map((r) => r.sessionId)).toEqual([
      released.session.id,
      capped.session.id,
    ]);
    await second.close();
    await stores[1]!.close();
  });
});
