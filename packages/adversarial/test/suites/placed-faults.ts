import { randomBytes } from 'node:crypto';
import { type AtlasError, isAtlasError } from '@atlas/core';
import type { Fault } from '@atlas/core/testing';
import {
  createMemoryStore,
  createOrchestrator,
  type Orchestrator,
  type SessionPlacementAttempt,
  type SessionStore,
  type SpawnedSession,
} from '@atlas/orchestrator';
import { NO_CAPACITY } from '@atlas/test-kit';
import { describe, expect, it } from 'vitest';
import { CLOUDS, type Cloud, type Clouds, startClouds } from '../helpers/clouds.js';
import type { Select } from '../helpers/pending.js';
import { prng } from '../helpers/prng.js';
import { settle } from '../helpers/runpod.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Placed spawns through the orchestrator, over RunPod, Lambda Labs and Vast.ai (each the real
 * provider against its stateful fake), with one fault on the first or on the second offer's
 * cloud. Whatever the fault: no create leaves while the session has a live machine anywhere; at
 * most one machine of the session exists once every late commit has landed; after a create whose
 * outcome is unknown nothing is tried elsewhere and the rejection says a machine may exist; after
 * the reaper ran past its grace period, every machine left is the one a live session tracks; the
 * session's placement history (or the rejection's) says why it went where it did.
 */

const OWNER = 'adv';
const CLIENT_TIMEOUT_MS = 800;
const COMMIT_AFTER_MS = 1_500;
const GRACE_MS = 300;
const REQUEST = { gpu: 'h100', image: 'ghcr.io/acme/infer:1' } as const;

/** The clouds in `ordered` placement order: each cloud is first once, and second once. */
const ROTATIONS: readonly (readonly [Cloud, Cloud, Cloud])[] = [
  ['runpod', 'lambda-labs', 'vast'],
  ['lambda-labs', 'vast', 'runpod'],
  ['vast', 'runpod', 'lambda-labs'],
];

/** Each cloud's own rate-limit answer (a bare 429 body reads as an internal error on Lambda). */
const RATE_LIMITED: Record<Cloud, Fault> = {
  runpod: { status: 429, retryAfterSeconds: 1 },
  'lambda-labs': {
    status: 429,
    retryAfterSeconds: 1,
    body: { error: { code: 'global/rate-limit-exceeded', message: 'Too many launch requests.' } },
  },
  vast: { status: 429, retryAfterSeconds: 1, body: { success: false, error: 'throttled', msg: 'slow down' } },
};

/** What the faulted cloud's try may end as. */
type Expectation =
  /** Unknown outcome: the spawn rejects, nothing is tried elsewhere, a machine may exist. */
  | 'ambiguous'
  /** The provider may settle it itself (adopt by marker, retry safely): placed there, or ambiguous. */
  | 'settled-or-ambiguous'
  /**
   * The machine came back overpriced and could not be terminated: it still bills, so nothing is
   * tried elsewhere (that would make two); the spawn rejects, its history ends with the price
   * guard, and the error announces the machine.
   */
  | 'price-guard-stuck'
  /** Refused: the session lands (there or on a later offer) and the history names the refusal. */
  | { readonly movesOn: SessionPlacementAttempt['outcome'] };

interface FaultCase {
  readonly label: string;
  /** Only where the fake can stage it (default every cloud). */
  readonly on?: readonly Cloud[];
  readonly timeoutMs?: number;
  /** Waits out a late commit before counting. */
  readonly lateMs?: number;
  readonly expect: Expectation;
  /** Stages the fault on `cloud`; may return a signal for the spawn. */
  arm(clouds: Clouds, cloud: Cloud): AbortSignal | undefined;
}

