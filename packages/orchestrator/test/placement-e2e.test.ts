import type { Provider } from '@atlas/core';
import { createLambdaLabs } from '@atlas/lambda-labs';
import { type LambdaFake, startLambdaFake } from '@atlas/lambda-labs/testing';
import { createCatalogCache, quote } from '@atlas/placement';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { type CloudWithFake, NO_CAPACITY } from '@atlas/test-kit';
import { createVast } from '@atlas/vast';
import { startVastFake, type VastFake } from '@atlas/vast/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createOrchestrator,
  type Orchestrator,
  type OrchestratorOptions,
  type SessionStore,
} from '../src/index.js';

// End to end over loopback and in real time: one orchestrator over the real RunPod, Lambda Labs and
// Vast.ai providers, each against its stateful fake (the setup of @atlas/placement's three-fakes test).

let runpodFake: RunPodFake;
let lambdaFake: LambdaFake;
let vastFake: VastFake;
let providers: Record<CloudWithFake, Provider>;
const fakeOf = (id: CloudWithFake) => ({ runpod: runpodFake, 'lambda-labs': lambdaFake, vast: vastFake })[id];

beforeAll(async () => {
  [runpodFake, lambdaFake, vastFake] = await Promise.all([
    startRunPodFake({ provisioningMs: 20, startingMs: 20 }),
    startLambdaFake(),
    startVastFake(),
  ]);
});
afterAll(() => Promise.all([runpodFake.close(), lambdaFake.close(), vastFake.close()]));
beforeEach(async () => {
  runpodFake.reset();
  await lambdaFake.reset?.();
  await vastFake.reset?.();
  // New instances after the reset: a provider remembers what it set up on its cloud (Lambda's SSH key).
  providers = {
    runpod: createRunPod({ apiKey: runpodFake.apiKey, baseUrl: runpodFake.url, runtimeBaseUrl: runpodFake.runtimeUrl }),
    'lambda-labs': createLambdaLabs({ apiKey: lambdaFake.apiKey, baseUrl: lambdaFake.url, launchIntervalMs: 0 }),
    vast: createVast({ apiKey: vastFake.apiKey, baseUrl: vastFake.url }),
  };
});

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const orch of open.splice(0)) await orch.close({ terminate: true });
});

function orchestrator(store: SessionStore, extra: Partial<OrchestratorOptions> = {}): Orchestrator {
  const orch = createOrchestrator({
    providers: [providers.runpod, providers['lambda-labs'], providers.vast],
    ownerId: 'e2e',
    store,
    pollIntervalMs: 50,
    // Reaps only when a test asks: the grace period is off, so nothing may reap behind its back.
    reapIntervalMs: 3_600_000,
    graceMs: 0,
    ...extra,
  });
  open.push(orch);
  return orch;
}

async function machinesOn(id: CloudWithFake): Promise<string[]> {
  return (await providers[id].listCompute({})).filter((c) => c.status !== 'terminated').map((c) => c.id);
}

/** The three clouds in the order of their cheapest H100 offer. */
async function cheapestFirst(): Promise<CloudWithFake[]> {
  const { offers, errors } = await quote({ gpu: 'h100' }, { providers, cache: createCatalogCache() });
  expect(errors).toEqual([]);
  return [...new Set(offers.map((offer) => offer.provider as CloudWithFake))];
}

const REQUEST = { gpu: 'h100', image: 'ghcr.io/acme/infer:1' } as const;

