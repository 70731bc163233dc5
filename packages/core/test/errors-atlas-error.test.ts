import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { AtlasError, isAtlasError } from '../src/errors/atlas-error.js';
import { registerSecret } from '../src/errors/redact.js';

const SECRET = 'sk-CANARY-atlas-error-0001';
registerSecret(SECRET);

describe('isAtlasError and instanceof', () => {
  it('recognise an error made by a second copy of the module', async () => {
    vi.resetModules();
    const copy = await import('../src/errors/atlas-error.js');
    expect(copy.AtlasError).not.toBe(AtlasError);
    const foreign = new copy.AtlasError({ kind: 'not_found', provider: 'acme', message: 'gone' });
    expect(isAtlasError(foreign)).toBe(true);
    expect(foreign instanceof AtlasError).toBe(true);
    const local = new AtlasError({ kind: 'conflict', message: 'dup' });
    expect(copy.isAtlasError(local)).toBe(true);
    expect(local instanceof copy.AtlasError).toBe(true);
  });

  it('recognise a plain object carrying the shared brand, and nothing else', () => {
    const branded = Object.defineProperty(new Error('x'), Symbol.for('atlas.core.AtlasError'), { value: true });
    expect(isAtlasError(branded)).toBe(true);
    expect(branded instanceof AtlasError).toBe(true);
    for (const value of [new Error('x'), { kind: 'timeout', message: 'x' }, 'AtlasError', null, undefined, 42]) {
      expect(isAtlasError(value)).toBe(false);
      expect(value instanceof AtlasError).toBe(false);
    }
  });

  it('a subclass keeps the ordinary instanceof check', () => {
    class QuotaError extends AtlasError {}
    const plain = new AtlasError({ kind: 'rate_limited', message: 'x' });
    const quota = new QuotaError({ kind: 'rate_limited', message: 'x' });
    expect(plain instanceof QuotaError).toBe(false);
    expect(quota instanceof QuotaError).toBe(true);
    expect(quota instanceof AtlasError).toBe(true);
  });
});

describe('AtlasError', () => {
  it('defaults: provider atlas, retryable by kind, unknown kinds become unknown', () => {
    expect(new AtlasError({ kind: 'timeout', message: 'm' })).toMatchObject({
      provider: 'atlas',
      retryable: true,
      name: 'AtlasError',
    });
    expect(new AtlasError({ kind: 'not_found', message: 'm' }).retryable).toBe(false);
    expect(new AtlasError({ kind: 'bogus' as never, message: 'm' }).kind).toBe('unknown');
  });

  it('redacts the message, the issues and raw', () => {
    const e = new AtlasError({
      kind: 'validation',
      message: `bad key ${SECRET}`,
      issues: [{ path: 'apiKey', message: `was ${SECRET}` }],
      raw: { note: SECRET, env: { TOKEN: 'v' } },
    });
    expect(e.message).toBe('bad key [redacted]');
    expect(e.issues[0]?.message).toBe('was [redacted]');
    expect(JSON.stringify(e.raw)).not.toContain(SECRET);
  });

  it('redacts issue paths: an error body keyed by what the caller sent can echo a key as a path', () => {
    const e = AtlasError.fromResponse({
      status: 400,
      provider: 'acme',
      body: { errors: { [SECRET]: ['unknown field'] } },
    });
    expect(e.issues).toEqual([{ path: '[redacted]', message: 'unknown field' }]);
    for (const text of [JSON.stringify(e), inspect(e), e.message]) expect(text).not.toContain(SECRET);
  });

  it('keeps a sanitized cause chain: names, messages and codes, secrets gone, request objects dropped', () => {
    const root = Object.assign(new Error(`connect ECONNREFUSED for ${SECRET}`), { code: 'ECONNREFUSED' });
    const middle = Object.assign(new TypeError('fetch failed', { cause: root }), {
      request: { headers: { authorization: `Bearer ${SECRET}` } },
    });
    const e = new AtlasError({ kind: 'transport', message: 'network', cause: middle });
    const cause = e.cause as Error & { request?: unknown; cause?: Error & { code?: string } };
    expect(cause.name).toBe('TypeError');
    expect(cause.request).toBeUndefined();
    expect(cause.cause?.code).toBe('ECONNREFUSED');
    expect(String(cause.cause)).not.toContain(SECRET);
    expect(JSON.stringify(e)).not.toContain(SECRET);
    expect(e.toJSON().cause).toEqual({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { name: 'Error', message: 'connect ECONNREFUSED for [redacted]', code: 'ECONNREFUSED' },
    });
  });

  it('toJSON gives the redacted, plain form', () => {
    const e = new AtlasError({
      kind: 'rate_limited',
      provider: 'acme',
      status: 429,
      code: 'SLOW_DOWN',
      retryAfterMs: 1000,
      message: `m ${SECRET}`,
    });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'AtlasError',
      kind: 'rate_limited',
      provider: 'acme',
      message: 'm [redacted]',
      status: 429,
      code: 'SLOW_DOWN',
      retryable: true,
      retryAfterMs: 1000,
    });
  });

  it('inspect shows kind, provider and the redacted message', () => {
    const e = new AtlasError({
      kind: 'forbidden',
      provider: 'acme',
      message: `no access with ${SECRET}`,
      cause: new Error(`x ${SECRET}`),
    });
    const shown = inspect(e);
    expect(shown).toContain('AtlasError [forbidden] (acme): no access with [redacted]');
    expect(shown).not.toContain(SECRET);
  });

  it('String(err) and the stack start with the redacted message', () => {
    const e = new AtlasError({ kind: 'unknown', message: `boom ${SECRET}` });
    expect(String(e)).toBe('AtlasError: boom [redacted]');
    expect(e.stack?.split('\n')[0]).toBe('AtlasError: boom [redacted]');
  });
});

describe('AtlasError details', () => {
  it('keeps machine-readable details, scrubbed, and shows them in toJSON', () => {
    registerSecret('details-secret-value-123');
    const e = new AtlasError({
      kind: 'timeout',
      message: 'create timed out',
      details: { possiblyCreated: true, lookFor: { name: 'ws-1', note: 'details-secret-value-123' } },
    });
    expect(e.details).toEqual({ possiblyCreated: true, lookFor: { name: 'ws-1', note: '[redacted]' } });
    expect(e.toJSON().details).toEqual(e.details);
    expect(new AtlasError({ kind: 'timeout', message: 'x' }).details).toBeUndefined();
  });
});
