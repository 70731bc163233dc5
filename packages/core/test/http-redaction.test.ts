import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { AtlasError } from '../src/errors/atlas-error.js';
import { createHttpClient } from '../src/http/client.js';
import { BASE, recordingHooks, rejectionOf, resetError, slowReply, useNock } from './http-helpers.js';

useNock();

/** Registered with the layer as the API key. */
const CANARY_KEY = 'sk-CANARY-4f9a1c7e2b8d4a6f';
/** Never registered anywhere: only the patterns can catch it. */
const CANARY_TOKEN = 'tok-CANARY-77e1b2c3d4e5f6a7b8c9';

/** Every surface a secret could leak through: message, JSON, inspect, String(cause) down the chain, raw. */
function surfaces(error: AtlasError): string[] {
  const out = [
    error.message,
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    String(error),
    error.stack ?? '',
    JSON.stringify(error.raw ?? null),
  ];
  for (
    let cause: unknown = error.cause;
    cause !== undefined && cause !== null;
    cause = (cause as { cause?: unknown }).cause
  ) {
    out.push(String(cause), inspect(cause, { depth: 10 }), (cause as Error).stack ?? '');
    if (!(cause instanceof Error)) break;
  }
  return out;
}

function expectClean(texts: readonly string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(CANARY_KEY);
    expect(text).not.toContain(CANARY_TOKEN);
  }
}

function client(hooks: ReturnType<typeof recordingHooks>['hooks'], timeoutMs = 5000) {
  return createHttpClient({
    provider: 'acme',
    baseUrl: BASE,
    apiKey: CANARY_KEY,
    ctx: { hooks, timeoutMs, retry: { limit: 1, backoffMs: 1 } },
  });
}

/** A query that carries both canaries the way careless APIs do. */
const SECRET_QUERY = { api_key: CANARY_KEY, token: CANARY_TOKEN, page: '1' };

describe('no secret leaks through errors or hook events', () => {
  // Each case names the kind it must end with, so a case that went another way (a slow machine
  // turning the 401 into a timeout) fails instead of passing without testing its body.
  const cases: Array<[string, () => void, AtlasError['kind']]> = [
    [
      '401 echoing the key and the token',
      () =>
        nock(BASE)
          .get('/pods')
          .query(true)
          .reply(401, {
            error: {
              code: 'UNAUTHORIZED',
              message: `invalid key ${CANARY_KEY}; Authorization: Bearer ${CANARY_TOKEN}`,
            },
            authorization: `Bearer ${CANARY_TOKEN}`,
            request: { headers: { Authorization: `Bearer ${CANARY_KEY}` }, url: `${BASE}/pods?token=${CANARY_TOKEN}` },
          }),
      'unauthorized',
    ],
    [
      '500 with an HTML page quoting the request',
      () =>
        nock(BASE)
          .get('/pods')
          .query(true)
          .times(2)
          .reply(500, `<html><body><pre>GET /pods?api_key=${CANARY_KEY} bearer ${CANARY_TOKEN}</pre></body></html>`),
      'provider',
    ],
    [
      'transport error whose cause quotes the key and the URL',
      () =>
        nock(BASE)
          .get('/pods')
          .query(true)
          .times(2)
          .replyWithError(
            Object.assign(new Error(`socket hang up for ${BASE}/pods?api_key=${CANARY_KEY} (Bearer ${CANARY_TOKEN})`), {
              code: 'ECONNRESET',
            }),
          ),
      'transport',
    ],
    ['plain reset', () => nock(BASE).get('/pods').query(true).times(2).replyWithError(resetError()), 'transport'],
    ['timeout', () => nock(BASE).get('/pods').query(true).times(2).reply(slowReply(400)), 'timeout'],
    [
      '200 with a body that fails to parse and quotes the token',
      () =>
        nock(BASE).get('/pods').query(true).reply(200, `{"token": "${CANARY_TOKEN}", "key": "${CANARY_KEY}", broken`),
      'contract',
    ],
  ];

  for (const [name, arrange, kind] of cases) {
    it(name, async () => {
      arrange();
      const { hooks, events } = recordingHooks();
      // Only the timeout case needs a short limit; the others must get their answer on a loaded machine.
      const error = await rejectionOf(
        client(hooks, kind === 'timeout' ? 30 : 5000).request({ method: 'GET', path: 'pods', query: SECRET_QUERY }),
      );
      expect(error.kind).toBe(kind);
      expectClean(surfaces(error));
      const allEvents = [...events.requests, ...events.responses, ...events.retries];
      expect(allEvents.length).toBeGreaterThan(0);
      expectClean(allEvents.map((e) => JSON.stringify(e)));
    });
  }

  it('a credential passed as a custom header is redacted too', async () => {
    const headerKey = 'hk-CANARY-0a1b2c3d4e5f';
    nock(BASE)
      .get('/pods')
      .reply(403, { message: `key ${headerKey} lacks scope` });
    const http = createHttpClient({ provider: 'acme', baseUrl: BASE, headers: { 'X-Api-Key': headerKey } });
    const error = await rejectionOf(http.request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('forbidden');
    for (const text of surfaces(error)) expect(text).not.toContain(headerKey);
  });
});