const FAULTS: readonly FaultCase[] = [
  {
    label: `the create commits ${COMMIT_AFTER_MS} ms after a client that gave up at ${CLIENT_TIMEOUT_MS} ms`,
    timeoutMs: CLIENT_TIMEOUT_MS,
    lateMs: COMMIT_AFTER_MS,
    expect: 'ambiguous',
    arm: (c, cloud) => {
      c.fakes[cloud].faults.inject('spawnCompute', { commitAfterMs: COMMIT_AFTER_MS } as Fault);
      return undefined;
    },
  },
  {
    label: 'the connection is reset after the create',
    expect: 'settled-or-ambiguous',
    arm: (c, cloud) => {
      c.fakes[cloud].faults.inject('spawnCompute', { afterCreate: true, resetConnection: true });
      return undefined;
    },
  },
  {
    label: 'the caller aborts while the create is in flight',
    lateMs: 600,
    expect: 'ambiguous',
    arm: (c, cloud) => {
      // The server holds the create 600 ms, then makes the machine although the caller has left.
      c.fakes[cloud].faults.inject('spawnCompute', { delayMs: 600 });
      const controller = new AbortController();
      c.onCreate(cloud, () => setTimeout(() => controller.abort(new Error('the user closed the tab')), 200));
      return controller.signal;
    },
  },
  {
    label: 'a 500 before any create',
    expect: 'settled-or-ambiguous',
    arm: (c, cloud) => {
      c.fakes[cloud].faults.inject('spawnCompute', { status: 500 });
      return undefined;
    },
  },
  {
    label: 'no capacity',
    expect: { movesOn: 'capacity' },
    arm: (c, cloud) => {
      c.fakes[cloud].faults.inject('spawnCompute', { ...NO_CAPACITY[cloud], times: 10 });
      return undefined;
    },
  },
  {
    label: 'rate limited with Retry-After, past the client retries',
    expect: { movesOn: 'rate_limited' },
    arm: (c, cloud) => {
      c.fakes[cloud].faults.inject('spawnCompute', { ...RATE_LIMITED[cloud], times: 10 });
      return undefined;
    },
  },
  {
    label: 'the price doubles between the quote and the create',
    on: ['vast'],
    expect: { movesOn: 'price_guard' },
    arm: (c, cloud) => {
      // The quote read the market; the asks are repriced as the rent leaves, like a host raising its price.
      c.onCreate(cloud, () => {
        const market = c.fakes.vast.market;
        market.set(market.list().map((offer) => ({ ...offer, dph_total: offer.dph_total * 2 })));
      });
      return undefined;
    },
  },
  {
    label: 'the price doubles between the quote and the create, and terminating the overpriced machine fails',
    on: ['vast'],
    expect: 'price-guard-stuck',
    arm: (c, cloud) => {
      c.onCreate(cloud, () => {
        const market = c.fakes.vast.market;
        market.set(market.list().map((offer) => ({ ...offer, dph_total: offer.dph_total * 2 })));
        // Every try of the provider's terminate (1 + 2 retries); the reaper's later one goes through.
        c.fakes.vast.faults.inject('terminate', { status: 500, times: 3 });
      });
      return undefined;
    },
  },
];

interface Run {
  readonly clouds: Clouds;
  readonly orch: Orchestrator;
  /** Reaps for the case: the same owner and store, with a 10 s timeout (see patientReaper). */
  readonly reaper: Orchestrator;
  readonly sessionId: string;
  readonly faulted: Cloud;
  readonly outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  readonly events: SessionPlacementAttempt[];
}

/** The clouds in `order`; `position` second: the first cloud refuses every create for capacity. */
async function runCase(fault: FaultCase, order: readonly Cloud[], position: 'first' | 'second'): Promise<Run> {
  const clouds = await startClouds({ timeoutMs: fault.timeoutMs ?? 10_000 });
  const sessionId = randomBytes(8).toString('hex');
  clouds.watch(sessionId);
  const store = createMemoryStore();
  const orch = createOrchestrator({
    providers: order.map((cloud) => clouds.providers[cloud]),
    ownerId: OWNER,
    store,
    ids: () => sessionId,
    graceMs: GRACE_MS,
    // Reaps only when the case asks.
    reapIntervalMs: 3_600_000,
  });
  const reaper = patientReaper(clouds, store, GRACE_MS);
  await clouds.warm();
  const events: SessionPlacementAttempt[] = [];
  orch.on('placement_attempt', (event) => {
    if (event.sessionId === sessionId) events.push(event.attempt);
  });
  const [first, second] = order as [Cloud, Cloud];
  if (position === 'second') clouds.fakes[first].faults.inject('spawnCompute', { ...NO_CAPACITY[first], times: 50 });
  const faulted = position === 'first' ? first : second;
  const signal = fault.arm(clouds, faulted);
  const outcome = await settle(() =>
    orch.spawn({
      ...REQUEST,
      placement: { strategy: 'ordered', maxAttempts: 20 },
      ...(signal === undefined ? {} : { signal }),
    }),
  );
  return { clouds, orch, reaper, sessionId, faulted, outcome, events };
}

