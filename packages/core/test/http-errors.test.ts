import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ErrorRule } from '../src/errors/error-rules.js';
import { createHttpClient } from '../src/http/client.js';
import { BASE, FAST_RETRY, recordingHooks, rejectionOf, useNock } from './http-helpers.js';

useNock();

const client = (
  extra: { errorRules?: readonly ErrorRule[]; hooks?: ReturnType<typeof recordingHooks>['hooks'] } = {},
) =>
  createHttpClient({
    provider: 'acme',
    baseUrl: BASE,
    ctx: { retry: FAST_RETRY, ...(extra.hooks ? { hooks: extra.hooks } : {}) },
    ...(extra.errorRules ? { errorRules: extra.errorRules } : {}),
  });

describe('Accept', () => {
  it('asks for JSON and RFC 9457 problem details on every request; a request header still wins', async () => {
    nock(BASE)
      .get('/pods')
      .reply((req: Request) => [200, { accept: req.headers.get('accept') }])
      .delete('/pods/p1')
      .reply((req: Request) => [200, { accept: req.headers.get('accept') }])
      .get('/logs')
      .reply((req: Request) => [200, { accept: req.headers.get('accept') }]);
    const expected = { accept: 'application/json, application/problem+json' };
    await expect(client().request({ method: 'GET', path: 'pods' })).resolves.toEqual(expected);
    await expect(client().request({ method: 'DELETE', path: 'pods/p1' })).resolves.toEqual(expected);
    await expect(
      client().request({ method: 'GET', path: 'logs', headers: { Accept: 'text/event-stream' } }),
    ).resolves.toEqual({ accept: 'text/event-stream' });
  });
});

describe('RateLimit-Reset', () => {
  it('is the wait before the retry when there is no Retry-After', async () => {
    const { hooks, events } = recordingHooks();
    const scope = nock(BASE)
      .post('/pods')
      .reply(429, { title: 'Too Many Requests' }, { 'RateLimit-Reset': '0.003' })
      .post('/pods')
      .reply(201, { id: 'p1' });
    await expect(client({ hooks }).request({ method: 'POST', path: 'pods', json: {} })).resolves.toEqual({ id: 'p1' });
    expect(scope.isDone()).toBe(true);
    expect(events.retries).toEqual([expect.objectContaining({ reason: '429', delayMs: 3 })]);
  });

  it('lets a create retry a 503 (the server says it did nothing) and names the wait on the error', async () => {
    const scope = nock(BASE)
      .post('/pods')
      .reply(503, 'busy', { 'RateLimit-Reset': '0' })
      .post('/pods')
      .reply(201, { id: 'p1' });
    await expect(client().request({ method: 'POST', path: 'pods', json: {} })).resolves.toEqual({ id: 'p1' });
    expect(scope.isDone()).toBe(true);
    nock(BASE).get('/pods').reply(429, {}, { 'RateLimit-Reset': '90' });
    const error = await rejectionOf(client().request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(90_000);
  });

  it("the structured RateLimit field's exhausted policy (RunPod v2's 429)", async () => {
    nock(BASE).get('/pods').reply(
      429,
      { title: 'Too Many Requests', status: 429, detail: 'rate limit exceeded for the minute window' },
      {
        'content-type': 'application/problem+json',
        RateLimit: '"minute";r=0;t=40, "hour";r=2800;t=1812, "day";r=49500;t=45012',
      },
    );
    const error = await rejectionOf(client().request({ method: 'GET', path: 'pods' }));
    expect(error.retryAfterMs).toBe(40_000);
    expect(error.message).toContain('rate limit exceeded for the minute window');
  });
});

describe('errorRules on the client', () => {
  const balance = {
    error: 'create pod: Your account balance is too low to rent a pod. Please add funds to your account.',
    status: 500,
  };
  const rules: ErrorRule[] = [{ status: '5xx', text: /balance is too low/i, kind: 'payment_required' }];

  it('classify the error before the defaults', async () => {
    nock(BASE).post('/pods').reply(500, balance);
    const error = await rejectionOf(client({ errorRules: rules }).request({ method: 'POST', path: 'pods', json: {} }));
    expect(error.kind).toBe('payment_required');
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(500);
  });

  it('a rule that makes an error final stops the retries of a read', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(3)
      .reply(() => {
        calls++;
        return [500, balance];
      });
    const error = await rejectionOf(client({ errorRules: rules }).request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('payment_required');
    expect(calls).toBe(1);
    // Without the rule the same 500 is a retryable server error, tried three times.
    calls = 0;
    nock(BASE)
      .get('/pods')
      .times(3)
      .reply(() => {
        calls++;
        return [500, balance];
      });
    expect((await rejectionOf(client().request({ method: 'GET', path: 'pods' }))).kind).toBe('provider');
    expect(calls).toBe(3);
  });
});

describe('what an error keeps of a huge body', () => {
  it('a 25 MB error body: raw is cut to 64 KiB with a marker, inspect and toJSON stay small', async () => {
    const huge = JSON.stringify({ message: 'boom', blob: 'x'.repeat(25 * 1024 * 1024) });
    nock(BASE).post('/pods').reply(400, huge, { 'content-type': 'application/json' });
    const error = await rejectionOf(client().request({ method: 'POST', path: 'pods', json: {} }));
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('boom');
    expect(typeof error.raw).toBe('string');
    expect(error.raw as string).toMatch(/…\[truncated \d+ characters\]$/);
    expect((error.raw as string).length).toBeLessThan(70 * 1024);
    expect(JSON.stringify(error).length).toBeLessThan(80 * 1024);
    expect(inspect(error).length).toBeLessThan(100 * 1024);
    // 25 MB bodies take seconds to build and parse on a loaded 2-core machine: a time limit, not a timing.
  }, 60_000);

  it('a 25 MB text error page is cut the same way', async () => {
    nock(BASE)
      .get('/pods')
      .times(3)
      .reply(502, `<html><title>Bad Gateway</title>${'<p>x</p>'.repeat(3 * 1024 * 1024)}</html>`);
    const error = await rejectionOf(client().request({ method: 'GET', path: 'pods' }));
    expect(error.message).toContain('Bad Gateway');
    expect(inspect(error).length).toBeLessThan(100 * 1024);
    // 25 MB bodies take seconds to build and parse on a loaded 2-core machine: a time limit, not a timing.
  }, 60_000);
});
