import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { BASE, KEY, offer, provider, rejection, useNock } from './helpers.js';

useNock();

const list = () => nock(BASE).get('/api/v1/instances/').query(true);

describe('Vast error bodies map by their code first', () => {
  it.each([
    ['401 auth_error', 401, { success: false, error: 'auth_error', msg: 'Invalid user key' }, 'unauthorized'],
    ['404 Invalid user key (search)', 404, { error: 'auth_error', msg: 'Invalid user key' }, 'unauthorized'],
    ['404 session expired, plain text', 404, 'Session expired. Please log in again.', 'unauthorized'],
    ['400 invalid_args', 400, { success: false, error: 'invalid_args', msg: 'bad filter' }, 'validation'],
    [
      '400 invalid_request (only error and msg)',
      400,
      { error: 'invalid_request', msg: 'Invalid json body' },
      'validation',
    ],
    ['402 insufficient credit, only message', 402, { message: 'Insufficient credit: add funds' }, 'payment_required'],
    ['400 insufficient credit in msg', 400, { success: false, msg: 'insufficient credit to rent' }, 'payment_required'],
    ['429 detail', 429, { detail: 'API requests too frequent endpoint threshold=2.0' }, 'rate_limited'],
    ['429 plain text', 429, 'API requests too frequent', 'rate_limited'],
    [
      '429 rate_limit_exceeded',
      429,
      { success: false, error: 'rate_limit_exceeded', msg: 'too frequent' },
      'rate_limited',
    ],
    ['500 plain text', 500, 'Internal Server Error', 'provider'],
  ] as const)('%s', async (_what, status, body, kind) => {
    list().reply(status, body as never);
    const error = await rejection(() => provider().listCompute());
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.provider).toBe('vast');
  });

  it('the message is Vast msg, with its code', async () => {
    list().reply(400, { success: false, error: 'invalid_args', msg: 'column foo is not filterable' });
    const error = await rejection(() => provider().listCompute());
    expect(error.message).toContain('column foo is not filterable');
    expect(error.code).toBe('invalid_args');
  });

  it('no_such_ask hidden in a 404 invalid_args message is capacity', async () => {
    nock(BASE)
      .post('/api/v0/bundles/')
      .reply(200, { offers: [offer({ id: 1001 })] });
    nock(BASE).put('/api/v0/asks/1001/').reply(404, {
      success: false,
      error: 'invalid_args',
      msg: 'error 404/3603: no_such_ask Instance type by id 1001 is not available.',
    });
    const error = await rejection(() => provider().spawnCompute({ gpu: 'rtx_4090', image: 'x' }));
    expect(error.kind).toBe('capacity');
    expect(error.message).toContain('no_such_ask');
  });

  it('the API key never shows in an error, even when the server echoes it', async () => {
    list().reply(401, { success: false, error: 'auth_error', msg: `Invalid user key ${KEY}` });
    const error = await rejection(() => provider().listCompute());
    expect(JSON.stringify(error.toJSON())).not.toContain(KEY);
    expect(error.message).not.toContain(KEY);
  });
});

describe('retries', () => {
  it('a 429 on a read (no Retry-After) is retried with backoff', async () => {
    list().reply(429, 'API requests too frequent');
    list().reply(200, { success: true, next_token: null, instances: [] });
    const events: string[] = [];
    const computes = await provider({ retry: { limit: 2, backoffMs: 1, maxDelayMs: 5 } }).listCompute(
      {},
      { hooks: { onRetry: (e) => events.push(e.reason) } },
    );
    expect(computes).toEqual([]);
    expect(events).toEqual(['429']);
  });

  it('a 500 on accepting an ask is never re-sent by the HTTP layer', async () => {
    nock(BASE)
      .post('/api/v0/bundles/')
      .reply(200, { offers: [offer({ id: 1001 })] });
    nock(BASE).put('/api/v0/asks/1001/').reply(500, 'upstream failure');
    nock(BASE).get('/api/v1/instances/').query(true).reply(200, { next_token: null, instances: [] });
    const error = await rejection(() =>
      provider({ retry: { limit: 3, backoffMs: 1 } }).spawnCompute({ gpu: 'rtx_4090', image: 'x' }),
    );
    expect(error.details).toMatchObject({ possiblyCreated: true });
  });

  it('a missing key fails before any request, naming VAST_API_KEY', async () => {
    const saved = process.env.VAST_API_KEY;
    delete process.env.VAST_API_KEY;
    try {
      const error = await rejection(() => provider({ apiKey: undefined as never }).listCompute());
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toContain('VAST_API_KEY');
    } finally {
      if (saved !== undefined) process.env.VAST_API_KEY = saved;
    }
  });
});

describe('searchOffers checks the query before sending it', () => {
  it.each([
    ['a filter that is not an object', { gpu_name: 'RTX 4090' }],
    ['an unknown operator', { num_gpus: { about: 2 } }],
    ['an unknown type', { type: 'cheap' }],
    ['an order that is not [field, dir] pairs', { order: [['dph_total']] }],
  ])('%s is validation, with no request', async (_what, query) => {
    const error = await rejection(() => provider().searchOffers(query as never));
    expect(error.kind).toBe('validation');
  });
});
