import type { Provider } from '@atlas/core';
import { createLambdaLabs } from '@atlas/lambda-labs';
import { type LambdaFake, startLambdaFake } from '@atlas/lambda-labs/testing';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { NO_CAPACITY } from '@atlas/test-kit';
import { createVast } from '@atlas/vast';
import { startVastFake, type VastFake } from '@atlas/vast/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCatalogCache, place, quote } from '../src/index.js';

// Placement end to end over loopback: the real RunPod, Lambda Labs and Vast.ai providers against
// their stateful fakes, with capacity taken away on the server side.

let runpodFake: RunPodFake;
let lambdaFake: LambdaFake;
let vastFake: VastFake;
let providers: Record<string, Provider>;

const fakeOf = (id: string) => ({ runpod: runpodFake, 'lambda-labs': lambdaFake, vast: vastFake })[id as 'runpod']!;

async function machinesOn(id: string): Promise<number> {
  return (await providers[id]!.listCompute({})).filter((c) => c.status !== 'terminated').length;
}

beforeAll(async () => {
  [runpodFake, lambdaFake, vastFake] = await Promise.all([startRunPodFake(), startLambdaFake(), startVastFake()]);
  providers = {
    runpod: createRunPod({ apiKey: runpodFake.apiKey, baseUrl: runpodFake.url }),
    'lambda-labs': createLambdaLabs({ apiKey: lambdaFake.apiKey, baseUrl: lambdaFake.url, launchIntervalMs: 0 }),
    vast: createVast({ apiKey: vastFake.apiKey, baseUrl: vastFake.url }),
  };
});
afterAll(() => Promise.all([runpodFake.close(), lambdaFake.close(), vastFake.close()]));
beforeEach(async () => {
  runpodFake.reset();
  await lambdaFake.reset?.();
  await vastFake.reset?.();
});

/** The providers in the order of their cheapest H100 offer. */
async function cheapestFirst(): Promise<string[]> {
  const { offers, errors } = await quote({ gpu: 'h100' }, { providers, cache: createCatalogCache() });
  expect(errors).toEqual([]);
  return [...new Set(offers.map((offer) => offer.provider))];
}

describe('placement over the RunPod, Lambda Labs and Vast.ai fakes', () => {
  it('quotes all three clouds', async () => {
    expect(new Set(await cheapestFirst())).toEqual(new Set(['runpod', 'lambda-labs', 'vast']));
  });

  it('lands on the third cloud when the two cheapest are out of capacity, and the history says why', async () => {
    const [first, second, third] = await cheapestFirst();
    for (const id of [first!, second!])
      fakeOf(id).faults.inject('spawnCompute', { ...NO_CAPACITY[id as 'runpod'], times: 50 });
    const placement = await place(
      { gpu: 'h100', image: 'ghcr.io/acme/infer:1' },
      { providers, cache: createCatalogCache(), maxAttempts: 20 },
    );
    expect(placement.compute.provider).toBe(third);
    const byProvider = placement.attempts.map((a) => [a.offer.provider, a.outcome]);
    expect(byProvider.filter(([p]) => p === first).every(([, o]) => o === 'capacity')).toBe(true);
    expect(byProvider.filter(([p]) => p === second).every(([, o]) => o === 'capacity')).toBe(true);
    expect(byProvider.at(-1)).toEqual([third, 'placed']);
    expect(await machinesOn(first!)).toBe(0);
    expect(await machinesOn(second!)).toBe(0);
  });

  it('fails closed when the first create commits after the client gave up: never a second machine', async () => {
    const [first] = await cheapestFirst();
    fakeOf(first!).faults.inject('spawnCompute', { delayMs: 1_500, commitAfterMs: 1_500 });
    const error = await place(
      { gpu: 'h100', image: 'ghcr.io/acme/infer:1' },
      { providers, cache: createCatalogCache(), context: { timeoutMs: 800 } },
    ).then(
      () => expect.fail('placement should fail closed'),
      (e: { details?: { possiblyCreated?: boolean; attempts?: { outcome: string }[] } }) => e,
    );
    expect(error.details?.possiblyCreated).toBe(true);
    expect(error.details?.attempts?.map((a) => a.outcome)).toEqual(['ambiguous']);
    // The late create lands; nothing else was created anywhere.
    await expect.poll(() => machinesOn(first!), { timeout: 10_000 }).toBe(1);
    const others = Object.keys(providers).filter((id) => id !== first);
    for (const id of others) expect(await machinesOn(id)).toBe(0);
  }, 30_000);
});
