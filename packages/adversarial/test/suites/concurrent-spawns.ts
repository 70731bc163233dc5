import { type Compute, isAtlasError } from '@atlas/core';
import type { Fault } from '@atlas/core/testing';
import { expect, it } from 'vitest';
import type { Select } from '../helpers/pending.js';
import { prng } from '../helpers/prng.js';
import { settle, startRunPodRig } from '../helpers/runpod.js';

/**
 * 200 spawns, 10 at a time, under seeded random faults (5xx before and after the create, dropped
 * sockets, timeouts, creates that commit after the client gave up, refusals with Retry-After).
 * Every machine the fake created must be accounted for: reported by a successful spawn, or
 * announced by an error with `details.possiblyCreated`. An unannounced machine is a GPU someone
 * pays for and nobody knows about.
 */

const SEED = 20_261_202;
const SPAWNS = 200;
/** The fault-free control: proves the counting, so a pass under faults means something. */
const CONTROL_SPAWNS = 50;
const CONCURRENCY = 10;
const CLIENT_TIMEOUT_MS = 800;
const COMMIT_AFTER_MS = 1_500;

/** Cumulative weights: what the server does to the next create. */
const FAULTS: readonly [number, string, Fault | undefined][] = [
  [0.55, 'none', undefined],
  [0.65, '500 before the create', { status: 500 }],
  [0.73, '500 after the create', { status: 500, afterCreate: true }],
  [0.81, 'reset after the create', { resetConnection: true, afterCreate: true }],
  [0.86, 'reset before the create', { resetConnection: true }],
  [0.92, 'commit after the client gave up', { commitAfterMs: COMMIT_AFTER_MS } as Fault],
  [0.96, '503 with Retry-After', { status: 503, retryAfterSeconds: 1 }],
  [1.0, 'timeout, no create', { delayMs: 3 * CLIENT_TIMEOUT_MS, status: 500 }],
];

interface Tally {
  readonly spawns: number;
  readonly faults: Record<string, number>;
  readonly created: number;
  readonly reported: number;
  /** Successes whose id is a machine on the fake. */
  readonly reportedOnFake: number;
  readonly hinted: number;
  readonly hintedCreated: number;
  readonly failedWithoutHint: number;
  readonly duplicates: number;
  readonly unannounced: number;
  readonly bareErrors: number;
}

/** Runs `spawns` creates, `CONCURRENCY` at a time, each preceded by a fault drawn from `random` (none without it). */
async function spawnUnderFaults(spawns: number, random?: () => number): Promise<Tally> {
  // Without faults, a timeout no loaded machine reaches: the control must not meet ambiguity by accident.
  const timeoutMs = random === undefined ? 10_000 : CLIENT_TIMEOUT_MS;
  const rig = await startRunPodRig({}, { timeoutMs, retry: { limit: 2, backoffMs: 20, maxDelayMs: 200 } });
  try {
    const outcomes: { name: string; ok: boolean; id?: string; possiblyCreated?: boolean; bare?: string }[] = [];
    const injected = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < spawns) {
        const i = next++;
        const roll = random?.() ?? 0;
        const [, label, fault] = FAULTS.find(([upTo]) => roll < upTo) ?? FAULTS[0]!;
        injected.set(label, (injected.get(label) ?? 0) + 1);
        if (fault !== undefined) rig.fake.faults.inject('spawnCompute', fault);
        const name = `adv-${i}`;
        const outcome = await settle(() => rig.provider.spawnCompute({ gpu: 'h100', image: 'x/y:1', name }));
        if (outcome.ok) {
          outcomes.push({ name, ok: true, id: (outcome.value as Compute).id });
        } else if (isAtlasError(outcome.error)) {
          outcomes.push({ name, ok: false, possiblyCreated: outcome.error.details?.possiblyCreated === true });
        } else {
          outcomes.push({ name, ok: false, bare: String(outcome.error) });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // Late commits land COMMIT_AFTER_MS after their request arrived; wait them out before counting.
    if (random !== undefined) await new Promise((resolve) => setTimeout(resolve, COMMIT_AFTER_MS + 500));

    const pods = rig.fake.pods.list();
    const byName = new Map(outcomes.map((outcome) => [outcome.name, outcome]));
    const podsPerSpawn = new Map<string, number>();
    let unannounced = 0;
    let reportedOnFake = 0;
    let hintedCreated = 0;
    for (const pod of pods) {
      const name = /adv-\d+/.exec(pod.name ?? '')?.[0] ?? '';
      podsPerSpawn.set(name, (podsPerSpawn.get(name) ?? 0) + 1);
      const outcome = byName.get(name);
      if (outcome?.ok === true && outcome.id === pod.id) reportedOnFake++;
      else if (outcome?.ok === false && outcome.possiblyCreated === true) hintedCreated++;
      else unannounced++;
    }
    const hinted = outcomes.filter((o) => o.possiblyCreated === true).length;
    return {
      spawns: outcomes.length,
      faults: Object.fromEntries(injected),
      created: pods.length,
      reported: outcomes.filter((o) => o.ok).length,
      reportedOnFake,
      hinted,
      hintedCreated,
      failedWithoutHint: outcomes.filter((o) => !o.ok && o.possiblyCreated !== true).length,
      duplicates: [...podsPerSpawn.values()].filter((n) => n > 1).length,
      unannounced,
      bareErrors: outcomes.filter((o) => o.bare !== undefined).length,
    };
  } finally {
    await rig.close();
  }
}

/** Every machine is either reported by a success (once) or announced by a possiblyCreated error. */
function expectAccounted(tally: Tally, spawns: number): void {
  expect(tally.spawns).toBe(spawns);
  expect(tally.bareErrors).toBe(0);
  expect(tally.reportedOnFake).toBe(tally.reported);
  expect(tally.duplicates).toBe(0);
  expect(tally.unannounced).toBe(0);
  expect(tally.created).toBe(tally.reported + tally.hintedCreated);
}

/** Registers the runs `select` picks (keys: `control`, `run`). */
export function registerConcurrentSpawns(select: Select): void {
  if (select('control')) {
    it(`control: ${CONTROL_SPAWNS} spawns, ${CONCURRENCY} at a time, no faults: every one reported, one machine each`, async () => {
      const tally = await spawnUnderFaults(CONTROL_SPAWNS);
      expectAccounted(tally, CONTROL_SPAWNS);
      expect(tally.reported).toBe(CONTROL_SPAWNS);
    }, 60_000);
  }
  if (select('run')) {
    it(`${SPAWNS} spawns, ${CONCURRENCY} at a time, under random faults: no unannounced machine`, async ({ task }) => {
      const tally = await spawnUnderFaults(SPAWNS, prng(SEED));
      const figures = {
        seed: SEED,
        concurrency: CONCURRENCY,
        ...tally,
        hintedNotCreated: tally.hinted - tally.hintedCreated,
      };
      (task.meta as { figures?: unknown }).figures = figures;
      console.log(`concurrent spawns: ${JSON.stringify(figures)}`);
      expectAccounted(tally, SPAWNS);
    }, 60_000);
  }
}
