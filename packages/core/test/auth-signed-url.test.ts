import { describe, expect, it } from 'vitest';
import {
  isAtlasError,
  SIGNED_URL_EXPIRES_PARAM,
  SIGNED_URL_SIGNATURE_PARAM,
  signUrl,
  verifySignedUrl,
} from '../src/index.js';

const secret = 'test-secret-0123456789abcdef';
const now = Date.UTC(2026, 10, 27, 12, 0, 0);
const base = 'https://pod-1-8000.proxy.example.com/v1/stream?video=intro&quality=hd';

async function signed(url = base, expiresIn = 300): Promise<string> {
  return signUrl(url, { secret, expiresIn, now });
}

describe('signUrl', () => {
  it('adds the expiry in unix seconds and a base64url signature, keeping the rest of the URL', async () => {
    const url = new URL(await signed());
    expect(url.origin + url.pathname).toBe('https://pod-1-8000.proxy.example.com/v1/stream');
    expect(url.searchParams.get('video')).toBe('intro');
    expect(url.searchParams.get(SIGNED_URL_EXPIRES_PARAM)).toBe(String(now / 1000 + 300));
    expect(url.searchParams.get(SIGNED_URL_SIGNATURE_PARAM)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('signs paths as a server sees them, and gives a path back', async () => {
    const url = await signUrl('/ws?room=1', { secret, expiresIn: 60, now });
    expect(url.startsWith('/ws?room=1&atlas_expires=')).toBe(true);
    expect(await verifySignedUrl(url, { secret, now })).toBe('ok');
  });

  it('re-signing replaces the old parameters instead of adding a second set', async () => {
    const again = new URL(await signUrl(await signed(), { secret, expiresIn: 600, now }));
    expect(again.searchParams.getAll(SIGNED_URL_SIGNATURE_PARAM)).toHaveLength(1);
    expect(await verifySignedUrl(again, { secret, now })).toBe('ok');
  });

  it.each([
    [{ secret, expiresIn: 0 }, 'expiresIn'],
    [{ secret, expiresIn: Number.NaN }, 'expiresIn'],
    [{ secret: 'short', expiresIn: 60 }, 'secret'],
  ])('rejects bad options %j with a validation error', async (options, path) => {
    const error = await signUrl(base, options).catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('validation');
    expect(isAtlasError(error) && error.issues[0]?.path).toBe(path);
  });

  it('rejects a URL it cannot read', async () => {
    const error = await signUrl('not a url', { secret, expiresIn: 60 }).catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('validation');
  });
});

describe('verifySignedUrl', () => {
  it('accepts a valid URL before it expires', async () => {
    const url = await signed();
    expect(await verifySignedUrl(url, { secret, now })).toBe('ok');
    expect(await verifySignedUrl(url, { secret, now: new Date(now + 299_000) })).toBe('ok');
  });

  it('reports expired at and after the expiry', async () => {
    const url = await signed();
    expect(await verifySignedUrl(url, { secret, now: now + 300_000 })).toBe('expired');
    expect(await verifySignedUrl(url, { secret, now: now + 86_400_000 })).toBe('expired');
  });

  it('still verifies when the query parameters are reordered', async () => {
    const url = new URL(await signed());
    const reordered = new URL(url.origin + url.pathname);
    for (const [name, value] of [...url.searchParams].reverse()) reordered.searchParams.append(name, value);
    expect(reordered.search).not.toBe(url.search);
    expect(await verifySignedUrl(reordered.href, { secret, now })).toBe('ok');
  });

  it('rejects a tampered path', async () => {
    const url = (await signed()).replace('/v1/stream', '/v1/admin');
    expect(await verifySignedUrl(url, { secret, now })).toBe('bad_signature');
  });

  it('rejects a tampered, added or removed query parameter', async () => {
    const url = await signed();
    expect(await verifySignedUrl(url.replace('video=intro', 'video=other'), { secret, now })).toBe('bad_signature');
    expect(await verifySignedUrl(`${url}&admin=1`, { secret, now })).toBe('bad_signature');
    expect(await verifySignedUrl(url.replace('quality=hd&', ''), { secret, now })).toBe('bad_signature');
  });

  it('rejects an extended expiry as a bad signature, not as ok', async () => {
    const url = new URL(await signed());
    url.searchParams.set(SIGNED_URL_EXPIRES_PARAM, String(now / 1000 + 999_999));
    expect(await verifySignedUrl(url, { secret, now: now + 400_000 })).toBe('bad_signature');
  });

  it('rejects another secret', async () => {
    expect(await verifySignedUrl(await signed(), { secret: 'another-secret-0123456789', now })).toBe('bad_signature');
  });

  it('rejects a tampered signature', async () => {
    const url = new URL(await signed());
    const signature = url.searchParams.get(SIGNED_URL_SIGNATURE_PARAM) ?? '';
    url.searchParams.set(SIGNED_URL_SIGNATURE_PARAM, (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1));
    expect(await verifySignedUrl(url, { secret, now })).toBe('bad_signature');
  });

  it('calls a URL without its signature or expiry malformed', async () => {
    const url = new URL(await signed());
    const noSignature = new URL(url);
    noSignature.searchParams.delete(SIGNED_URL_SIGNATURE_PARAM);
    expect(await verifySignedUrl(noSignature, { secret, now })).toBe('malformed');
    const noExpiry = new URL(url);
    noExpiry.searchParams.delete(SIGNED_URL_EXPIRES_PARAM);
    expect(await verifySignedUrl(noExpiry, { secret, now })).toBe('malformed');
    expect(await verifySignedUrl(base, { secret, now })).toBe('malformed');
  });

  it('calls duplicated or unreadable parameters malformed', async () => {
    const url = await signed();
    const signature = new URL(url).searchParams.get(SIGNED_URL_SIGNATURE_PARAM) ?? '';
    expect(await verifySignedUrl(`${url}&${SIGNED_URL_SIGNATURE_PARAM}=${signature}`, { secret, now })).toBe(
      'malformed',
    );
    const badExpiry = new URL(url);
    badExpiry.searchParams.set(SIGNED_URL_EXPIRES_PARAM, 'tomorrow');
    expect(await verifySignedUrl(badExpiry, { secret, now })).toBe('malformed');
    const shortSignature = new URL(url);
    shortSignature.searchParams.set(SIGNED_URL_SIGNATURE_PARAM, 'abc');
    expect(await verifySignedUrl(shortSignature, { secret, now })).toBe('malformed');
  });

  it.each(['', 'not a url', '::::', 'https://', '?atlas_expires=1&atlas_signature=x', 42, null])(
    'calls garbage input %j malformed without throwing',
    async (input) => {
      expect(await verifySignedUrl(input as never, { secret, now })).toBe('malformed');
    },
  );
});

describe('signUrl bounds expiresIn', () => {
  const YEAR_S = 365 * 24 * 3600;

  it.each([1e16, YEAR_S + 1, Number.POSITIVE_INFINITY, -1, 0, -0, Number.NaN])(
    'rejects expiresIn %s with a validation error naming expiresIn',
    async (expiresIn) => {
      const error = await signUrl(base, { secret, expiresIn, now }).catch((e: unknown) => e);
      expect(isAtlasError(error) && error.kind).toBe('validation');
      expect(isAtlasError(error) && error.issues.map((issue) => issue.path)).toEqual(['expiresIn']);
    },
  );

  it('accepts up to a year, and its own verifier reads the result', async () => {
    const url = await signUrl(base, { secret, expiresIn: YEAR_S, now });
    expect(await verifySignedUrl(url, { secret, now })).toBe('ok');
    expect(await verifySignedUrl(url, { secret, now: now + YEAR_S * 1000 })).toBe('expired');
  });

  it('rejects a signing time that is not a finite instant, and so does the verifier', async () => {
    for (const bad of [Number.NaN, new Date('not a date'), Number.POSITIVE_INFINITY]) {
      const error = await signUrl(base, { secret, expiresIn: 60, now: bad }).catch((e: unknown) => e);
      expect(isAtlasError(error) && error.issues[0]?.path).toBe('now');
      // An expired URL must never read as ok because the clock given was NaN.
      const verified = await verifySignedUrl(await signed(), { secret, now: bad }).catch((e: unknown) => e);
      expect(isAtlasError(verified) && verified.issues[0]?.path).toBe('now');
    }
  });
});

describe('verifySignedUrl checks the path exactly as received', () => {
  const HOST = 'https://pod-1-8000.proxy.example.com';

  /** The signed URL for /public/a, as a path: its query (atlas_expires, atlas_signature) is reused by every trick. */
  async function genuine(): Promise<{ path: string; query: string }> {
    const url = await signUrl('/public/a', { secret, expiresIn: 300, now });
    const at = url.indexOf('?');
    return { path: url.slice(0, at), query: url.slice(at) };
  }

  it('the genuine URL verifies, as a path and as an absolute URL', async () => {
    const { path, query } = await genuine();
    expect(path).toBe('/public/a');
    expect(await verifySignedUrl(`${path}${query}`, { secret, now })).toBe('ok');
    expect(await verifySignedUrl(`${HOST}${path}${query}`, { secret, now })).toBe('ok');
    expect(await verifySignedUrl(`${HOST}${path}${query}#t=10`, { secret, now })).toBe('ok');
  });

  const tricks = [
    '/secret/../public/a',
    '/secret/%2e%2e/public/a',
    '/secret/%2E%2E/public/a',
    '/secret/.%2E/public/a',
    '/secret/%2e./public/a',
    '/secret/%252e%252e/public/a',
    '/secret/%25252e%25252e/public/a',
    '/secret\\..\\public\\a',
    '/secret%5c..%5cpublic%5Ca',
    '/secret%2f..%2fpublic/a',
    '/secret/..;/public/a',
    '/secret/..;jsessionid=1/public/a',
    '/public/./a',
    '/public/%2e/a',
    '/public/a/.',
    '/public/a/..',
    '/public/a/%2E',
    '/pub\tlic/a',
    '/public/a\t',
    '/pub\rlic/a',
    '/pub\nlic/a',
    '/pub\u007flic/a',
    '/pub\u0000lic/a',
    '/pub%09lic/a',
    '/pub%0Dlic/a',
    '/pub%0alic/a',
    '/pub%7Flic/a',
    '/pub%00lic/a',
    '/pub%2509lic/a',
  ];

  it.each(tricks)('%j is malformed, as a path and as an absolute URL', async (trick) => {
    const { query } = await genuine();
    expect(await verifySignedUrl(`${trick}${query}`, { secret, now })).toBe('malformed');
    expect(await verifySignedUrl(`${HOST}${trick}${query}`, { secret, now })).toBe('malformed');
  });

  it('a control character in the query is malformed too (the URL parser would drop it)', async () => {
    const { path, query } = await genuine();
    expect(await verifySignedUrl(`${path}${query.replace('atlas_', 'atlas\t_')}`, { secret, now })).toBe('malformed');
  });

  it('any other spelling of the path is a bad signature', async () => {
    const { query } = await genuine();
    for (const other of ['/public/a/', '/public//a', '/%70ublic/a', '/PUBLIC/a', '/public/a;x']) {
      expect(await verifySignedUrl(`${other}${query}`, { secret, now }), other).toBe('bad_signature');
    }
  });

  it.each(['/secret/../public/a', '/a/%252e%252e/b', '/a\\b', '/a\tb', '/a/%00'])(
    'signUrl refuses to sign %j (its own verifier would refuse it)',
    async (path) => {
      const error = await signUrl(path, { secret, expiresIn: 60, now }).catch((e: unknown) => e);
      expect(isAtlasError(error) && error.kind).toBe('validation');
      expect(isAtlasError(error) && error.issues[0]?.path).toBe('url');
    },
  );
});
