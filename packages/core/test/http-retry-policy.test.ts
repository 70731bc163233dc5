import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/http/backoff.js';
import type { HttpMethod } from '../src/http/client.js';
import {
  type AttemptOutcome,
  DEFAULT_RETRY,
  decideRetry,
  isRepeatable,
  isRetryableOutcome,
  resolveRetryOptions,
} from '../src/http/retry-policy.js';
import { sleep } from '../src/http/sleep.js';

const status = (code: number, retryAfterMs?: number): AttemptOutcome => ({
  type: 'status',
  status: code,
  retryAfterMs,
});
const TIMEOUT: AttemptOutcome = { type: 'timeout' };
const TRANSPORT: AttemptOutcome = { type: 'transport' };
const fresh = { retriesDone: 0, waitedMs: 0 };

describe('which requests repeat', () => {
  it('GET, HEAD, PUT, DELETE and idempotent POSTs are repeatable; creates are not', () => {
    const methods: HttpMethod[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'POST', 'PATCH'];
    expect(methods.map((m) => isRepeatable(m, undefined))).toEqual([true, true, true, true, false, false]);
    expect(isRepeatable('POST', true)).toBe(true);
    expect(isRepeatable('POST', false)).toBe(false);
  });

  it('a GET marked idempotent: false (a poll that drains a buffer) is treated like a create', () => {
    expect(isRepeatable('GET', false)).toBe(false);
    expect(
      decideRetry(
        { type: 'status', status: 500, retryAfterMs: undefined },
        isRepeatable('GET', false),
        fresh,
        DEFAULT_RETRY,
      ).retry,
    ).toBe(false);
    expect(decideRetry({ type: 'timeout' }, isRepeatable('GET', false), fresh, DEFAULT_RETRY).retry).toBe(false);
    expect(
      decideRetry({ type: 'status', status: 429, retryAfterMs: 10 }, isRepeatable('GET', false), fresh, DEFAULT_RETRY)
        .retry,
    ).toBe(true);
  });
});

describe('which outcomes retry', () => {
  const table: Array<[string, AttemptOutcome, boolean, boolean]> = [
    // name, outcome, repeatable request retries?, create retries?
    ['408', status(408), true, false],
    ['429', status(429), true, true],
    ['429 with Retry-After', status(429, 1000), true, true],
    ['500', status(500), true, false],
    ['502', status(502), true, false],
    ['503', status(503), true, false],
    ['503 with Retry-After', status(503, 1000), true, true],
    ['504', status(504), true, false],
    ['500 with Retry-After', status(500, 1000), true, false],
    ['400', status(400), false, false],
    ['401', status(401), false, false],
    ['404', status(404), false, false],
    ['409', status(409), false, false],
    ['timeout', TIMEOUT, true, false],
    ['transport', TRANSPORT, true, false],
  ];
  for (const [name, outcome, repeatable, create] of table) {
    it(`${name}: repeatable ${repeatable}, create ${create}`, () => {
      expect(isRetryableOutcome(outcome, true)).toBe(repeatable);
      expect(isRetryableOutcome(outcome, false)).toBe(create);
    });
  }
});

describe('decideRetry', () => {
  const options = resolveRetryOptions({ limit: 2, budgetMs: 1000, backoffMs: 100, maxDelayMs: 10_000 });

  it('uses Retry-After as the delay, without jitter', () => {
    expect(decideRetry(status(429, 300), false, fresh, options, () => 0.9)).toEqual({ retry: true, delayMs: 300 });
  });

  it('backs off otherwise', () => {
    const decision = decideRetry(status(503), true, fresh, options, () => 0);
    expect(decision).toEqual({ retry: true, delayMs: 50 });
  });

  it('stops at the limit', () => {
    expect(decideRetry(status(503), true, { retriesDone: 2, waitedMs: 0 }, options)).toEqual({ retry: false });
  });

  it('stops when the wait would pass the budget', () => {
    expect(decideRetry(status(429, 1001), true, fresh, options)).toEqual({ retry: false });
    expect(decideRetry(status(429, 400), true, { retriesDone: 1, waitedMs: 700 }, options)).toEqual({ retry: false });
    expect(decideRetry(status(429, 300), true, { retriesDone: 1, waitedMs: 700 }, options)).toEqual({
      retry: true,
      delayMs: 300,
    });
  });

  it('never retries a create after a timeout, a reset or a 500, whatever the budget', () => {
    const generous = resolveRetryOptions({ limit: 100, budgetMs: 1e9 });
    for (const outcome of [TIMEOUT, TRANSPORT, status(500), status(502), status(503)]) {
      expect(decideRetry(outcome, false, fresh, generous)).toEqual({ retry: false });
    }
  });
});

describe('options and backoff', () => {
  it('fills defaults and clamps nonsense', () => {
    expect(resolveRetryOptions(undefined)).toEqual({ limit: 2, budgetMs: 30_000, backoffMs: 250, maxDelayMs: 10_000 });
    expect(resolveRetryOptions({ limit: -3, backoffMs: Number.NaN, budgetMs: 5 })).toEqual({
      ...DEFAULT_RETRY,
      limit: 0,
      budgetMs: 5,
    });
    expect(resolveRetryOptions({ limit: 2.7 }).limit).toBe(2);
  });

  it('doubles per retry with equal jitter, capped at maxDelayMs', () => {
    const o = { backoffMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((i) => backoffDelay(i, o, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((i) => backoffDelay(i, o, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });
});

describe('sleep', () => {
  it('resolves true after the wait, false when aborted before or during it', async () => {
    await expect(sleep(1, undefined)).resolves.toBe(true);
    await expect(sleep(10, AbortSignal.abort())).resolves.toBe(false);
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort();
    await expect(pending).resolves.toBe(false);
  });
});
