import { AtlasError, isAtlasError } from '@atlas/core';
import { defineProvider } from '@atlas/core/provider';
import { describe, expect, it } from 'vitest';
import { createCatalogCache, type PlacementEvent, place, quote } from '../src/index.js';
import { createTestCloud } from './test-cloud.js';

const REQUEST = { gpu: 'h100', image: 'ghcr.io/acme/infer:1' } as const;

async function rejection(promise: Promise<unknown>): Promise<AtlasError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!isAtlasError(error)) throw new Error(`expected an AtlasError, got ${String(error)}`);
  return error;
}

/** Three clouds, cheapest first: alpha $2, beta $3, gamma $4 per H100 hour. */
type Behaviours = Parameters<typeof createTestCloud>[2];

function threeClouds(alpha: Behaviours = [], beta: Behaviours = [], gamma: Behaviours = []) {
  return {
    alpha: createTestCloud('alpha', 2, alpha),
    beta: createTestCloud('beta', 3, beta),
    gamma: createTestCloud('gamma', 4, gamma),
  };
}

const providersOf = (clouds: ReturnType<typeof threeClouds>) => ({
  alpha: clouds.alpha.provider,
  beta: clouds.beta.provider,
  gamma: clouds.gamma.provider,
});

const totalMachines = (clouds: ReturnType<typeof threeClouds>) =>
  clouds.alpha.machines.size + clouds.beta.machines.size + clouds.gamma.machines.size;

describe('quote', () => {
  it('lists offers across providers, cheapest first, priced for the GPU count', async () => {
    const clouds = threeClouds();
    const result = await quote(
      { gpu: 'h100', gpuCount: 2 },
      { providers: providersOf(clouds), cache: createCatalogCache() },
    );
    expect(result.offers.map((offer) => [offer.provider, offer.pricePerHour])).toEqual([
      ['alpha', 4],
      ['beta', 6],
      ['gamma', 8],
    ]);
    expect(result.errors).toEqual([]);
  });

  it('survives a provider that fails: its error beside the others offers', async () => {
    const clouds = threeClouds();
    const broken = defineProvider({
      id: 'broken',
      capabilities: ['gpu_catalog'],
      operations: {
        spawnCompute: async () => {
          throw new Error('unused');
        },
        getCompute: async () => {
          throw new Error('unused');
        },
        listCompute: async () => [],
        terminate: async () => {},
        listGpuTypes: async () => {
          throw new AtlasError({ kind: 'unauthorized', provider: 'broken', status: 401, message: 'bad key' });
        },
      },
    });
    const result = await quote(
      { gpu: 'h100' },
      { providers: [broken, clouds.alpha.provider], cache: createCatalogCache() },
    );
    expect(result.offers.map((offer) => offer.provider)).toEqual(['alpha']);
    expect(result.errors.map((e) => [e.provider, e.error.kind])).toEqual([['broken', 'unauthorized']]);
  });

  it('reuses catalog reads within the TTL and reads again after it', async () => {
    let now = 0;
    const cache = createCatalogCache(() => now);
    const clouds = threeClouds();
    await quote({ gpu: 'h100' }, { providers: providersOf(clouds), cache, cacheTtlMs: 1000 });
    await quote({ gpu: 'h100' }, { providers: providersOf(clouds), cache, cacheTtlMs: 1000 });
    expect(clouds.alpha.catalogReads).toBe(1);
    now = 1500;
    await quote({ gpu: 'h100' }, { providers: providersOf(clouds), cache, cacheTtlMs: 1000 });
    expect(clouds.alpha.catalogReads).toBe(2);
  });

  it('refuses a request that asks for neither GPUs nor a CPU machine', async () => {
    const error = await rejection(quote({}, { providers: [] }));
    expect(error.kind).toBe('validation');
  });
});

