import type { AtlasError } from '@atlas/core';
import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVast } from '../src/index.js';
import { waitForSlot } from '../src/rate-limiter.js';
import { startVastFake } from '../src/testing/index.js';

nock.enableNetConnect('127.0.0.1');

describe('the client-side limiter (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('releases a burst on one key one interval apart, in call order; another key does not wait', async () => {
    vi.useFakeTimers();
    const released: string[] = [];
    const wait = (key: string, name: string) => waitForSlot(key, 1000, undefined).then(() => released.push(name));
    const all = Promise.all([wait('k|list', 'a'), wait('k|list', 'b'), wait('k|list', 'c'), wait('k|show', 'x')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(released).toEqual(['a', 'x']);
    await vi.advanceTimersByTimeAsync(999);
    expect(released).toEqual(['a', 'x']);
    await vi.advanceTimersByTimeAsync(1);
    expect(released).toEqual(['a', 'x', 'b']);
    await vi.advanceTimersByTimeAsync(1000);
    await all;
    expect(released).toEqual(['a', 'x', 'b', 'c']);
  });

  it('an abort while queued rejects at once, as a non-retryable transport error', async () => {
    vi.useFakeTimers();
    await waitForSlot('k2|list', 1000, undefined);
    const controller = new AbortController();
    const queued = waitForSlot('k2|list', 1000, controller.signal).then(
      () => undefined,
      (error: unknown) => error as AtlasError,
    );
    controller.abort();
    const error = await queued;
    expect(error?.kind).toBe('transport');
    expect(error?.retryable).toBe(false);
  });
});

describe('against the fake', () => {
  it("the provider queues its calls per endpoint: a second list waits for the first's slot, and an abort frees it", async () => {
    const fake = await startVastFake();
    try {
      let sent = 0;
      const counting: typeof fetch = (input, init) => {
        sent += 1;
        return fetch(input, init);
      };
      const provider = createVast({
        apiKey: fake.apiKey,
        baseUrl: fake.url,
        fetch: counting,
        minIntervalMs: { list: 60_000 },
        retry: { limit: 0 },
      });
      const controller = new AbortController();
      const first = provider.listCompute();
      const second = provider.listCompute({}, { signal: controller.signal });
      expect(await first).toEqual([]);
      // Another endpoint has its own slot.
      await provider.getCompute('1').catch(() => undefined);
      expect(sent).toBe(2);
      controller.abort();
      const error = await second.then(
        () => undefined,
        (e: unknown) => e as AtlasError,
      );
      expect(error?.kind).toBe('transport');
      expect(sent).toBe(2);
    } finally {
      await fake.close();
    }
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