describe('a placed orchestrator over the RunPod, Lambda Labs and Vast.ai fakes', () => {
  it('lands on the third cloud when the two cheapest are out of capacity, and the session says why', async () => {
    const [first, second, third] = await cheapestFirst();
    for (const id of [first!, second!]) fakeOf(id).faults.inject('spawnCompute', { ...NO_CAPACITY[id], times: 50 });
    const orch = orchestrator(createMemoryStore());
    const attempts: string[] = [];
    orch.on('placement_attempt', (event) => attempts.push(`${event.attempt.provider}:${event.attempt.outcome}`));

    const { session, compute } = await orch.spawn({ ...REQUEST, placement: { maxAttempts: 20 } });

    expect(session.provider).toBe(third);
    expect(compute.provider).toBe(third);
    expect(session.placement?.offer.provider).toBe(third);
    const tried = session.placement!.attempts;
    expect(tried.at(-1)).toMatchObject({ provider: third, outcome: 'placed' });
    for (const attempt of tried.slice(0, -1)) {
      expect([first, second]).toContain(attempt.provider);
      expect(attempt).toMatchObject({ outcome: 'capacity', errorKind: 'capacity' });
    }
    expect(new Set(tried.slice(0, -1).map((a) => a.provider))).toEqual(new Set([first, second]));
    expect(attempts).toEqual(tried.map((a) => `${a.provider}:${a.outcome}`));
    expect(await machinesOn(first!)).toEqual([]);
    expect(await machinesOn(second!)).toEqual([]);
    expect(await machinesOn(third!)).toEqual([compute.id]);

    await orch.release(session.id);
    expect(await machinesOn(third!)).toEqual([]);
  });

  it('a second orchestrator on the same store re-adopts sessions on two different clouds', async () => {
    const store = createMemoryStore();
    const first = orchestrator(store, { instanceId: 'e2e/one' });
    const onRunpod = await first.spawn({ ...REQUEST, provider: 'runpod' });
    const onVast = await first.spawn({ ...REQUEST, provider: 'vast' });
    await first.close(); // down without terminating: the machines stay, the sessions stay stored

    const second = orchestrator(store, { instanceId: 'e2e/two' });
    expect(await second.ready()).toEqual({ adopted: 2 });
    const adopted = await second.list();
    expect(adopted.map((s) => [s.id, s.provider, s.holder]).sort()).toEqual(
      [
        [onRunpod.session.id, 'runpod', 'e2e/two'],
        [onVast.session.id, 'vast', 'e2e/two'],
      ].sort(),
    );
    // Watched on their own clouds: ready there, and released there.
    await second.waitReady(onVast.session.id, { intervalMs: 20, timeoutMs: 10_000 });
    await second.release(onRunpod.session.id);
    await second.release(onVast.session.id);
    expect(await machinesOn('runpod')).toEqual([]);
    expect(await machinesOn('vast')).toEqual([]);
  });

  it('the reaper terminates an owner-stamped orphan on the last cloud and leaves live sessions alone', async () => {
    const orch = orchestrator(createMemoryStore());
    const live = await orch.spawn({ ...REQUEST, provider: 'vast' });
    const orphan = await providers.vast.spawnCompute({
      ...REQUEST,
      gpuCount: 1,
      name: 'atlas-e2e-0rphan0000000000',
      ports: [],
      env: {},
      auth: 'none',
    });
    const result = await orch.reap();
    expect(result.terminated).toEqual([orphan.id]);
    expect(await machinesOn('vast')).toEqual([live.compute.id]);
  });

  it('an owner past its budget is refused before placement asks any cloud: no quote, no create', async () => {
    const store = createMemoryStore();
    // What the owner's sessions cost earlier, as the store keeps it (on any of its clouds).
    await store.addSpend({ ownerId: 'e2e', sessionId: 'earlier', provider: 'vast', usd: 25, from: 0, to: 1 });
    const calls: string[] = [];
    const orch = orchestrator(store, {
      budget: { perOwnerUsd: 25 },
      context: { hooks: { onCallStart: (event) => void calls.push(event.operation) } },
    });
    const ids: CloudWithFake[] = ['runpod', 'lambda-labs', 'vast'];
    const creates = () => ids.map((id) => fakeOf(id).faults.count('spawnCompute'));
    const before = creates();
    await expect(orch.spawn({ ...REQUEST, placement: {} })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'budget_exceeded',
      details: { scope: 'owner', spentUsd: 25, limitUsd: 25 },
    });
    expect(calls).toEqual([]);
    expect(creates()).toEqual(before);
    for (const id of ids) expect(await machinesOn(id)).toEqual([]);
    expect(await orch.list()).toEqual([]);
  });

  it('stop keeps the session while the machine is stopped on the cloud', async () => {
    let lists = 0;
    const orch = orchestrator(createMemoryStore(), {
      context: { hooks: { onCallStart: (event) => void (event.operation === 'listCompute' && lists++) } },
    });
    const { session, compute } = await orch.spawn({ ...REQUEST, provider: 'runpod' });
    await orch.waitReady(session.id, { intervalMs: 20, timeoutMs: 10_000 });
    await orch.stop(session.id);
    await expect.poll(() => runpodFake.pods.status(compute.id), { timeout: 5_000 }).toBe('EXITED');
    // Three polls later the session is still there, stopped (the default onStopped is 'end').
    const seen = lists;
    await expect.poll(() => lists, { timeout: 5_000 }).toBeGreaterThanOrEqual(seen + 3);
    expect(await orch.get(session.id)).toMatchObject({ state: 'active', status: 'stopped' });
    // Lambda Labs instances cannot be stopped: the session stays as it was.
    const onLambda = await orch.spawn({ ...REQUEST, provider: 'lambda-labs' });
    await expect(orch.stop(onLambda.session.id)).rejects.toMatchObject({ kind: 'unsupported' });
    expect(await orch.get(onLambda.session.id)).toMatchObject({ state: 'active', stoppedByOrchestrator: false });
  });
});