describe('place', () => {
  it('lands on the third offer when the two cheapest are out of capacity, and says why it moved on', async () => {
    const clouds = threeClouds(['capacity'], ['capacity']);
    const events: PlacementEvent[] = [];
    const placement = await place(REQUEST, {
      providers: providersOf(clouds),
      cache: createCatalogCache(),
      onEvent: (event) => events.push(event),
    });
    expect(placement.compute.provider).toBe('gamma');
    expect(placement.attempts.map((a) => [a.offer.provider, a.outcome, a.errorKind])).toEqual([
      ['alpha', 'capacity', 'capacity'],
      ['beta', 'capacity', 'capacity'],
      ['gamma', 'placed', undefined],
    ]);
    expect(events).toHaveLength(3);
    expect(totalMachines(clouds)).toBe(1);
  });

  it('never fails over after an ambiguous create: the error says a machine may exist, and only one does', async () => {
    for (const ambiguous of ['timeout', 'possibly_created'] as const) {
      const clouds = threeClouds([ambiguous]);
      const error = await rejection(place(REQUEST, { providers: providersOf(clouds), cache: createCatalogCache() }));
      expect(clouds.beta.creates + clouds.gamma.creates).toBe(0);
      expect(totalMachines(clouds)).toBe(1);
      expect((error.details?.attempts as { outcome: string }[] | undefined)?.map((a) => a.outcome)).toEqual([
        'ambiguous',
      ]);
    }
  });

  it('stops on a wrong request instead of trying every cloud with it', async () => {
    const clouds = threeClouds(['invalid']);
    const error = await rejection(place(REQUEST, { providers: providersOf(clouds), cache: createCatalogCache() }));
    expect(error.kind).toBe('validation');
    expect(clouds.beta.creates).toBe(0);
  });

  it('skips a rate-limited or failing provider and moves on', async () => {
    const clouds = threeClouds(['rate_limited'], ['down']);
    const placement = await place(REQUEST, { providers: providersOf(clouds), cache: createCatalogCache() });
    expect(placement.attempts.map((a) => a.outcome)).toEqual(['rate_limited', 'provider_down', 'placed']);
  });

  it('never rents above maxPricePerHour', async () => {
    const clouds = threeClouds(['capacity']);
    const error = await rejection(
      place(REQUEST, { providers: providersOf(clouds), cache: createCatalogCache(), maxPricePerHour: 2.5 }),
    );
    expect(error.kind).toBe('capacity');
    expect(clouds.beta.creates + clouds.gamma.creates).toBe(0);
  });

  it('terminates a machine billed above its quote (the price changed) and tries the next offer', async () => {
    const clouds = threeClouds([{ billAt: 9 }]);
    const events: PlacementEvent[] = [];
    const placement = await place(REQUEST, {
      providers: providersOf(clouds),
      cache: createCatalogCache(),
      priceTolerance: 0.1,
      onEvent: (event) => events.push(event),
    });
    expect(placement.compute.provider).toBe('beta');
    expect(events[0]?.attempt.outcome).toBe('price_guard');
    expect(events[0]?.attempt.message).toContain('$9/h where $2/h was quoted');
    expect(clouds.alpha.machines.size).toBe(0);
  });

  it('stops when a machine billed above its quote cannot be terminated: never a second machine', async () => {
    const clouds = threeClouds([{ billAt: 9, terminateFails: true }]);
    const error = await rejection(place(REQUEST, { providers: providersOf(clouds), cache: createCatalogCache() }));
    expect(error.details).toMatchObject({ possiblyCreated: true, computeId: 'alpha-1' });
    expect(error.details?.attempts).toEqual([expect.objectContaining({ provider: 'alpha', outcome: 'price_guard' })]);
    expect(clouds.beta.creates + clouds.gamma.creates).toBe(0);
    expect(clouds.alpha.machines.size).toBe(1);
  });

  it('follows the providers order with the ordered strategy', async () => {
    const clouds = threeClouds();
    const placement = await place(REQUEST, {
      providers: [clouds.gamma.provider, clouds.alpha.provider],
      strategy: 'ordered',
      cache: createCatalogCache(),
    });
    expect(placement.compute.provider).toBe('gamma');
  });

  it('re-quotes until capacity appears when retryForMs allows (retry until up)', async () => {
    const clouds = threeClouds(['capacity'], ['capacity'], ['capacity']);
    const placement = await place(REQUEST, {
      providers: providersOf(clouds),
      cache: createCatalogCache(),
      retryForMs: 5_000,
      maxAttempts: 10,
    });
    expect(placement.compute.provider).toBe('alpha');
    expect(placement.attempts.map((a) => a.outcome)).toEqual(['capacity', 'capacity', 'capacity', 'placed']);
  });

  it('gives up with capacity, listing what was tried, when nothing has stock', async () => {
    const clouds = threeClouds(['capacity'], ['capacity'], ['capacity']);
    const error = await rejection(place(REQUEST, { providers: providersOf(clouds), cache: createCatalogCache() }));
    expect(error.kind).toBe('capacity');
    expect(error.message).toContain('alpha H100 $2/h: capacity');
    expect(error.details?.attempts).toHaveLength(3);
  });
});

describe('place on the mock', () => {
  it('asks for the exact model it priced, so the first offer lands at its quoted price', async () => {
    const { createMock } = await import('@atlas/mock');
    const mock = createMock({ provisioningMs: 0 });
    const placement = await place(REQUEST, { providers: [mock], cache: createCatalogCache() });
    expect(placement.attempts.map((a) => a.outcome)).toEqual(['placed']);
    expect(placement.compute.costPerHour).toBe(placement.offer.pricePerHour);
    expect(placement.compute.gpuType).toBe('h100_pcie');
  });
});
