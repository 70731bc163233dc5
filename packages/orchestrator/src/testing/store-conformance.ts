import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewSession, Session } from '../session.js';
import type { SpendRecord } from '../spend-record.js';
import type { SessionStore } from '../store.js';

/** A store for the suite, reading time from `now` (lease expiry is driven by the suite's clock). */
export type StoreFactory = (context: { readonly now: () => number }) => SessionStore | Promise<SessionStore>;

export interface StoreConformanceOptions {
  /** Sessions written and listed by the large-count test; default 2,000. */
  readonly largeCount?: number;
  /** Called once after the suite, with every store the factory made (close pools, remove files). */
  readonly teardown?: (stores: readonly SessionStore[]) => Promise<void> | void;
}

/**
 * The contract every SessionStore keeps, as a vitest suite for store authors (in the spirit of keyv's
 * storage test suite). Each test works under its own random owner id and lease names, so the
 * factory may hand out one shared store (one database) or a fresh one per test.
 *
 * ```ts
 * import { describeStoreConformance } from '@atlas/orchestrator/testing';
 * describeStoreConformance('my store', ({ now }) => createMyStore({ url, now }));
 * ```
 */
export function describeStoreConformance(
  name: string,
  factory: StoreFactory,
  options: StoreConformanceOptions = {},
): void {
  const largeCount = options.largeCount ?? 2_000;
  const made: SessionStore[] = [];
  let time = Date.UTC(2026, 11, 1);
  const now = () => time;
  const fresh = async () => {
    const store = await factory({ now });
    made.push(store);
    return store;
  };
  const unique = () => randomBytes(6).toString('hex');

  function sessionOf(ownerId: string, id = `s${unique()}`, extra: Partial<NewSession> = {}): NewSession {
    return {
      id,
      ownerId,
      name: `atlas-${ownerId}-${id}`,
      provider: 'mock',
      state: 'active',
      createdAt: 1_000,
      lastTouchedAt: 1_000,
      idleTtlMs: 60_000,
      maxRuntimeMs: 3_600_000,
      idleDeadline: 61_000,
      maxDeadline: 3_601_000,
      ...extra,
    };
  }

  function spendOf(ownerId: string, extra: Partial<SpendRecord> = {}): SpendRecord {
    return {
      ownerId,
      sessionId: `s${unique()}`,
      provider: 'mock',
      usd: 1,
      from: 1_000,
      to: 3_601_000,
      ...extra,
    };
  }

  describe(`SessionStore conformance: ${name}`, () => {
    let store: SessionStore;
    beforeAll(async () => {
      store = await fresh();
    });
    afterAll(async () => {
      await options.teardown?.(made);
    });

    it('create assigns version 1 and round-trips every field; optional fields stay absent', async () => {
      const owner = `o${unique()}`;
      const full = sessionOf(owner, undefined, {
        userId: 'alice',
        computeId: 'pod-1',
        status: 'running',
        tokenHash: 'a'.repeat(64),
        compute: {
          id: 'pod-1',
          provider: 'mock',
          name: 'x',
          status: 'running',
          ports: [{ port: 8000, protocol: 'http', url: 'https://pod-1-8000.example' }],
        } as unknown as Session['compute'] & object,
        readyAt: 2_000,
        pricePerHour: 2.99,
        billedFrom: 1_500,
        maxCostUsd: 12.5,
      });
      const created = await store.create(full);
      expect(created).toEqual({ ...full, version: 1 });
      expect(await store.get(full.id)).toEqual({ ...full, version: 1 });
      const bare = sessionOf(owner, undefined, { state: 'spawning' });
      await store.create(bare);
      const read = await store.get(bare.id);
      expect(read).toEqual({ ...bare, version: 1 });
      expect(Object.keys(read ?? {})).not.toContain('userId');
      expect(Object.keys(read ?? {})).not.toContain('computeId');
    });

    it('create refuses an existing id with AtlasError conflict; get of an unknown id is undefined', async () => {
      const session = sessionOf(`o${unique()}`);
      await store.create(session);
      await expect(store.create(session)).rejects.toMatchObject({ name: 'AtlasError', kind: 'conflict' });
      expect(await store.get(`missing${unique()}`)).toBeUndefined();
    });

    it('records are copies: mutating what the store returned changes nothing stored', async () => {
      const session = sessionOf(`o${unique()}`);
      const created = await store.create(session);
      (created as { lastTouchedAt: number }).lastTouchedAt = 999;
      const read = await store.get(session.id);
      (read as { lastTouchedAt: number }).lastTouchedAt = 998;
      expect((await store.get(session.id))?.lastTouchedAt).toBe(1_000);
    });

    it('compare-and-set: a write at a stale version is refused, and a refused write changes nothing', async () => {
      const session = sessionOf(`o${unique()}`);
      await store.create(session);
      const first = await store.update(session.id, 1, { lastTouchedAt: 5_000, idleDeadline: 65_000 });
      expect(first).toEqual({ ...session, lastTouchedAt: 5_000, idleDeadline: 65_000, version: 2 });
      expect(await store.update(session.id, 1, { lastTouchedAt: 6_000 })).toBeUndefined();
      expect((await store.get(session.id))?.lastTouchedAt).toBe(5_000);
      const ending = await store.update(session.id, 2, {
        state: 'terminating',
        endReason: 'idle_timeout',
        terminateAttempts: 0,
        nextAttemptAt: 70_000,
      });
      expect(ending).toMatchObject({
        state: 'terminating',
        endReason: 'idle_timeout',
        nextAttemptAt: 70_000,
        version: 3,
      });
      expect(await store.update(`missing${unique()}`, 1, { lastTouchedAt: 1 })).toBeUndefined();
    });

    it('delete: at a stale version refused, at the current version or unconditionally done, once', async () => {
      const session = sessionOf(`o${unique()}`);
      await store.create(session);
      await store.update(session.id, 1, { lastTouchedAt: 2_000 });
      expect(await store.delete(session.id, 1)).toBe(false);
      expect(await store.get(session.id)).toBeDefined();
      expect(await store.delete(session.id, 2)).toBe(true);
      expect(await store.get(session.id)).toBeUndefined();
      expect(await store.delete(session.id)).toBe(false);
      expect(await store.update(session.id, 2, { lastTouchedAt: 3_000 })).toBeUndefined();
      const other = sessionOf(`o${unique()}`);
      await store.create(other);
      expect(await store.delete(other.id)).toBe(true);
    });

    it('list returns one owner’s sessions only', async () => {
      const mine = `o${unique()}`;
      const theirs = `o${unique()}`;
      const a = sessionOf(mine);
      const b = sessionOf(mine, undefined, { state: 'spawning' });
      await store.create(a);
      await store.create(b);
      await store.create(sessionOf(theirs));
      const listed = await store.list({ ownerId: mine });
      expect(listed.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      expect(await store.list({ ownerId: `o${unique()}` })).toEqual([]);
    });

    it('concurrent writers at one version: exactly one wins', async () => {
      const session = sessionOf(`o${unique()}`);
      await store.create(session);
      const writers = await Promise.all(
        Array.from({ length: 16 }, (_, i) => store.update(session.id, 1, { lastTouchedAt: 10_000 + i })),
      );
      const winners = writers.filter((w) => w !== undefined);
      expect(winners).toHaveLength(1);
      expect((await store.get(session.id))?.lastTouchedAt).toBe(winners[0]?.lastTouchedAt);
      expect((await store.get(session.id))?.version).toBe(2);
    });

    it('concurrent read-modify-write loops lose no update', async () => {
      const session = sessionOf(`o${unique()}`, undefined, { terminateAttempts: 0 });
      await store.create(session);
      const increment = async () => {
        for (;;) {
          const current = await store.get(session.id);
          if (current === undefined) throw new Error('session vanished');
          const next = await store.update(session.id, current.version, {
            terminateAttempts: (current.terminateAttempts ?? 0) + 1,
          });
          if (next !== undefined) return;
        }
      };
      await Promise.all(Array.from({ length: 10 }, increment));
      const final = await store.get(session.id);
      expect(final?.terminateAttempts).toBe(10);
      expect(final?.version).toBe(11);
    });

    it('concurrent deletes at one version: exactly one deletes', async () => {
      const session = sessionOf(`o${unique()}`);
      await store.create(session);
      const results = await Promise.all(Array.from({ length: 8 }, () => store.delete(session.id, 1)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('leases: one holder until expiry, renewable by the holder, taken over after expiry', async () => {
      const lease = `reap:${unique()}`;
      expect(await store.acquireLease(lease, 'a', 1_000)).toBe(true);
      expect(await store.acquireLease(lease, 'b', 1_000)).toBe(false);
      time += 500;
      expect(await store.acquireLease(lease, 'a', 1_000)).toBe(true); // renewed until +1,500
      time += 700;
      expect(await store.acquireLease(lease, 'b', 1_000)).toBe(false); // a's renewal still holds
      time += 300;
      expect(await store.acquireLease(lease, 'b', 1_000)).toBe(true); // expired: b takes over
      expect(await store.acquireLease(lease, 'a', 1_000)).toBe(false);
    });

    it('leases: released only by their holder', async () => {
      const lease = `terminate:${unique()}`;
      expect(await store.acquireLease(lease, 'a', 60_000)).toBe(true);
      await store.releaseLease(lease, 'b');
      expect(await store.acquireLease(lease, 'b', 60_000)).toBe(false);
      await store.releaseLease(lease, 'a');
      expect(await store.acquireLease(lease, 'b', 60_000)).toBe(true);
      expect(await store.acquireLease(`other:${unique()}`, 'a', 60_000)).toBe(true); // leases are independent
    });

    it('leases: concurrent contenders, exactly one holder', async () => {
      const lease = `reap:${unique()}`;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.acquireLease(lease, `instance-${i}`, 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('a second store on the same backing data sees the first one’s writes', async () => {
      const other = await fresh();
      const session = sessionOf(`o${unique()}`);
      await store.create(session);
      const seen = await other.get(session.id);
      // A memory store is per instance: only stores that share backing data see each other.
      if (seen === undefined) return;
      expect(await other.update(session.id, 1, { lastTouchedAt: 7_000 })).toMatchObject({ version: 2 });
      expect(await store.update(session.id, 1, { lastTouchedAt: 8_000 })).toBeUndefined();
    });

    it('spend records: round trip (userId stays absent when not given), listed oldest end first, per owner', async () => {
      const owner = `o${unique()}`;
      const late: SpendRecord = spendOf(owner, { userId: 'alice', usd: 1.25, from: 1_000, to: 9_000 });
      const early: SpendRecord = spendOf(owner, { usd: 0.5, from: 2_000, to: 3_000 });
      await store.addSpend(late);
      await store.addSpend(early);
      await store.addSpend(spendOf(`o${unique()}`, { usd: 7 }));
      const listed = await store.listSpend({ ownerId: owner });
      expect(listed).toEqual([early, late]);
      expect(Object.keys(listed[0] ?? {})).not.toContain('userId');
      expect(await store.listSpend({ ownerId: `o${unique()}` })).toEqual([]);
    });

    it('spend totals: per owner, per user, since an instant (by when a record ended); 0 when nothing matches', async () => {
      const owner = `o${unique()}`;
      await store.addSpend(spendOf(owner, { userId: 'alice', usd: 1.5, from: 1_000, to: 5_000 }));
      await store.addSpend(spendOf(owner, { userId: 'alice', usd: 0.25, from: 6_000, to: 10_000 }));
      await store.addSpend(spendOf(owner, { userId: 'bob', usd: 2, from: 1_000, to: 20_000 }));
      await store.addSpend(spendOf(owner, { usd: 0.0001, from: 1_000, to: 2_000 }));
      await store.addSpend(spendOf(`o${unique()}`, { userId: 'alice', usd: 100 }));
      expect(await store.spendTotal({ ownerId: owner })).toBeCloseTo(3.7501, 6);
      expect(await store.spendTotal({ ownerId: owner, userId: 'alice' })).toBeCloseTo(1.75, 6);
      expect(await store.spendTotal({ ownerId: owner, userId: 'carol' })).toBe(0);
      expect(await store.spendTotal({ ownerId: owner, since: 10_000 })).toBeCloseTo(2.25, 6);
      expect(await store.spendTotal({ ownerId: owner, userId: 'alice', since: 10_001 })).toBe(0);
      expect((await store.listSpend({ ownerId: owner, userId: 'alice', since: 5_000 })).map((r) => r.usd)).toEqual([
        1.5, 0.25,
      ]);
      expect(await store.spendTotal({ ownerId: `o${unique()}` })).toBe(0);
    });

    it('spend records are idempotent per (owner, session, from): the first stays, also under concurrent writers', async () => {
      const owner = `o${unique()}`;
      const first = spendOf(owner, { sessionId: 'dup', usd: 1, from: 1_000, to: 2_000 });
      await store.addSpend(first);
      await store.addSpend({ ...first, usd: 5, to: 9_000 });
      // The same session id billed again from another instant is another record (ids from a test's ids option).
      const again = spendOf(owner, { sessionId: 'dup', usd: 2, from: 3_000, to: 4_000 });
      await Promise.all(Array.from({ length: 8 }, () => store.addSpend(again)));
      expect(await store.listSpend({ ownerId: owner })).toEqual([first, again]);
      expect(await store.spendTotal({ ownerId: owner })).toBeCloseTo(3, 6);
    });

    it('spend records are copies, and a second store on the same backing data sees them', async () => {
      const owner = `o${unique()}`;
      const record = spendOf(owner, { usd: 0.75 });
      await store.addSpend(record);
      const [read] = await store.listSpend({ ownerId: owner });
      (read as { usd: number }).usd = 99;
      expect(await store.spendTotal({ ownerId: owner })).toBeCloseTo(0.75, 6);
      const other = await fresh();
      const seen = await other.listSpend({ ownerId: owner });
      // A memory store is per instance: only stores that share backing data see each other.
      if (seen.length === 0) return;
      expect(seen).toEqual([record]);
    });

    it(`large counts: ${largeCount} sessions of one owner are written and listed`, async () => {
      const owner = `o${unique()}`;
      const ids = Array.from({ length: largeCount }, (_, i) => `s${i.toString().padStart(8, '0')}${unique()}`);
      for (let i = 0; i < ids.length; i += 100) {
        await Promise.all(ids.slice(i, i + 100).map((id) => store.create(sessionOf(owner, id))));
      }
      const listed = await store.list({ ownerId: owner });
      expect(listed).toHaveLength(largeCount);
      expect(new Set(listed.map((s) => s.id))).toEqual(new Set(ids));
    }, 60_000);
  });
}