/**
 * A second instance of the same owner on the same store, only to reap: its calls get a 10 s
 * timeout, so the short client timeout a case gives its creates never cuts the reaper's lists short
 * on a loaded machine.
 */
function patientReaper(clouds: Clouds, store: SessionStore, graceMs: number): Orchestrator {
  return createOrchestrator({
    providers: CLOUDS.map((cloud) => clouds.providers[cloud]),
    ownerId: OWNER,
    store,
    graceMs,
    reapIntervalMs: 3_600_000,
    context: { timeoutMs: 10_000 },
  });
}

const stamped = (run: Run) => run.clouds.machines().filter((m) => m.text.includes(run.sessionId));

async function check(run: Run, fault: FaultCase): Promise<void> {
  const { clouds, orch, faulted, outcome, events } = run;
  // A late commit lands after the spawn settled: count once it has.
  if (fault.lateMs !== undefined) {
    if (outcome.ok) await new Promise((resolve) => setTimeout(resolve, fault.lateMs! + 300));
    else await waitFor(() => stamped(run).length >= 1, fault.lateMs + 5_000);
  }
  // No create ever left while the session had a machine alive on any cloud.
  expect(
    clouds.sent.filter((s) => s.liveThen.length > 0).map((s) => `${s.cloud} while ${s.liveThen[0]!.cloud} lived`),
  ).toEqual([]);
  const live = stamped(run).filter((m) => m.live);
  expect(live.length, JSON.stringify(live)).toBeLessThanOrEqual(1);

  if (outcome.ok) {
    const { session, compute } = outcome.value as SpawnedSession;
    expect(live.map((m) => [m.cloud, m.id])).toEqual([[session.provider, compute.id]]);
    const attempts = session.placement?.attempts ?? [];
    expect(attempts.at(-1)).toMatchObject({ provider: session.provider, outcome: 'placed' });
    expect(events).toEqual(attempts);
    if (fault.expect === 'ambiguous' || fault.expect === 'price-guard-stuck')
      expect.fail(`placed after ${fault.label}: ${JSON.stringify(attempts)}`);
    if (fault.expect === 'settled-or-ambiguous') {
      // Settled by the provider itself: placed where the fault was, nothing tried after it.
      expect(session.provider).toBe(faulted);
    } else if (typeof fault.expect === 'object' && session.provider !== faulted) {
      // Moved on: the history says why the faulted cloud was left.
      expect(attempts.filter((a) => a.provider === faulted).map((a) => a.outcome)).toContain(fault.expect.movesOn);
    }
    if (typeof fault.expect === 'object' && fault.expect.movesOn === 'price_guard') {
      expect(attempts).toContainEqual(expect.objectContaining({ provider: faulted, outcome: 'price_guard' }));
    }
  } else {
    const error = outcome.error as AtlasError;
    expect(isAtlasError(error), String(error)).toBe(true);
    expect(typeof fault.expect, `${fault.label} rejected: ${error.kind}: ${error.message}`).toBe('string');
    const attempts = (error.details?.attempts ?? []) as { provider: string; outcome: string }[];
    expect(attempts.at(-1), `${error.kind}: ${error.message}`).toMatchObject({
      provider: faulted,
      outcome: fault.expect === 'price-guard-stuck' ? 'price_guard' : 'ambiguous',
    });
    expect(events.map((e) => [e.provider, e.outcome])).toEqual(attempts.map((a) => [a.provider, a.outcome]));
    // Never failed over: every create from the first one on the faulted cloud went to that cloud.
    const from = clouds.sent.findIndex((s) => s.cloud === faulted);
    expect(clouds.sent.slice(from).map((s) => s.cloud)).toEqual(clouds.sent.slice(from).map(() => faulted));
    // A machine that exists was announced.
    if (stamped(run).length > 0) expect(error.details?.possiblyCreated, error.message).toBe(true);
    expect(await orch.list()).toEqual([]);
  }

  // The reaper, run past its grace period: a provider without createdAt (Lambda) is timed from
  // the first run that saw the machine, so one run to see it, one after the grace period.
  await run.reaper.reap();
  await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 100));
  await run.reaper.reap();
  const tracked = new Set((await orch.list()).map((s) => s.computeId));
  expect(
    stamped(run)
      .filter((m) => m.live && !tracked.has(m.id))
      .map((m) => `${m.cloud} ${m.id}`),
  ).toEqual([]);
}

