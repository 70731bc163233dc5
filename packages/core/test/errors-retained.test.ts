import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AtlasError } from '../src/errors/atlas-error.js';
import { errorFromResponse } from '../src/errors/from-response.js';
import { registerSecret } from '../src/errors/redact.js';
import { MAX_RETAINED } from '../src/errors/retained.js';
import { parseRateLimit, parseRateLimitReset, retryAfterFromHeaders } from '../src/errors/retry-after.js';

const MARKER = /…\[truncated (\d+) characters\]$/;

describe('raw is capped at 64 KiB', () => {
  it('a long string keeps its start and says how much was cut', () => {
    const raw = 'y'.repeat(MAX_RETAINED + 1000);
    const e = new AtlasError({ kind: 'provider', message: 'm', raw });
    expect(e.raw).toBe(`${'y'.repeat(MAX_RETAINED)}…[truncated 1000 characters]`);
  });

  it('a large object becomes the start of its JSON, with the marker', () => {
    const raw = { items: Array.from({ length: 20_000 }, (_, i) => ({ id: `pod-${i}`, name: 'n' })) };
    const e = new AtlasError({ kind: 'contract', message: 'm', raw });
    expect(typeof e.raw).toBe('string');
    expect(e.raw as string).toMatch(/^\{"items":\[\{"id":"pod-0","name":"n"\}/);
    expect(e.raw as string).toMatch(MARKER);
    expect(JSON.stringify(e).length).toBeLessThan(2 * MAX_RETAINED);
  });

  it('a small body stays an object, and a 25 MB one keeps the error printable', () => {
    expect(new AtlasError({ kind: 'provider', message: 'm', raw: { a: 1 } }).raw).toEqual({ a: 1 });
    const body = { message: 'bad', rows: Array.from({ length: 250_000 }, () => 'z'.repeat(100)) };
    const e = errorFromResponse({ status: 400, body, provider: 'acme' });
    expect(e.message).toContain('bad');
    expect(inspect(e).length).toBeLessThan(100 * 1024);
    // 25 MB bodies take seconds to build and parse on a loaded 2-core machine: a time limit, not a timing.
  }, 60_000);

  it('secrets are redacted before the cut: no start of a secret is left at the edge', () => {
    const secret = 'sk-CANARY-retained-edge-0123456789';
    registerSecret(secret);
    const raw = `${'a'.repeat(MAX_RETAINED - 10)}${secret}${'b'.repeat(1000)}`;
    const e = new AtlasError({ kind: 'provider', message: 'm', raw });
    expect(e.raw as string).not.toContain(secret.slice(0, 10));
    // Past twice the cap too: only the start is redacted, and the rest is cut off.
    const far = new AtlasError({ kind: 'provider', message: 'm', raw: `${'c'.repeat(3 * MAX_RETAINED)}${secret}` });
    expect(far.raw as string).not.toContain('sk-CANARY');
  });
});

describe('RateLimit headers', () => {
  it('RateLimit-Reset: delta seconds, or an epoch second; junk is ignored', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRateLimitReset('12', now)).toBe(12_000);
    expect(parseRateLimitReset(String(now / 1000 + 30), now)).toBe(30_000);
    expect(parseRateLimitReset('soon', now)).toBeUndefined();
    expect(parseRateLimitReset(undefined, now)).toBeUndefined();
  });

  it('RateLimit: the longest reset among exhausted policies', () => {
    expect(parseRateLimit('"minute";r=0;t=12, "hour";r=2800;t=1812')).toBe(12_000);
    expect(parseRateLimit('"minute";r=0;t=12, "hour";r=0;t=1812')).toBe(1_812_000);
    expect(parseRateLimit('"minute";r=5;t=12')).toBeUndefined();
    expect(parseRateLimit('garbage')).toBeUndefined();
  });

  it('Retry-After wins, then RateLimit-Reset, then RateLimit', () => {
    expect(retryAfterFromHeaders({ 'Retry-After': '3', 'RateLimit-Reset': '9', RateLimit: '"m";r=0;t=20' })).toBe(3000);
    expect(retryAfterFromHeaders(new Headers({ 'RateLimit-Reset': '9', RateLimit: '"m";r=0;t=20' }))).toBe(9000);
    expect(retryAfterFromHeaders({ ratelimit: '"m";r=0;t=20' })).toBe(20_000);
    expect(retryAfterFromHeaders({})).toBeUndefined();
    const e = errorFromResponse({ status: 429, body: {}, provider: 'acme', headers: { 'RateLimit-Reset': '7' } });
    expect(e.retryAfterMs).toBe(7000);
    expect(e.message).toContain('retry after 7 s');
  });
});
