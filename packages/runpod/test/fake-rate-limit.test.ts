import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunPodFake, startRunPodFake } from '../src/testing/index.js';
import { fakeClient } from './contract/fake-http.js';

describe('RunPod fake: rate limit and latency', () => {
  let fake: RunPodFake;

  beforeAll(async () => {
    fake = await startRunPodFake({ rateLimit: { requestsPerSecond: 2 } });
  });
  afterAll(() => fake.close());

  it('answers 429 problem+json with Retry-After past the token bucket', async () => {
    const api = fakeClient(fake);
    const results = await Promise.all(Array.from({ length: 20 }, () => api('GET', '/v2/pods')));
    const limited = results.filter((r) => r.status === 429);
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThan(0);
    expect(ok.length + limited.length).toBe(results.length);
    for (const r of limited) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.body).toMatchObject({ title: 'Too Many Requests', status: 429 });
      expect(r.headers.get('ratelimit-policy')).toBe('"second";q=2;w=1');
    }
    expect(ok[0]!.headers.get('ratelimit')).toMatch(/^"second";r=\d+;t=1$/);
  });

  it('does not limit without the option', async () => {
    const free = await startRunPodFake({ latencyMs: 5 });
    try {
      const api = fakeClient(free);
      const results = await Promise.all(Array.from({ length: 30 }, () => api('GET', '/v2/pods')));
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(results[0]!.headers.get('ratelimit')).toBeNull();
    } finally {
      await free.close();
    }
  });
});
