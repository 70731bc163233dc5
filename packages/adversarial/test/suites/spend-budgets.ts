import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AtlasError, isAtlasError } from '@atlas/core';
import {
  createMemoryStore,
  createOrchestrator,
  type Orchestrator,
  type OrchestratorEvent,
  type OrchestratorOptions,
  type SessionStore,
  type SpawnedSession,
} from '@atlas/orchestrator';
import { createSqliteStore } from '@atlas/store-sqlite';
import { NO_CAPACITY } from '@atlas/test-kit';
import { describe, expect, it, type TestFunction } from 'vitest';
import { CLOUDS, type Clouds, startClouds } from '../helpers/clouds.js';
import type { Select } from '../helpers/pending.js';
import { settle } from '../helpers/runpod.js';
import { waitFor, waitForAsync } from '../helpers/wait.js';

/**
 * Budgets and caps through the orchestrator, over RunPod, Lambda Labs and Vast.ai (each the real
 * provider against its stateful fake), under concurrency: a budget that is used up refuses every
 * one of N concurrent spawns before any cloud is asked; sessions with maxCostUsd end with
 * `budget_exhausted` and their machines are terminated (no leak); and a session's spend is
 * recorded exactly once, even when two orchestrators on one store (memory, SQLite) both end it.
 */

const OWNER = 'adv';
const N = 12;
const REQUEST = { gpu: 'h100', image: 'ghcr.io/acme/infer:1', placement: { maxAttempts: 20 } } as const;
/** Lasts well under a second on any of the fakes' H100 offers (about $2/h). */
const SMALL_CAP_USD = 0.0004;

interface Rig {
  readonly clouds: Clouds;
  readonly open: Orchestrator[];
  /** Run after the orchestrators closed (a SQLite store's connection). */
  readonly cleanup: (() => Promise<void>)[];
  /** Spend records written per session, through a store from sharedStore(). */
  readonly writes: Map<string, number>;
  orchestrator(store: SessionStore, extra?: Partial<OrchestratorOptions>): Orchestrator;
  /** Machines on the three fakes that still bill and carry this owner's stamp. */
  live(): string[];
}

async function withRig(fn: (rig: Rig) => Promise<void>): Promise<void> {
  const clouds = await startClouds();
  const open: Orchestrator[] = [];
  const rig: Rig = {
    clouds,
    open,
    cleanup: [],
    writes: new Map(),
    orchestrator: (store, extra = {}) => {
      const orch = createOrchestrator({
        providers: CLOUDS.map((cloud) => clouds.providers[cloud]),
        ownerId: OWNER,
        store,
        reapIntervalMs: 3_600_000,
        ...extra,
      });
      open.push(orch);
      return orch;
    },
    live: () =>
      clouds
        .machines()
        .filter((m) => m.live && m.text.includes(`atlas-${OWNER}-`))
        .map((m) => `${m.cloud} ${m.id}`),
  };
  try {
    await fn(rig);
  } finally {
    for (const orch of open) await orch.close({ terminate: true }).catch(() => undefined);
    for (const close of rig.cleanup) await close();
    await clouds.close();
  }
}

/** Every outcome of N concurrent spawns; each must be a session or an AtlasError. */
async function spawnAll(orch: Orchestrator, users: readonly (string | undefined)[], extra: object = {}) {
  const outcomes = await Promise.all(
    users.map((userId) =>
      settle(() => orch.spawn({ ...REQUEST, ...(userId === undefined ? {} : { userId }), ...extra })),
    ),
  );
  for (const outcome of outcomes)
    if (!outcome.ok) expect(isAtlasError(outcome.error), String(outcome.error)).toBe(true);
  return outcomes;
}

function expectRefused(outcome: { ok: boolean; error?: unknown }, scope: 'owner' | 'user'): void {
  expect(outcome.ok, 'spawned past a used-up budget').toBe(false);
  const error = (outcome as { error: AtlasError }).error;
  expect(error).toMatchObject({ kind: 'forbidden', code: 'budget_exceeded', details: { scope } });
}

