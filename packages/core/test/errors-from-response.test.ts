import { describe, expect, it } from 'vitest';
import { AtlasError } from '../src/errors/atlas-error.js';
import { errorFromResponse, extractErrorBody, kindForStatus, parseRetryAfter } from '../src/errors/from-response.js';
import { registerSecret } from '../src/errors/redact.js';

const from = (status: number, body?: unknown, headers?: Record<string, string>) =>
  AtlasError.fromResponse({
    status,
    body,
    provider: 'acme',
    operation: 'POST /v1/pods',
    ...(headers ? { headers } : {}),
  });

describe('every body shape gives a useful message', () => {
  it('RFC 9457 problem+json: title, detail and errors', () => {
    const e = from(422, {
      type: 'https://acme.test/problems/invalid',
      title: 'Invalid request',
      detail: 'The pod spec is invalid',
      errors: [
        { pointer: '/gpuCount', detail: 'must be at least 1' },
        { field: 'ports.0', message: 'must be below 65536' },
      ],
    });
    expect(e.kind).toBe('validation');
    expect(e.message).toContain('Invalid request: The pod spec is invalid');
    expect(e.message).toContain('/gpuCount: must be at least 1');
    expect(e.message).toContain('ports.0: must be below 65536');
    expect(e.issues).toEqual([
      { path: '/gpuCount', message: 'must be at least 1' },
      { path: 'ports.0', message: 'must be below 65536' },
    ]);
    expect(e.code).toBe('https://acme.test/problems/invalid');
  });

  it('problem+json as text (JSON parsed from the body string)', () => {
    const e = from(404, JSON.stringify({ type: 'about:blank', title: 'Not Found', detail: 'Not Found: pod p1' }));
    expect(e.kind).toBe('not_found');
    expect(e.message).toContain('Not Found: pod p1');
    expect(e.message).not.toContain('Not Found: Not Found');
    expect(e.code).toBeUndefined();
  });

  it('{error: {code, message}}', () => {
    const e = from(409, { error: { code: 'NAME_TAKEN', message: 'a pod with that name exists' } });
    expect(e.kind).toBe('conflict');
    expect(e.code).toBe('NAME_TAKEN');
    expect(e.message).toBe('acme: a pod with that name exists (POST /v1/pods, HTTP 409)');
  });

  it('{error: "..."}', () => {
    const e = from(403, { error: 'token lacks the pods:write scope' });
    expect(e.kind).toBe('forbidden');
    expect(e.message).toContain('token lacks the pods:write scope');
    expect(e.message).toContain('lacks permission');
  });

  it('{message}', () => {
    const e = from(404, { message: 'pod p1 not found' });
    expect(e.kind).toBe('not_found');
    expect(e.message).toBe('acme: pod p1 not found (POST /v1/pods, HTTP 404)');
  });

  it('{errors: [{message}]} (GraphQL style, with paths)', () => {
    const e = from(400, {
      errors: [{ message: 'Field "gpu" is required', path: ['input', 'gpu'] }, { message: 'second' }],
    });
    expect(e.kind).toBe('validation');
    expect(e.issues).toEqual([{ path: 'input.gpu', message: 'Field "gpu" is required' }, { message: 'second' }]);
    expect(e.message).toContain('input.gpu: Field "gpu" is required; second');
  });

  it('{errors: {field: [messages]}} (Rails style)', () => {
    const e = from(422, { errors: { name: ['is too long'], image: ['is required'] } });
    expect(e.issues).toEqual([
      { path: 'name', message: 'is too long' },
      { path: 'image', message: 'is required' },
    ]);
    expect(e.message).toContain('name: is too long; image: is required');
  });

  it('FastAPI {detail: [{loc, msg}]}', () => {
    const e = from(422, {
      detail: [{ loc: ['body', 'gpuCount'], msg: 'ensure this value is greater than 0', type: 'value_error' }],
    });
    expect(e.kind).toBe('validation');
    expect(e.issues).toEqual([{ path: 'body.gpuCount', message: 'ensure this value is greater than 0' }]);
    expect(e.message).toContain('body.gpuCount: ensure this value is greater than 0');
  });

  it('plain text', () => {
    const e = from(400, 'gpuCount must be positive\n');
    expect(e.message).toBe('acme: gpuCount must be positive (POST /v1/pods, HTTP 400)');
  });

  it('HTML pages are trimmed to their title', () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${'<p>filler</p>'.repeat(200)}</body></html>`;
    const e = from(502, html);
    expect(e.kind).toBe('provider');
    expect(e.message).toBe('acme: 502 Bad Gateway (POST /v1/pods, HTTP 502). The provider had a server error');
    expect(e.message).not.toContain('<');
  });

  it('HTML without a title keeps its text, tags and scripts stripped', () => {
    const e = from(
      500,
      '<html><body><script>var x = 1;</script><h1>Oops</h1><p>Something &amp; broke</p></body></html>',
    );
    expect(e.message).toContain('Oops Something & broke');
    expect(e.message).not.toContain('var x');
  });

  it('empty and unreadable bodies fall back to the status', () => {
    expect(from(500, '').message).toContain('HTTP 500');
    expect(from(404).message).toBe('acme: HTTP 404 (POST /v1/pods, HTTP 404)');
    expect(from(500, 42).message).toContain('HTTP 500');
  });

  it('very long messages are cut', () => {
    const e = from(400, { message: 'x'.repeat(5000) });
    expect(e.message.length).toBeLessThan(700);
  });
});

describe('kinds and wording by status', () => {
  it('401 says to check the API key', () => {
    const e = from(401, { message: 'invalid api key' });
    expect(e.kind).toBe('unauthorized');
    expect(e.message).toContain('check the API key');
    expect(e.retryable).toBe(false);
  });

  it('402 is payment_required and says what to do', () => {
    const e = from(402, { error: { message: 'Insufficient balance' } });
    expect(e.kind).toBe('payment_required');
    expect(e.message).toContain('Insufficient balance');
    expect(e.message).toContain('add credit');
    expect(e.retryable).toBe(false);
  });

  it('429 is rate_limited with retryAfterMs from seconds or an HTTP date', () => {
    const seconds = from(429, { message: 'Too many requests' }, { 'Retry-After': '7' });
    expect(seconds.kind).toBe('rate_limited');
    expect(seconds.retryAfterMs).toBe(7000);
    expect(seconds.retryable).toBe(true);
    expect(seconds.message).toContain('retry after 7 s');
    const date = from(429, '', { 'retry-after': new Date(Date.now() + 120_000).toUTCString() });
    expect(date.retryAfterMs).toBeGreaterThan(100_000);
    expect(date.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(from(429, {}).message).toContain('Rate limited');
  });

  it('5xx is provider and retryable; 503 keeps Retry-After', () => {
    const e = from(
      503,
      'upstream unavailable',
      new Headers({ 'Retry-After': '2' }) as unknown as Record<string, string>,
    );
    expect(e.kind).toBe('provider');
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(2000);
    expect(e.message).toContain('server error');
  });

  it('capacity wording in a 400, 409 or 5xx becomes capacity, with advice', () => {
    for (const [status, body] of [
      [400, { detail: 'There are no longer any instances available with the requested specifications' }],
      [500, { message: 'Not enough GPUs in this region' }],
      [409, { error: { code: 'INSUFFICIENT_CAPACITY', message: 'try later' } }],
      [503, 'Out of stock for H100'],
    ] as const) {
      const e = from(status, body);
      expect(e.kind, JSON.stringify(body)).toBe('capacity');
      expect(e.retryable).toBe(true);
      expect(e.message).toContain('try another GPU type');
    }
    expect(from(404, { message: 'no capacity reservation named r1' }).kind).toBe('not_found');
    expect(from(400, { message: 'invalid capacity value: -1' }).kind).toBe('validation');
    expect(from(500, { message: 'GPU capacity exhausted in EU-RO-1' }).kind).toBe('capacity');
  });

  it('maps each status to its kind', () => {
    expect([400, 401, 402, 403, 404, 408, 409, 410, 422, 429, 500, 504, 418].map((s) => kindForStatus(s))).toEqual([
      'validation',
      'unauthorized',
      'payment_required',
      'forbidden',
      'not_found',
      'timeout',
      'conflict',
      'not_found',
      'validation',
      'rate_limited',
      'provider',
      'timeout',
      'provider',
    ]);
  });

  it('keeps the parsed body as raw, scrubbed', () => {
    const e = errorFromResponse({
      status: 400,
      body: '{"message":"bad","env":{"HF_TOKEN":"hf_abc"}}',
      provider: 'acme',
    });
    expect(e.raw).toEqual({ message: 'bad', env: { HF_TOKEN: '[redacted]' } });
  });

  it('a long message is redacted before it is cut: no start of a secret across the cut', () => {
    const secret = 'sk-CANARY-cut-in-two-0123456789';
    registerSecret(secret);
    // Unredacted, the secret would straddle the 500-character cut; redacted, the marker fits.
    const e = from(400, `${'x'.repeat(475)} ${secret}`);
    expect(e.message).not.toContain(secret.slice(0, 8));
    expect(e.message).toContain('[redacted]');
  });
});

describe('helpers', () => {
  it('parseRetryAfter reads seconds and dates and ignores junk', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter(' ')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('extractErrorBody reads numeric codes', () => {
    expect(extractErrorBody({ error: { code: 1003, message: 'm' } })).toEqual({
      message: 'm',
      code: '1003',
      texts: ['m'],
      issues: [],
    });
  });
});
