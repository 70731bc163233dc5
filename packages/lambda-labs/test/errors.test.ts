import type { ErrorKind } from '@atlas/core';
import { kindForStatus } from '@atlas/core/provider';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { API, BASE, lambdaError, provider, rejection, useNock } from './helpers.js';

useNock();

/** Lambda's codes (openapi-1.8.3.json) and the kinds they mean, with the status Lambda sends them with. */
const CODES: [number, string, ErrorKind, boolean][] = [
  [401, 'global/invalid-api-key', 'unauthorized', false],
  [403, 'global/account-inactive', 'payment_required', false],
  [403, 'global/invalid-address', 'payment_required', false],
  [400, 'global/invalid-parameters', 'validation', false],
  [400, 'global/quota-exceeded', 'forbidden', false],
  [404, 'global/object-does-not-exist', 'not_found', false],
  [400, 'global/object-does-not-exist', 'not_found', false],
  [400, 'instance-operations/launch/insufficient-capacity', 'capacity', true],
  [400, 'instance-operations/launch/file-system-in-wrong-region', 'validation', false],
  [400, 'global/duplicate', 'conflict', false],
  [400, 'filesystems/filesystem-in-use', 'conflict', false],
  [400, 'firewall-rulesets/firewall-ruleset-in-use', 'conflict', false],
];

describe('errors: Lambda codes map to Atlas kinds', () => {
  for (const [status, code, kind, retryable] of CODES) {
    it(`${status} ${code} -> ${kind}${retryable ? ' (retryable)' : ''}`, async () => {
      nock(API).get(`${BASE}/instances`).reply(status, lambdaError(code, 'Something happened.'));
      const error = await rejection(provider().listCompute());
      expect(error.kind).toBe(kind);
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      expect(error.retryable).toBe(retryable);
    });
  }

  it("adds Lambda's suggestion to the message", async () => {
    nock(API)
      .get(`${BASE}/instances`)
      .reply(
        403,
        lambdaError('global/account-inactive', 'Your account is inactive.', 'Add a payment method in the dashboard.'),
      );
    const error = await rejection(provider().listCompute());
    expect(error.message).toContain('Your account is inactive.');
    expect(error.message).toContain('Add a payment method in the dashboard.');
  });

  it('provider/* upstream errors are provider, retryable when the suggestion says to try again', async () => {
    nock(API)
      .get(`${BASE}/instances`)
      .reply(400, lambdaError('provider/internal-unavailable', 'Provider unavailable', 'Try again shortly'))
      .get(`${BASE}/instances`)
      .reply(400, lambdaError('provider/quota', 'Provider refused', 'Contact Support'));
    const again = await rejection(provider().listCompute());
    expect([again.kind, again.retryable]).toEqual(['provider', true]);
    const notAgain = await rejection(provider().listCompute());
    expect([notAgain.kind, notAgain.retryable]).toEqual(['provider', false]);
  });

  it('global/internal-error (sent with 409) is provider, not conflict', async () => {
    nock(API)
      .get(`${BASE}/instances`)
      .reply(409, lambdaError('global/internal-error', 'An internal server error occurred.', 'Try again later.'));
    const error = await rejection(provider().listCompute());
    expect([error.kind, error.retryable]).toEqual(['provider', true]);
  });

  it('an unknown code keeps the kind its status means', async () => {
    nock(API).get(`${BASE}/instances`).reply(418, lambdaError('global/teapot', 'No.'));
    expect((await rejection(provider().listCompute())).kind).toBe(kindForStatus(418));
  });

  it('a 429 is retried after Retry-After, then rate_limited with retryAfterMs when it keeps coming', async () => {
    nock(API)
      .get(`${BASE}/instances`)
      .reply(429, lambdaError('global/rate-limit-exceeded', 'Too many requests.'), { 'retry-after': '1' })
      .get(`${BASE}/instances`)
      .reply(200, { data: [] });
    expect(await provider({ retry: { limit: 1, maxDelayMs: 2000 } }).listCompute()).toEqual([]);

    nock(API)
      .get(`${BASE}/instances`)
      .reply(429, lambdaError('global/rate-limit-exceeded', 'Too many requests.'), { 'retry-after': '2' });
    const error = await rejection(provider().listCompute());
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(2000);
  });

  it('a body that is not the envelope is a contract error', async () => {
    nock(API).get(`${BASE}/instances`).reply(200, { instances: [] });
    expect((await rejection(provider().listCompute())).kind).toBe('contract');
  });

  it('the API key never appears in an error', async () => {
    const key = 'secret_leaky-key_0123456789';
    nock(API)
      .get(`${BASE}/instances`)
      .reply(401, lambdaError('global/invalid-api-key', `Key ${key} was invalid.`));
    const error = await rejection(provider({ apiKey: key }).listCompute());
    expect(JSON.stringify(error)).not.toContain(key);
    expect(error.message).not.toContain(key);
  });
});