/** A store that counts the spend records written to it per session (the store itself ignores repeats). */
function countingWrites(store: SessionStore, writes: Map<string, number>): SessionStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'addSpend') {
        return (record: Parameters<SessionStore['addSpend']>[0]) => {
          writes.set(record.sessionId, (writes.get(record.sessionId) ?? 0) + 1);
          return target.addSpend(record);
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Each session's spend written exactly once, across both instances. */
function expectWrittenOnce(writes: ReadonlyMap<string, number>, ids: readonly string[]): void {
  expect(Object.fromEntries([...writes].sort())).toEqual(Object.fromEntries([...ids].sort().map((id) => [id, 1])));
}

type StoreKind = 'memory' | 'sqlite';
/** One store as two orchestrators see it: the same memory store, or two connections to one SQLite file. */
function sharedStore(rig: Rig, kind: StoreKind): [SessionStore, SessionStore] {
  if (kind === 'memory') {
    const store = countingWrites(createMemoryStore(), rig.writes);
    return [store, store];
  }
  const path = join(mkdtempSync(join(tmpdir(), 'atlas-adv-spend-')), 'sessions.db');
  const stores = [createSqliteStore({ path }), createSqliteStore({ path })] as const;
  for (const store of stores) rig.cleanup.push(() => store.close());
  return [countingWrites(stores[0], rig.writes), countingWrites(stores[1], rig.writes)];
}

/** Registers the cases `select` picks (keys: the case names). */
export function registerSpendBudgets(select: Select): void {
  const test = (name: string, fn: TestFunction) => {
    if (select(name)) it(name, fn);
  };

  describe.concurrent('budgets under concurrent placed spawns', () => {
    test(`an owner at its budget: ${N} concurrent spawns all refused, no cloud asked, nothing stored`, () =>
      withRig(async (rig) => {
        const store = createMemoryStore();
        await store.addSpend({ ownerId: OWNER, sessionId: 'earlier', provider: 'vast', usd: 3, from: 0, to: 1 });
        const orch = rig.orchestrator(store, { budget: { perOwnerUsd: 3 } });
        const outcomes = await spawnAll(
          orch,
          Array.from({ length: N }, (_, i) => `user${i % 3}`),
        );
        for (const outcome of outcomes) expectRefused(outcome, 'owner');
        expect(rig.clouds.requests()).toEqual({ runpod: 0, 'lambda-labs': 0, vast: 0 });
        expect(await orch.list()).toEqual([]);
        expect(rig.live()).toEqual([]);
      }));

    test(`live sessions accrue past the owner budget: the next ${N} concurrent spawns all refused, no create`, () =>
      withRig(async (rig) => {
        const orch = rig.orchestrator(createMemoryStore(), { budget: { perOwnerUsd: 0.0002 } });
        const first = await orch.spawn(REQUEST);
        // About a third of a second at the fakes' prices: wait for the estimate, not for a time.
        await waitForAsync(async () => (await orch.spend()).totalUsd >= 0.0002, 10_000);
        const creates = rig.clouds.creates();
        const outcomes = await spawnAll(
          orch,
          Array.from({ length: N }, () => undefined),
        );
        for (const outcome of outcomes) expectRefused(outcome, 'owner');
        expect(rig.clouds.creates()).toEqual(creates);
        expect((await orch.list()).map((s) => s.id)).toEqual([first.session.id]);
        expect(rig.live()).toEqual([`${first.session.provider} ${first.compute.id}`]);
      }));

    test(`a user at their budget, the owner with room: ${N} concurrent spawns, the user's all refused, the others' placed`, () =>
      withRig(async (rig) => {
        const store = createMemoryStore();
        await store.addSpend({
          ownerId: OWNER,
          userId: 'alice',
          sessionId: 'earlier',
          provider: 'runpod',
          usd: 1,
          from: 0,
          to: 1,
        });
        const orch = rig.orchestrator(store, { budget: { perOwnerUsd: 100, perUserUsd: 1 } });
        const users = Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 'alice' : 'bob'));
        const outcomes = await spawnAll(orch, users);
        const placed: string[] = [];
        for (const [i, outcome] of outcomes.entries()) {
          if (users[i] === 'alice') {
            expectRefused(outcome, 'user');
            continue;
          }
          expect(outcome.ok, outcome.ok ? '' : String(outcome.error)).toBe(true);
          const { session, compute } = (outcome as { value: SpawnedSession }).value;
          expect(session.userId).toBe('bob');
          placed.push(`${session.provider} ${compute.id}`);
        }
        // Every machine is one of bob's sessions, each exactly once.
        expect(rig.live().sort()).toEqual(placed.sort());
        expect((await orch.list()).every((s) => s.userId === 'bob')).toBe(true);
      }));
  });

  describe.concurrent('one owner, several clouds', () => {
    test(`an owner's sessions on other clouds count: ${N} concurrent spawns on an orchestrator over Vast.ai alone all refused`, () =>
      withRig(async (rig) => {
        const store = createMemoryStore();
        const budget = { perOwnerUsd: 0.0002 };
        const others = createOrchestrator({
          providers: [rig.clouds.providers.runpod, rig.clouds.providers['lambda-labs']],
          ownerId: OWNER,
          store,
          reapIntervalMs: 3_600_000,
          instanceId: 'adv/others',
          budget,
        });
        rig.open.push(others);
        const onVast = createOrchestrator({
          providers: [rig.clouds.providers.vast],
          ownerId: OWNER,
          store,
          reapIntervalMs: 3_600_000,
          instanceId: 'adv/vast',
          budget,
        });
        rig.open.push(onVast);
        await others.spawn(REQUEST);
        await waitForAsync(async () => (await onVast.spend()).totalUsd >= budget.perOwnerUsd, 10_000);
        const outcomes = await spawnAll(
          onVast,
          Array.from({ length: N }, () => undefined),
        );
        for (const outcome of outcomes) expectRefused(outcome, 'owner');
        expect(rig.clouds.requests().vast).toBe(0);
      }));

    test('a capped session placed on the third cloud: ends there, and its spend record names that cloud', () =>
      withRig(async (rig) => {
        const store = countingWrites(createMemoryStore(), rig.writes);
        const orch = rig.orchestrator(store);
        for (const cloud of ['runpod', 'lambda-labs'] as const) {
          rig.clouds.fakes[cloud].faults.inject('spawnCompute', { ...NO_CAPACITY[cloud], times: 50 });
        }
        const ended = new Promise<OrchestratorEvent>((resolve) => orch.on('terminated', resolve));
        const { session, compute } = await orch.spawn({
          ...REQUEST,
          maxCostUsd: SMALL_CAP_USD,
          placement: { strategy: 'ordered', maxAttempts: 20 },
        });
        expect(session.provider).toBe('vast');
        expect(session.pricePerHour).toBe(compute.costPerHour);
        expect(await ended).toMatchObject({ sessionId: session.id, reason: 'budget_exhausted' });
        expect(rig.live()).toEqual([]);
        expect(await store.listSpend({ ownerId: OWNER })).toEqual([
          expect.objectContaining({ sessionId: session.id, provider: 'vast' }),
        ]);
        expectWrittenOnce(rig.writes, [session.id]);
      }));
  });

  describe.concurrent('maxCostUsd under concurrency', () => {
    test(`${N} concurrent sessions with maxCostUsd all end with budget_exhausted, machines terminated, one spend record each`, () =>
      withRig(async (rig) => {
        const store = countingWrites(createMemoryStore(), rig.writes);
        const orch = rig.orchestrator(store);
        const events: OrchestratorEvent[] = [];
        orch.on('*', (event) => events.push(event));
        const outcomes = await spawnAll(
          orch,
          Array.from({ length: N }, () => undefined),
          { maxCostUsd: SMALL_CAP_USD },
        );
        const sessions = outcomes.map((outcome) => {
          expect(outcome.ok, outcome.ok ? '' : String(outcome.error)).toBe(true);
          return (outcome as { value: SpawnedSession }).value.session;
        });
        const ids = sessions.map((s) => s.id).sort();
        const ended = () =>
          events.filter((e) => e.type === 'terminated').map((e) => (e as { sessionId: string }).sessionId);
        await waitFor(() => ended().length >= N, 15_000);
        expect(ended().sort()).toEqual(ids);
        for (const event of events) {
          if (event.type === 'terminated') expect(event.reason).toBe('budget_exhausted');
          if (event.type === 'budget_exhausted') expect(event.spentUsd).toBeGreaterThanOrEqual(SMALL_CAP_USD);
        }
        expect(events.filter((e) => e.type === 'budget_exhausted')).toHaveLength(N);
        expect(rig.live()).toEqual([]);
        expect(await orch.list()).toEqual([]);
        const records = await store.listSpend({ ownerId: OWNER });
        expect(records.map((r) => r.sessionId).sort()).toEqual(ids);
        for (const record of records) expect(record.usd).toBeGreaterThanOrEqual(SMALL_CAP_USD);
        expectWrittenOnce(rig.writes, ids);
      }));
  });

  for (const kind of ['memory', 'sqlite'] as const) {
    describe.concurrent(`two orchestrators on one ${kind} store`, () => {
      test(`both release each of ${N} sessions at once: one spend record per session, no machine left`, () =>
        withRig(async (rig) => {
          const [storeA, storeB] = sharedStore(rig, kind);
          const a = rig.orchestrator(storeA, { instanceId: 'adv/a' });
          const b = rig.orchestrator(storeB, { instanceId: 'adv/b' });
          const outcomes = await spawnAll(
            a,
            Array.from({ length: N }, (_, i) => `user${i % 4}`),
          );
          const ids = outcomes.map((o) => {
            expect(o.ok, o.ok ? '' : String(o.error)).toBe(true);
            return (o as { value: SpawnedSession }).value.session.id;
          });
          const releases = await Promise.all(
            ids.flatMap((id) => [settle(() => a.release(id)), settle(() => b.release(id))]),
          );
          for (const release of releases) {
            if (!release.ok) expect(release.error, String(release.error)).toMatchObject({ kind: 'not_found' });
          }
          expect(rig.live()).toEqual([]);
          const records = await storeA.listSpend({ ownerId: OWNER });
          expect(records.map((r) => r.sessionId).sort()).toEqual([...ids].sort());
          expectWrittenOnce(rig.writes, ids);
          expect(await storeB.spendTotal({ ownerId: OWNER })).toBeCloseTo(
            records.reduce((sum, r) => sum + r.usd, 0),
            6,
          );
        }));

      test('capped sessions outlive the orchestrator that spawned them: the next one ends them at their cap, one record each', () =>
        withRig(async (rig) => {
          const [storeA, storeB] = sharedStore(rig, kind);
          const a = rig.orchestrator(storeA, { instanceId: 'adv/a' });
          // About two seconds at the fakes' prices: long enough to outlive a's close.
          const cap = 0.0012;
          const outcomes = await spawnAll(
            a,
            Array.from({ length: 4 }, () => undefined),
            { maxCostUsd: cap },
          );
          const ids = outcomes.map((o) => {
            expect(o.ok, o.ok ? '' : String(o.error)).toBe(true);
            return (o as { value: SpawnedSession }).value.session.id;
          });
          await a.close(); // down without terminating: the machines and records stay
          const b = rig.orchestrator(storeB, { instanceId: 'adv/b' });
          const ended: OrchestratorEvent[] = [];
          b.on('terminated', (event) => void ended.push(event));
          const { adopted } = await b.ready();
          expect(adopted).toBe(ids.length);
          await waitFor(() => ended.length >= ids.length, 15_000);
          expect(ended.map((e) => (e as { reason: string }).reason)).toEqual(ids.map(() => 'budget_exhausted'));
          expect(rig.live()).toEqual([]);
          const records = await storeB.listSpend({ ownerId: OWNER });
          expect(records.map((r) => r.sessionId).sort()).toEqual([...ids].sort());
          for (const record of records) expect(record.usd).toBeGreaterThanOrEqual(cap);
          expectWrittenOnce(rig.writes, ids);
        }));

      test(`one ends ${N} capped sessions while the other releases them: one spend record per session`, () =>
        withRig(async (rig) => {
          const [storeA, storeB] = sharedStore(rig, kind);
          const a = rig.orchestrator(storeA, { instanceId: 'adv/a' });
          const b = rig.orchestrator(storeB, { instanceId: 'adv/b' });
          const releases: Promise<unknown>[] = [];
          // The moment a's cap fires, b ends the same session too.
          a.on('budget_exhausted', (event) => void releases.push(settle(() => b.release(event.sessionId))));
          const outcomes = await spawnAll(
            a,
            Array.from({ length: N }, () => undefined),
            { maxCostUsd: SMALL_CAP_USD },
          );
          const ids = outcomes.map((o) => {
            expect(o.ok, o.ok ? '' : String(o.error)).toBe(true);
            return (o as { value: SpawnedSession }).value.session.id;
          });
          await waitFor(() => releases.length >= N, 15_000);
          await Promise.all(releases);
          await waitForAsync(async () => (await a.list()).length === 0, 10_000);
          expect(rig.live()).toEqual([]);
          const records = await storeB.listSpend({ ownerId: OWNER });
          expect(records.map((r) => r.sessionId).sort()).toEqual([...ids].sort());
          expectWrittenOnce(rig.writes, ids);
        }));
    });
  }
}