/** Registers the cases `select` picks (keys: `<order>, <position> offer: <fault>`, `concurrent: <run>`, `close: <case>`). */
export function registerPlacedFaults(select: Select): void {
  registerConcurrentRun(select);
  registerCloseMidCreate(select);
  for (const order of ROTATIONS) {
    describe.concurrent(`placed spawns over ${order.join(' > ')} (ordered)`, () => {
      for (const position of ['first', 'second'] as const) {
        const faulted = order[position === 'first' ? 0 : 1];
        for (const fault of FAULTS) {
          if (fault.on !== undefined && !fault.on.includes(faulted)) continue;
          const name = `${position} offer (${faulted}): ${fault.label}`;
          if (!select(`${order.join(' > ')}, ${name}`)) continue;
          it(name, async () => {
            const run = await runCase(fault, order, position);
            try {
              await check(run, fault);
            } finally {
              await run.orch.close({ terminate: true }).catch(() => undefined);
              await run.reaper.close().catch(() => undefined);
              await run.clouds.close();
            }
          });
        }
      }
    });
  }
}

const SEED = 20_261_203;
const SPAWNS = 40;
const CONCURRENCY = 8;
/** Above the longest placed spawn here (a rate limit waited out twice, then the next offer). */
const RUN_GRACE_MS = 4_000;

/** What the next create on a cloud meets (cumulative weights); `undefined`: nothing. */
const RANDOM_FAULTS: readonly [number, string, ((cloud: Cloud) => Fault) | undefined][] = [
  [0.45, 'none', undefined],
  [0.55, 'commit after the client gave up', () => ({ commitAfterMs: COMMIT_AFTER_MS }) as Fault],
  [0.63, 'reset after the create', () => ({ afterCreate: true, resetConnection: true })],
  [0.71, '500 before the create', () => ({ status: 500 })],
  [0.79, '500 after the create', () => ({ afterCreate: true, status: 500 })],
  [0.9, 'no capacity', (cloud) => NO_CAPACITY[cloud]],
  [1.0, 'rate limited with Retry-After', (cloud) => RATE_LIMITED[cloud]],
];

/**
 * Many placed spawns at once, each over the three clouds in a random order, while seeded faults
 * hit the next create on a random cloud. Every machine must be one a live session tracks, or one
 * a rejection announced by name (`details.lookFor`); no session ever has two; and once the reaper
 * has run past its grace period, only the tracked ones are left.
 */
