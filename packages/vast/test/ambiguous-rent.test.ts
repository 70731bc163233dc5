import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVast } from '../src/index.js';
import { startVastFake, type VastFake } from '../src/testing/index.js';
import { rejection } from './helpers.js';

nock.enableNetConnect('127.0.0.1');

let fake: VastFake;
beforeAll(async () => {
  fake = await startVastFake({ provisioningMs: 1 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const provider = () =>
  createVast({ apiKey: fake.apiKey, baseUrl: fake.url, minIntervalMs: 0, retry: { limit: 3, backoffMs: 1 } });

describe('a rent whose outcome is unknown is sent once (against the fake)', () => {
  it('a 500 after the rent landed: the instance is adopted by its marker, and there is exactly one', async () => {
    fake.faults.inject('spawnCompute', { status: 500, body: { error: 'boom' }, afterCreate: true });
    const compute = await provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', name: 'adopt-me' });
    expect(compute.name).toBe('adopt-me');
    expect(fake.faults.count('spawnCompute')).toBe(1);
    expect(fake.instances.count()).toBe(1);
  });

  it('a rent that commits after the client gave up fails closed, and what it names is found afterwards', async () => {
    fake.faults.inject('spawnCompute', { commitAfterMs: 1500 });
    // Only the rent gives up early (the search and the lookup keep the default timeout).
    const impatientRent: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      const rent = request.method === 'PUT' && new URL(request.url).pathname.startsWith('/api/v0/asks/');
      return fetch(rent ? new Request(request, { signal: AbortSignal.timeout(100) }) : request);
    };
    const error = await rejection(() =>
      provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', name: 'slow-commit' }, { fetch: impatientRent }),
    );
    expect(['timeout', 'transport']).toContain(error.kind);
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ possiblyCreated: true, lookFor: { name: 'slow-commit' } });
    expect(fake.faults.count('spawnCompute')).toBe(1);
    // The rent lands later: exactly one instance, found by the name the error gave.
    let found: unknown[] = [];
    for (let i = 0; i < 200 && found.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      found = await provider().listCompute({ name: 'slow-commit' });
    }
    expect(found).toHaveLength(1);
  });

  it('a 5xx whose text reads like a stock-out is still ambiguous: no failover to the next offer', async () => {
    fake.faults.inject('spawnCompute', {
      status: 503,
      body: { success: false, msg: 'no machines available right now' },
      afterCreate: true,
    });
    const compute = await provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', name: 'one-only' });
    expect(compute.name).toBe('one-only');
    expect(fake.faults.count('spawnCompute')).toBe(1);
    expect(fake.instances.count()).toBe(1);
  });
});
