import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../src/http/client.js';
import type { RetryOptions } from '../src/http/events.js';
import { BASE, FAST_RETRY, recordingHooks, rejectionOf, resetError, slowReply, useNock } from './http-helpers.js';

useNock();

function client(
  retry: RetryOptions = FAST_RETRY,
  extra: { signal?: AbortSignal; timeoutMs?: number; hooks?: ReturnType<typeof recordingHooks>['hooks'] } = {},
) {
  return createHttpClient({ provider: 'acme', baseUrl: BASE, apiKey: 'test-key-123456', ctx: { retry, ...extra } });
}

describe('reads and idempotent writes retry', () => {
  it('retries a GET on 503 and returns the later success', async () => {
    const scope = nock(BASE)
      .get('/pods')
      .reply(503, { message: 'busy' })
      .get('/pods')
      .reply(200, [{ id: 'p1' }]);
    await expect(client().request({ method: 'GET', path: 'pods' })).resolves.toEqual([{ id: 'p1' }]);
    expect(scope.isDone()).toBe(true);
  });

  it('retries a GET on 408, 429, 500 and 502 alike', async () => {
    let calls = 0;
    const statuses = [408, 429, 500, 502];
    nock(BASE)
      .get('/pods')
      .times(5)
      .reply(() => {
        const status = statuses[calls++];
        return status === undefined ? [200, { ok: true }] : [status, {}];
      });
    await expect(client({ ...FAST_RETRY, limit: 4 }).request({ method: 'GET', path: 'pods' })).resolves.toEqual({
      ok: true,
    });
    expect(calls).toBe(5);
  });

  it('retries a DELETE after a reset connection', async () => {
    const scope = nock(BASE).delete('/pods/p1').replyWithError(resetError()).delete('/pods/p1').reply(204);
    await expect(client().request({ method: 'DELETE', path: 'pods/p1' })).resolves.toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('retries a PUT after a timeout', async () => {
    let calls = 0;
    nock(BASE)
      .put('/pods/p1')
      .reply(() => {
        calls++;
        return slowReply(2000)();
      })
      .put('/pods/p1')
      .reply(() => {
        calls++;
        return [200, { id: 'p1' }];
      });
    // A generous timeout: the second, fast answer must arrive within it even on a loaded machine.
    const result = await client(FAST_RETRY, { timeoutMs: 250 }).request({
      method: 'PUT',
      path: 'pods/p1',
      json: { name: 'x' },
    });
    expect(result).toEqual({ id: 'p1' });
    expect(calls).toBe(2);
  });

  it('retries a POST marked idempotent on 500', async () => {
    const scope = nock(BASE).post('/pods/p1/stop').reply(500, {}).post('/pods/p1/stop').reply(200, { ok: true });
    await expect(client().request({ method: 'POST', path: 'pods/p1/stop', idempotent: true })).resolves.toEqual({
      ok: true,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('does not retry a 4xx other than 408 and 429', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods/p1')
      .times(3)
      .reply(() => {
        calls++;
        return [404, { message: 'no such pod' }];
      });
    const error = await rejectionOf(client().request({ method: 'GET', path: 'pods/p1' }));
    expect(error.kind).toBe('not_found');
    expect(calls).toBe(1);
  });

  it('gives up after `limit` retries with the last error', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(10)
      .reply(() => {
        calls++;
        return [502, 'bad gateway'];
      });
    const error = await rejectionOf(client({ ...FAST_RETRY, limit: 3 }).request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('provider');
    expect(error.status).toBe(502);
    expect(calls).toBe(4);
  });

  it('limit 0 turns retrying off', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(3)
      .reply(() => {
        calls++;
        return [503, {}];
      });
    await rejectionOf(client({ limit: 0 }).request({ method: 'GET', path: 'pods' }));
    expect(calls).toBe(1);
  });
});

describe('a create is retried only when the server says it did nothing', () => {
  it('does not retry a POST on 500', async () => {
    let calls = 0;
    nock(BASE)
      .post('/pods')
      .times(3)
      .reply(() => {
        calls++;
        return [500, { message: 'internal error' }];
      });
    const error = await rejectionOf(client().request({ method: 'POST', path: 'pods', json: { name: 'a' } }));
    expect(error.kind).toBe('provider');
    expect(error.status).toBe(500);
    expect(calls).toBe(1);
  });

  it('does not retry a POST on 503 without Retry-After', async () => {
    let calls = 0;
    nock(BASE)
      .post('/pods')
      .times(3)
      .reply(() => {
        calls++;
        return [503, {}];
      });
    await rejectionOf(client().request({ method: 'POST', path: 'pods', json: {} }));
    expect(calls).toBe(1);
  });

  it('does not retry a POST after a timeout: exactly one request reaches the server', async () => {
    let calls = 0;
    nock(BASE)
      .post('/pods')
      .times(3)
      .reply(() => {
        calls++;
        return slowReply(400, 201, { id: 'p1' })();
      });
    const error = await rejectionOf(
      client(FAST_RETRY, { timeoutMs: 30 }).request({ method: 'POST', path: 'pods', json: { name: 'a' } }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('POST /v1/pods');
    expect(error.message).toContain('not retried');
    expect(calls).toBe(1);
  });

  it('does not retry a POST after a reset connection', async () => {
    nock(BASE).post('/pods').replyWithError(resetError());
    const second = nock(BASE).post('/pods').reply(201, { id: 'p1' });
    const error = await rejectionOf(client().request({ method: 'POST', path: 'pods', json: {} }));
    expect(error.kind).toBe('transport');
    expect(second.isDone()).toBe(false);
  });

  it('does not retry a PATCH on 502', async () => {
    let calls = 0;
    nock(BASE)
      .patch('/pods/p1')
      .times(3)
      .reply(() => {
        calls++;
        return [502, {}];
      });
    await rejectionOf(client().request({ method: 'PATCH', path: 'pods/p1', json: {} }));
    expect(calls).toBe(1);
  });

  it('retries a POST on 429 with Retry-After', async () => {
    const { hooks, events } = recordingHooks();
    const scope = nock(BASE)
      .post('/pods')
      .reply(429, { message: 'slow down' }, { 'Retry-After': '0' })
      .post('/pods')
      .reply(201, { id: 'p1' });
    await expect(client(FAST_RETRY, { hooks }).request({ method: 'POST', path: 'pods', json: {} })).resolves.toEqual({
      id: 'p1',
    });
    expect(scope.isDone()).toBe(true);
    expect(events.retries).toEqual([expect.objectContaining({ reason: '429', delayMs: 0, attempt: 2 })]);
  });

  it('retries a POST on 503 with Retry-After', async () => {
    const scope = nock(BASE)
      .post('/pods')
      .reply(503, 'maintenance', { 'Retry-After': '0' })
      .post('/pods')
      .reply(201, { id: 'p1' });
    await expect(client().request({ method: 'POST', path: 'pods', json: {} })).resolves.toEqual({ id: 'p1' });
    expect(scope.isDone()).toBe(true);
  });

  it('a PATCH marked idempotent retries on 500', async () => {
    const scope = nock(BASE).patch('/pods/p1').reply(500).patch('/pods/p1').reply(200, { id: 'p1' });
    await expect(client().request({ method: 'PATCH', path: 'pods/p1', json: {}, idempotent: true })).resolves.toEqual({
      id: 'p1',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('a POST on 503 whose Retry-After exceeds the budget surfaces the 503 with retryAfterMs', async () => {
    let calls = 0;
    nock(BASE)
      .post('/pods')
      .times(3)
      .reply(() => {
        calls++;
        return [503, { message: 'maintenance' }, { 'Retry-After': '120' }];
      });
    const error = await rejectionOf(client().request({ method: 'POST', path: 'pods', json: {} }));
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(120_000);
    expect(calls).toBe(1);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { hooks, events } = recordingHooks();
    const past = new Date(Date.now() - 60_000).toUTCString();
    nock(BASE).post('/pods').reply(429, {}, { 'Retry-After': past }).post('/pods').reply(201, { id: 'p1' });
    await expect(client(FAST_RETRY, { hooks }).request({ method: 'POST', path: 'pods', json: {} })).resolves.toEqual({
      id: 'p1',
    });
    expect(events.retries[0]?.delayMs).toBe(0);
  });
});

describe('the retry budget', () => {
  it('surfaces rate_limited with retryAfterMs when a Retry-After wait would exceed the budget', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(5)
      .reply(() => {
        calls++;
        return [429, { message: 'too many requests' }, { 'Retry-After': '5' }];
      });
    const error = await rejectionOf(
      client({ ...FAST_RETRY, limit: 5, budgetMs: 1000 }).request({ method: 'GET', path: 'pods' }),
    );
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(5000);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('retry after 5 s');
    expect(calls).toBe(1);
  });

  it('spends the budget across repeated 429s, then surfaces rate_limited with retryAfterMs', async () => {
    let calls = 0;
    nock(BASE)
      .post('/pods')
      .times(10)
      .reply(() => {
        calls++;
        return [429, {}, { 'Retry-After': '0.02' }];
      });
    // Each wait is 20 ms; a 50 ms budget allows two of them.
    const error = await rejectionOf(
      client({ limit: 10, budgetMs: 50 }).request({ method: 'POST', path: 'pods', json: {} }),
    );
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(20);
    expect(calls).toBe(3);
  });

  it('429s without Retry-After that use up the retries surface rate_limited with retryAfterMs: the next backoff', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(5)
      .reply(() => {
        calls++;
        return [429, { message: 'too many requests' }];
      });
    // The backoff after two retries would be between 2 and 4 ms (backoffMs 1, doubled twice, equal jitter).
    const error = await rejectionOf(
      client({ limit: 2, backoffMs: 1, maxDelayMs: 1000 }).request({ method: 'GET', path: 'pods' }),
    );
    expect(error.kind).toBe('rate_limited');
    expect(calls).toBe(3);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(2);
    expect(error.retryAfterMs).toBeLessThanOrEqual(4);
    expect(error.message).toContain('retry after');
  });

  it('a 429 without Retry-After whose backoff would pass the budget surfaces rate_limited with that backoff', async () => {
    nock(BASE).post('/pods').reply(429, {});
    const error = await rejectionOf(
      client({ limit: 3, budgetMs: 100, backoffMs: 1000 }).request({ method: 'POST', path: 'pods', json: {} }),
    );
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(500);
    expect(error.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('stops when a backoff would exceed the budget', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(5)
      .reply(() => {
        calls++;
        return [500, {}];
      });
    // backoff is at least half of 1000 ms, more than the 100 ms budget.
    await rejectionOf(client({ limit: 5, budgetMs: 100, backoffMs: 1000 }).request({ method: 'GET', path: 'pods' }));
    expect(calls).toBe(1);
  });
});

describe('aborting', () => {
  it('an abort during a backoff stops the retries at once', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(5)
      .reply(() => {
        calls++;
        return [503, {}];
      });
    const controller = new AbortController();
    const { events } = recordingHooks();
    const hooks = {
      onRetry: (e: (typeof events.retries)[number]) => {
        events.retries.push(e);
        // Abort while the layer is about to sleep: it must not send the next attempt.
        setTimeout(() => controller.abort(new Error('user pressed ctrl-c')), 5);
      },
    };
    const http = createHttpClient({
      provider: 'acme',
      baseUrl: BASE,
      ctx: {
        signal: controller.signal,
        hooks,
        retry: { limit: 4, backoffMs: 60_000, maxDelayMs: 60_000, budgetMs: 600_000 },
      },
    });
    const error = await rejectionOf(http.request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('transport');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('aborted');
    expect(String(error.cause)).toContain('user pressed ctrl-c');
    expect(calls).toBe(1);
    expect(events.retries).toHaveLength(1);
  });

  it('an abort during an attempt cancels it and does not retry', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(3)
      .reply(() => {
        calls++;
        // Abort once the request has reached the server, so the test does not race the send.
        setTimeout(() => controller.abort(), 10);
        return slowReply(1000)();
      });
    const controller = new AbortController();
    const error = await rejectionOf(
      client(FAST_RETRY, { signal: controller.signal }).request({ method: 'GET', path: 'pods' }),
    );
    expect(error.kind).toBe('transport');
    expect(error.message).toContain('aborted by the caller');
    expect(calls).toBe(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const scope = nock(BASE).get('/pods').reply(200, {});
    const error = await rejectionOf(
      client(FAST_RETRY, { signal: AbortSignal.abort() }).request({ method: 'GET', path: 'pods' }),
    );
    expect(error.message).toContain('aborted');
    expect(scope.isDone()).toBe(false);
  });
});
