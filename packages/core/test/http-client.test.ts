import nock from 'nock';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { AtlasError } from '../src/errors/atlas-error.js';
import { registerSecret } from '../src/errors/redact.js';
import { createHttpClient } from '../src/http/client.js';
import type { HttpHooks } from '../src/http/events.js';
import { BASE, FAST_RETRY, recordingHooks, rejectionOf, resetError, slowReply, useNock } from './http-helpers.js';

useNock();

const http = (ctx = {}, extra = {}) =>
  createHttpClient({
    provider: 'acme',
    baseUrl: BASE,
    apiKey: 'key-abcdef123456',
    ctx: { retry: FAST_RETRY, ...ctx },
    ...extra,
  });

describe('request shape', () => {
  it('resolves the path against the base, repeats array query params, sends JSON and the bearer key', async () => {
    const scope = nock(BASE, {
      reqheaders: {
        authorization: 'Bearer key-abcdef123456',
        accept: 'application/json, application/problem+json',
        'content-type': 'application/json',
        'x-team': 'gpu',
      },
    })
      .post('/pods', { name: 'a', gpuCount: 2 })
      .query((q) => {
        expect(q).toEqual({ gpu: ['h100', 'a100'], limit: '5', spot: 'false' });
        return true;
      })
      .reply(201, { id: 'p1' });
    const client = createHttpClient({
      provider: 'acme',
      baseUrl: BASE,
      apiKey: 'key-abcdef123456',
      headers: { 'X-Team': 'gpu' },
    });
    const result = await client.request({
      method: 'POST',
      path: 'pods',
      query: { gpu: ['h100', 'a100'], limit: 5, spot: false, cursor: undefined },
      json: { name: 'a', gpuCount: 2 },
    });
    expect(result).toEqual({ id: 'p1' });
    expect(scope.isDone()).toBe(true);
  });

  it('sends a User-Agent without any secret, and per-request headers', async () => {
    nock(BASE)
      .get('/pods')
      .reply((req: Request) => {
        const ua = req.headers.get('user-agent') ?? '';
        return [200, { ua, key: req.headers.get('idempotency-key'), auth: req.headers.get('authorization') }];
      });
    const body = (await http().request({
      method: 'GET',
      path: 'pods',
      headers: { 'Idempotency-Key': 'k-1' },
    })) as Record<string, string>;
    expect(body.ua).toMatch(/^atlas-sdk\//);
    expect(body.ua).not.toContain('key-abcdef123456');
    expect(body.key).toBe('k-1');
    expect(body.auth).toBe('Bearer key-abcdef123456');
  });

  it('sends no Authorization header without an API key', async () => {
    nock(BASE)
      .get('/public')
      .reply((req: Request) => [200, { auth: req.headers.get('authorization') }]);
    const client = createHttpClient({ provider: 'acme', baseUrl: BASE });
    await expect(client.request({ method: 'GET', path: 'public' })).resolves.toEqual({ auth: null });
  });

  it('uses the injected fetch', async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input);
      return new Response(JSON.stringify({ url }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const result = await http({ fetch }).request({ method: 'GET', path: 'pods/p1' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ url: `${BASE}/pods/p1` });
  });

  it('rejects a body JSON cannot hold before sending anything, as validation', async () => {
    const fetch = vi.fn();
    const error = await rejectionOf(http({ fetch }).request({ method: 'POST', path: 'pods', json: { n: 1n } }));
    expect(error.kind).toBe('validation');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('response types', () => {
  it('json: 204 and empty bodies give undefined', async () => {
    nock(BASE).delete('/pods/p1').reply(204).get('/empty').reply(200, '');
    await expect(http().request({ method: 'DELETE', path: 'pods/p1' })).resolves.toBeUndefined();
    await expect(http().request({ method: 'GET', path: 'empty' })).resolves.toBeUndefined();
  });

  it('text returns the body as is', async () => {
    nock(BASE).get('/logs').reply(200, 'line 1\nline 2', { 'content-type': 'text/plain' });
    await expect(http().request({ method: 'GET', path: 'logs', responseType: 'text' })).resolves.toBe('line 1\nline 2');
  });

  it('HEAD resolves undefined', async () => {
    nock(BASE).head('/pods/p1').reply(200);
    await expect(http().request({ method: 'HEAD', path: 'pods/p1' })).resolves.toBeUndefined();
  });

  it('text validates against a schema when one is given', async () => {
    nock(BASE).get('/version').reply(200, 'v2').get('/version').reply(200, '');
    const NonEmpty = v.pipe(v.string(), v.minLength(1));
    await expect(
      http().request({ method: 'GET', path: 'version', responseType: 'text', schema: NonEmpty }),
    ).resolves.toBe('v2');
    const error = await rejectionOf(
      http().request({ method: 'GET', path: 'version', responseType: 'text', schema: NonEmpty }),
    );
    expect(error.kind).toBe('contract');
  });

  it('none ignores the body', async () => {
    nock(BASE).post('/pods/p1/stop').reply(200, 'not json at all');
    await expect(
      http().request({ method: 'POST', path: 'pods/p1/stop', responseType: 'none' }),
    ).resolves.toBeUndefined();
  });

  it('response hands back the unread Response for streaming', async () => {
    nock(BASE).get('/stream').reply(200, 'data: 1\n\ndata: 2\n\n', { 'content-type': 'text/event-stream' });
    const response = await http().request<Response>({ method: 'GET', path: 'stream', responseType: 'response' });
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    await expect(response.text()).resolves.toBe('data: 1\n\ndata: 2\n\n');
  });

  it('response still maps an error status to an AtlasError', async () => {
    nock(BASE).get('/stream').reply(404, { message: 'no such job' });
    const error = await rejectionOf(http().request({ method: 'GET', path: 'stream', responseType: 'response' }));
    expect(error.kind).toBe('not_found');
    expect(error.message).toContain('no such job');
  });
});

describe('contract errors', () => {
  const Pod = v.object({ id: v.string(), gpu: v.object({ count: v.number() }) });

  it('returns the validated body when the schema matches (extra fields allowed)', async () => {
    nock(BASE)
      .get('/pods/p1')
      .reply(200, { id: 'p1', gpu: { count: 2 }, extra: true });
    await expect(http().request({ method: 'GET', path: 'pods/p1', schema: Pod })).resolves.toEqual({
      id: 'p1',
      gpu: { count: 2 },
    });
  });

  it('a schema mismatch is contract, naming every failing path', async () => {
    nock(BASE)
      .get('/pods/p1')
      .reply(200, { id: 7, gpu: { count: 'two' } });
    const error = await rejectionOf(http().request({ method: 'GET', path: 'pods/p1', schema: Pod }));
    expect(error.kind).toBe('contract');
    expect(error.status).toBe(200);
    expect(error.retryable).toBe(false);
    expect(error.issues.map((i) => i.path)).toEqual(['id', 'gpu.count']);
    expect(error.message).toContain('id');
    expect(error.message).toContain('gpu.count');
    expect(error.message).toContain('GET /v1/pods/p1');
    expect(error.raw).toEqual({ id: 7, gpu: { count: 'two' } });
  });

  it('a body the accepts check vouches for is returned as parsed, without the schema copy', async () => {
    nock(BASE)
      .get('/pods/p1')
      .reply(200, { id: 'p1', gpu: { count: 2 }, extra: true });
    let checks = 0;
    const accepts = (data: unknown): data is v.InferOutput<typeof Pod> => {
      checks++;
      return typeof (data as { id?: unknown }).id === 'string';
    };
    const result = await http().request({ method: 'GET', path: 'pods/p1', schema: Pod, accepts });
    expect(checks).toBe(1);
    // v.object would have dropped `extra`: the body is the parsed one, untouched.
    expect(result).toEqual({ id: 'p1', gpu: { count: 2 }, extra: true });
  });

  it('a body the accepts check refuses still goes through the schema, which decides', async () => {
    nock(BASE)
      .get('/pods/p1')
      .reply(200, { id: 'p1', gpu: { count: 2 } });
    const refuse = (_data: unknown): _data is v.InferOutput<typeof Pod> => false;
    await expect(http().request({ method: 'GET', path: 'pods/p1', schema: Pod, accepts: refuse })).resolves.toEqual({
      id: 'p1',
      gpu: { count: 2 },
    });
    nock(BASE)
      .get('/pods/p1')
      .reply(200, { id: 7, gpu: { count: 'two' } });
    const error = await rejectionOf(http().request({ method: 'GET', path: 'pods/p1', schema: Pod, accepts: refuse }));
    expect(error.kind).toBe('contract');
    expect(error.issues.map((i) => i.path)).toEqual(['id', 'gpu.count']);
  });

  it('an accepts check that throws on an unexpected body vouches for nothing: the schema decides, contract', async () => {
    nock(BASE).get('/pods/p1').reply(200, 'null', { 'content-type': 'application/json' });
    // Written for the shape it expects, as hand-written checks are: reading `.id` of null throws.
    const accepts = (data: unknown): data is v.InferOutput<typeof Pod> =>
      typeof (data as { id: unknown }).id === 'string';
    const error = await rejectionOf(http().request({ method: 'GET', path: 'pods/p1', schema: Pod, accepts }));
    expect(error.kind).toBe('contract');
    expect(error.status).toBe(200);
  });

  it('malformed JSON is contract and is not retried', async () => {
    let calls = 0;
    nock(BASE)
      .get('/pods')
      .times(3)
      .reply(() => {
        calls++;
        return [200, '<html>oops</html>', { 'content-type': 'text/html' }];
      });
    const error = await rejectionOf(http().request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('contract');
    expect(error.message).toContain('not JSON');
    expect(error.message).toContain('text/html');
    expect(calls).toBe(1);
  });

  it('the snippet of a body that is not JSON is redacted before it is cut', async () => {
    const secret = 'sk-CANARY-snippet-0123456789';
    registerSecret(secret);
    nock(BASE)
      .get('/pods')
      .reply(200, `${'y'.repeat(105)}${secret} more`, { 'content-type': 'text/plain' });
    const error = await rejectionOf(http().request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('contract');
    expect(error.message).not.toContain(secret.slice(0, 8));
  });

  it('a truncated JSON body is contract', async () => {
    nock(BASE).get('/pods').reply(200, '{"id": "p1", "gpu":', { 'content-type': 'application/json' });
    const error = await rejectionOf(http().request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('contract');
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('failures are always AtlasErrors', () => {
  it('a timeout is kind timeout', async () => {
    nock(BASE).get('/slow').reply(slowReply(500));
    const error = await rejectionOf(
      http({ retry: { limit: 0 } }).request({ method: 'GET', path: 'slow', timeoutMs: 20 }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('20 ms');
  });

  it('the timeout comes from the request, then ctx, then the client default', async () => {
    nock(BASE).get('/slow').times(2).reply(slowReply(300));
    const fromCtx = await rejectionOf(
      http({ retry: { limit: 0 }, timeoutMs: 15 }).request({ method: 'GET', path: 'slow' }),
    );
    expect(fromCtx.message).toContain('15 ms');
    const fromDefault = await rejectionOf(
      http({ retry: { limit: 0 } }, { defaultTimeoutMs: 25 }).request({ method: 'GET', path: 'slow' }),
    );
    expect(fromDefault.message).toContain('25 ms');
  });

  it('a reset connection is kind transport, with its cause chain', async () => {
    nock(BASE).get('/pods').times(3).replyWithError(resetError());
    const error = await rejectionOf(http().request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('transport');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNRESET');
    const chain: string[] = [];
    for (let c: unknown = error.cause; c instanceof Error; c = c.cause) chain.push(`${c.name}: ${c.message}`);
    expect(chain.join(' <- ')).toContain('ECONNRESET');
  });

  it('a refused connection (nock with net connect off) is kind transport', async () => {
    const error = await rejectionOf(http({ retry: { limit: 0 } }).request({ method: 'GET', path: 'nowhere' }));
    expect(error.kind).toBe('transport');
    expect(error.message).toContain('Disallowed net connect');
  });

  it('an injected fetch that throws a TypeError still rejects with an AtlasError', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.example.test'), { code: 'ENOTFOUND' }),
      });
    });
    const error = await rejectionOf(http({ fetch, retry: { limit: 0 } }).request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('transport');
    expect(error.message).toContain('ENOTFOUND');
  });

  it('mapError refines HTTP errors; a throwing mapError leaves the core error', async () => {
    nock(BASE)
      .post('/pods')
      .reply(500, { message: 'zone exhausted' })
      .post('/pods')
      .reply(500, { message: 'zone exhausted' });
    const mapError = (e: AtlasError) =>
      new AtlasError({ kind: 'capacity', provider: e.provider, message: e.message, status: e.status ?? 0 });
    const mapped = await rejectionOf(http({}, { mapError }).request({ method: 'POST', path: 'pods', json: {} }));
    expect(mapped.kind).toBe('capacity');
    const broken = await rejectionOf(
      http(
        {},
        {
          mapError: () => {
            throw new Error('bug');
          },
        },
      ).request({ method: 'POST', path: 'pods', json: {} }),
    );
    expect(broken.kind).toBe('provider');
  });
});

describe('hooks', () => {
  it('receive method, redacted URL, attempt, status, duration and retry reasons', async () => {
    const { hooks, events } = recordingHooks();
    nock(BASE).get('/pods').query(true).reply(503, {}).get('/pods').query(true).reply(200, []);
    await http({ hooks }).request({ method: 'GET', path: 'pods', query: { api_key: 'sk-in-query-999999', page: 2 } });
    expect(events.requests.map((e) => e.attempt)).toEqual([1, 2]);
    expect(events.responses.map((e) => e.status)).toEqual([503, 200]);
    expect(events.retries).toEqual([
      expect.objectContaining({ provider: 'acme', method: 'GET', attempt: 2, reason: '503' }),
    ]);
    for (const e of [...events.requests, ...events.responses, ...events.retries]) {
      expect(e.url).toContain(`${BASE}/pods`);
      expect(e.url).toContain('page=2');
      expect(e.url).not.toContain('sk-in-query-999999');
    }
    for (const e of events.responses) expect(e.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('report timeouts and transport errors as retry reasons', async () => {
    const { hooks, events } = recordingHooks();
    nock(BASE)
      .get('/pods')
      .reply(slowReply(2000))
      .get('/pods')
      .replyWithError(resetError())
      .get('/pods')
      .reply(200, {});
    // A generous timeout: the later, fast answers must arrive within it even on a loaded machine.
    await http({ hooks, timeoutMs: 250 }).request({ method: 'GET', path: 'pods' });
    expect(events.retries.map((e) => e.reason)).toEqual(['timeout', 'transport']);
  });

  it('a throwing or rejecting hook does not break the call', async () => {
    nock(BASE).get('/pods').reply(503).get('/pods').reply(200, { ok: true });
    const hooks: HttpHooks = {
      onRequest: () => {
        throw new Error('telemetry down');
      },
      // An async hook that rejects: the layer must swallow the rejection.
      onResponse: async () => {
        throw new Error('async telemetry down');
      },
      onRetry: () => {
        throw new Error('telemetry down');
      },
    };
    await expect(http({ hooks }).request({ method: 'GET', path: 'pods' })).resolves.toEqual({ ok: true });
  });
});

describe('paths', () => {
  it('refuse a "." or ".." segment (an id of ".." would reach the parent collection) before any request', async () => {
    let calls = 0;
    const origin = new URL(BASE).origin;
    nock(origin)
      .persist()
      .delete(/.*/)
      .reply(() => {
        calls++;
        return [200, {}];
      });
    for (const path of ['pods/..', 'pods/../action', 'pods/%2E%2e', 'pods/./x', 'pods/.%2e?x=1']) {
      const error = await rejectionOf(http().request({ method: 'DELETE', path }));
      expect(error.kind, path).toBe('validation');
    }
    expect(calls).toBe(0);
    for (const path of ['pods/..abc', 'pods/a..b', 'pods/.hidden', 'pods/p1']) {
      await expect(http().request({ method: 'DELETE', path }), path).resolves.toEqual({});
    }
    expect(calls).toBe(4);
  });

  it('refuse a base URL with credentials in it, saying why, without echoing them', async () => {
    const client = createHttpClient({
      provider: 'acme',
      baseUrl: 'https://alice:pw-SECRET-123456@api.acme.test/v1/',
      ctx: { retry: FAST_RETRY },
    });
    const error = await rejectionOf(client.request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('credentials');
    expect(JSON.stringify(error)).not.toContain('pw-SECRET-123456');
  });
});