function registerConcurrentRun(select: Select): void {
  const name = `${SPAWNS} placed spawns, ${CONCURRENCY} at a time, under seeded faults on all three clouds: every machine tracked or announced, none after the reaper`;
  if (!select(`concurrent: ${name}`)) return;
  it(name, async () => {
    const random = prng(SEED);
    const clouds = await startClouds({ timeoutMs: CLIENT_TIMEOUT_MS });
    const store = createMemoryStore();
    const orch = createOrchestrator({
      providers: ROTATIONS[0]!.map((cloud) => clouds.providers[cloud]),
      ownerId: OWNER,
      store,
      graceMs: RUN_GRACE_MS,
      reapIntervalMs: 3_600_000,
    });
    const reaper = patientReaper(clouds, store, RUN_GRACE_MS);
    try {
      await clouds.warm();
      const placed: { sessionId: string; provider: string; computeId: string }[] = [];
      const announced = new Set<string>();
      const bare: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < SPAWNS) {
          next++;
          const roll = random();
          const [, , fault] = RANDOM_FAULTS.find(([upTo]) => roll < upTo) ?? RANDOM_FAULTS[0]!;
          const order = ROTATIONS[Math.floor(random() * ROTATIONS.length)]!;
          const cloud = order[Math.floor(random() * 3)]!;
          if (fault !== undefined) clouds.fakes[cloud].faults.inject('spawnCompute', fault(cloud));
          const outcome = await settle(() =>
            orch.spawn({ ...REQUEST, placement: { providers: [...order], strategy: 'ordered', maxAttempts: 20 } }),
          );
          if (outcome.ok) {
            const { session, compute } = outcome.value as SpawnedSession;
            placed.push({ sessionId: session.id, provider: session.provider, computeId: compute.id });
          } else if (!isAtlasError(outcome.error)) {
            bare.push(String(outcome.error));
          } else if (outcome.error.details?.possiblyCreated === true) {
            const lookFor = outcome.error.details.lookFor as { name?: string } | undefined;
            if (lookFor?.name !== undefined) announced.add(lookFor.name);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      // Late commits land after their spawn settled: count once they have.
      await new Promise((resolve) => setTimeout(resolve, COMMIT_AFTER_MS + 500));
      expect(bare).toEqual([]);

      const stampOf = (m: { text: string }) => /atlas-adv-[a-z0-9]+/.exec(m.text)?.[0];
      const live = clouds.machines().filter((m) => m.live && stampOf(m) !== undefined);
      const perStamp = new Map<string, number>();
      for (const m of live) perStamp.set(stampOf(m)!, (perStamp.get(stampOf(m)!) ?? 0) + 1);
      expect(
        [...perStamp].filter(([, n]) => n > 1),
        'sessions with two machines',
      ).toEqual([]);
      const tracked = new Set(placed.map((p) => `${p.provider} ${p.computeId}`));
      const unaccounted = live.filter((m) => !tracked.has(`${m.cloud} ${m.id}`) && !announced.has(stampOf(m)!));
      expect(
        unaccounted.map((m) => `${m.cloud} ${m.id} ${stampOf(m)}`),
        'unannounced machines',
      ).toEqual([]);
      // Every success is a live machine where the session says.
      expect(placed.filter((p) => !live.some((m) => m.cloud === p.provider && m.id === p.computeId))).toEqual([]);

      // The reaper, run past its grace period (Lambda's age counts from the first run that saw it).
      await reaper.reap();
      await new Promise((resolve) => setTimeout(resolve, RUN_GRACE_MS + 200));
      await reaper.reap();
      const left = clouds
        .machines()
        .filter((m) => m.live && stampOf(m) !== undefined)
        .map((m) => `${m.cloud} ${m.id}`);
      expect(left.sort()).toEqual([...tracked].sort());
      expect(placed.length, 'the run placed something').toBeGreaterThan(SPAWNS / 2);
    } finally {
      await orch.close({ terminate: true }).catch(() => undefined);
      await reaper.close().catch(() => undefined);
      await clouds.close();
    }
  }, 60_000);
}

/**
 * `close({ terminate: true })` while a placed create is in flight (the first cloud holds it 600 ms,
 * then makes the machine): close waits for the spawn, then ends it; nothing is left on any cloud.
 */
function registerCloseMidCreate(select: Select): void {
  describe.concurrent('closing while a placed create is in flight', () => {
    for (const order of ROTATIONS) {
      const name = `${order.join(' > ')}: close({ terminate: true }) during the create on ${order[0]}: no machine left`;
      if (!select(`close: ${name}`)) continue;
      it(name, async () => {
        const clouds = await startClouds();
        const sessionId = randomBytes(8).toString('hex');
        const orch = createOrchestrator({
          providers: order.map((cloud) => clouds.providers[cloud]),
          ownerId: OWNER,
          store: createMemoryStore(),
          ids: () => sessionId,
          reapIntervalMs: 3_600_000,
        });
        try {
          clouds.fakes[order[0]].faults.inject('spawnCompute', { delayMs: 600 });
          const closed = new Promise<void>((resolve) =>
            clouds.onCreate(order[0], () => setTimeout(() => resolve(orch.close({ terminate: true })), 200)),
          );
          const outcome = await settle(() =>
            orch.spawn({ ...REQUEST, placement: { strategy: 'ordered', maxAttempts: 20 } }),
          );
          await closed;
          if (!outcome.ok) expect(isAtlasError(outcome.error), String(outcome.error)).toBe(true);
          const stamped = () => clouds.machines().filter((m) => m.text.includes(sessionId));
          expect(
            stamped()
              .filter((m) => m.live)
              .map((m) => `${m.cloud} ${m.id}`),
          ).toEqual([]);
          expect(clouds.sent.map((s) => s.cloud)).toEqual([order[0]]);
        } finally {
          await orch.close({ terminate: true }).catch(() => undefined);
          await clouds.close();
        }
      });
    }
  });
}
