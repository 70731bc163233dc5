import type { HttpHooks } from '@atlas/core';
import { REDACTED } from '@atlas/core/provider';
import { createRunPod } from '@atlas/runpod';
import { createVast } from '@atlas/vast';
import { describe, expect, it } from 'vitest';
import { canary, errorOutputs, leaks, safeJson } from '../helpers/canaries.js';
import { countingFetch } from '../helpers/counting-fetch.js';
import type { Select } from '../helpers/pending.js';

/**
 * Canary API keys through the billing extras (RunPod's `/v2/billing/...`, Vast.ai's
 * `/api/v0/charges`), which reconciliation calls on a timer where nobody watches the errors: a
 * server that echoes the key back (in a 401, a 400, a 429, a 500, or a 200 whose body has the
 * wrong shape) must not put it in any error output or hook event.
 */

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The key in every place a careless server puts it: fields, text, base64, the request it saw. */
function echoBody(apiKey: string) {
  return {
    error: `invalid key ${apiKey}`,
    msg: `Unauthorized: ${apiKey} (${b64(apiKey)})`,
    detail: { authorization: `Bearer ${apiKey}`, query: `?api_key=${apiKey}` },
    [apiKey]: [apiKey],
  };
}

/** The answers a billing call gets: status, and the headers that go with it. */
const ANSWERS = [
  { answer: '401', status: 401, headers: {} },
  { answer: '400', status: 400, headers: {} },
  { answer: '429', status: 429, headers: { 'retry-after': '0' } },
  { answer: '500', status: 500, headers: {} },
  // A 200 whose body is not a bill: the provider's schema refuses it (`contract`), body in hand.
  { answer: '200 of the wrong shape', status: 200, headers: {} },
] as const;

/** One billing call of one cloud, with its canary key and a fetch that echoes the key back. */
interface BillingCall {
  readonly cloud: string;
  readonly call: string;
  run(settings: { apiKey: string; fetch: typeof fetch; hooks: HttpHooks }): Promise<unknown>;
}

const HOUR = 3_600_000;
const WINDOW = { from: Date.UTC(2026, 11, 1, 9), to: Date.UTC(2026, 11, 1, 9) + HOUR };
const RETRY = { limit: 1, backoffMs: 1, maxDelayMs: 5 };

const CALLS: readonly BillingCall[] = [
  {
    cloud: 'runpod',
    call: 'billing.pods',
    run: (s) => createRunPod({ ...s, baseUrl: 'http://127.0.0.1:9', retry: RETRY }).billing.pods(WINDOW),
  },
  {
    cloud: 'runpod',
    call: 'billing.totalUsd',
    run: (s) => createRunPod({ ...s, baseUrl: 'http://127.0.0.1:9', retry: RETRY }).billing.totalUsd(WINDOW),
  },
  {
    cloud: 'vast',
    call: 'billing.charges',
    run: (s) =>
      createVast({ ...s, baseUrl: 'http://127.0.0.1:9', retry: RETRY, minIntervalMs: 0 }).billing.charges(WINDOW),
  },
  {
    cloud: 'vast',
    call: 'billing.totalUsd',
    run: (s) =>
      createVast({ ...s, baseUrl: 'http://127.0.0.1:9', retry: RETRY, minIntervalMs: 0 }).billing.totalUsd(WINDOW),
  },
];

export function registerSecretsBilling(select: Select): void {
  for (const { cloud, call, run } of CALLS) {
    describe(`${cloud} ${call}`, () => {
      for (const { answer, status, headers } of ANSWERS) {
        const name = `a ${answer} echoing the API key: no error output or hook event holds it`;
        if (!select(`${cloud} ${call}: ${name}`)) continue;
        it(name, async () => {
          const apiKey = canary(`${cloud}-billing-key`);
          const echo = countingFetch(
            async () =>
              new Response(JSON.stringify(echoBody(apiKey)), {
                status,
                headers: { 'content-type': 'application/json', ...headers },
              }),
          );
          const events: unknown[] = [];
          const hooks: HttpHooks = {
            onRequest: (event) => events.push({ on: 'request', ...event }),
            onResponse: (event) => events.push({ on: 'response', ...event }),
            onRetry: (event) => events.push({ on: 'retry', ...event }),
          };
          const error = await run({ apiKey, fetch: echo.fetch, hooks }).then(
            () => undefined,
            (reason: unknown) => reason,
          );
          expect(echo.requests(), 'the call reached the echoing server').toBeGreaterThan(0);
          expect(error, 'the call fails').toBeInstanceOf(Error);
          const secrets = { apiKey };
          // The echo reached the error (as its raw body), redacted rather than dropped.
          expect(safeJson((error as { raw?: unknown }).raw)).toContain(REDACTED);
          expect(leaks(errorOutputs(error), secrets)).toEqual([]);
          expect(leaks(errorOutputs(error), secrets, { encoded: true })).toEqual([]);
          expect(leaks({ hooks: safeJson(events) }, secrets)).toEqual([]);
        });
      }
    });
  }
}
