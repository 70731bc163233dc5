import type { AtlasError } from '@atlas/core';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVast } from '../src/index.js';
import { startVastFake, type VastFake } from '../src/testing/index.js';

nock.enableNetConnect('127.0.0.1');

let fake: VastFake;
beforeAll(async () => {
  fake = await startVastFake({ minIntervalMs: { list: 30 } });
});
afterAll(() => fake.close());

function statuses() {
  const seen: number[] = [];
  const fetchAndRecord: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    seen.push(response.status);
    return response;
  };
  return { seen, fetch: fetchAndRecord };
}

describe('the client-side limiter', () => {
  it('queues a burst so the server never refuses it', async () => {
    fake.reset();
    const { seen, fetch } = statuses();
    // Well above the server's interval: network jitter on a loaded machine must not turn a queued call into a 429.
    const provider = createVast({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      fetch,
      minIntervalMs: { list: 200 },
      retry: { limit: 0 },
    });
    const results = await Promise.all([provider.listCompute(), provider.listCompute(), provider.listCompute()]);
    expect(results).toEqual([[], [], []]);
    expect(seen).toEqual([200, 200, 200]);
  });

  it('without it, a burst meets the server refusal: rate_limited, with a wait to honour', async () => {
    const strict = await startVastFake({ minIntervalMs: { list: 60_000 } });
    try {
      const provider = createVast({
        apiKey: strict.apiKey,
        baseUrl: strict.url,
        minIntervalMs: 0,
        retry: { limit: 0 },
      });
      const outcomes = await Promise.allSettled([provider.listCompute(), provider.listCompute()]);
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as AtlasError] : []));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(refused.map((e) => e.kind)).toEqual(['rate_limited']);
      expect(refused[0]?.retryAfterMs).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });
});
