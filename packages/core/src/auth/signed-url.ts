import { AtlasError } from '../errors/atlas-error.js';
import { registerSecret } from '../errors/redact.js';
import { constantTimeEqual, fromBase64Url, toBase64Url } from './encoding.js';

export type SignedUrlStatus = 'ok' | 'expired' | 'bad_signature' | 'malformed';

export interface SignUrlOptions {
  readonly secret: string;
  /** Seconds until the URL expires. */
  readonly expiresIn: number;
  /** For tests: the signing time (ms since epoch or a Date). */
  readonly now?: number | Date;
}

export interface VerifySignedUrlOptions {
  readonly secret: string;
  readonly now?: number | Date;
}

/** Query parameters the signature adds; both are left out of the string that is signed. */
export const SIGNED_URL_EXPIRES_PARAM = 'atlas_expires';
export const SIGNED_URL_SIGNATURE_PARAM = 'atlas_signature';

/** Relative URLs (what a server sees as `req.url`) are resolved against this and given back relative. */
const RELATIVE_BASE = 'http://relative.invalid';
const SIGNATURE_BYTES = 32;

/**
 * Adds `atlas_expires` (unix seconds) and `atlas_signature` (base64url HMAC-SHA256) to a URL, for
 * clients that cannot send headers (`<video src>`, WebSocket). The signature covers the path, every
 * other query parameter (sorted, so their order does not matter) and the expiry; not the host, so a
 * proxy in front of the compute may rewrite it. Accepts absolute URLs and paths (`/video?id=1`).
 */
export async function signUrl(url: string | URL, options: SignUrlOptions): Promise<string> {
  checkSecret(options.secret);
  if (typeof options.expiresIn !== 'number' || !Number.isFinite(options.expiresIn) || options.expiresIn <= 0) {
    throw new AtlasError({
      kind: 'validation',
      message: 'signUrl: expiresIn must be a positive number of seconds',
      issues: [{ path: 'expiresIn', message: 'must be a positive number of seconds' }],
    });
  }
  const parsed = parseUrl(url);
  if (parsed === undefined) {
    throw new AtlasError({
      kind: 'validation',
      message: 'signUrl: url must be an absolute URL or a path starting with "/"',
      issues: [{ path: 'url', message: 'must be an absolute URL or a path starting with "/"' }],
    });
  }
  const expires = Math.floor(epochMs(options.now) / 1000 + options.expiresIn);
  parsed.url.searchParams.delete(SIGNED_URL_EXPIRES_PARAM);
  parsed.url.searchParams.delete(SIGNED_URL_SIGNATURE_PARAM);
  parsed.url.searchParams.append(SIGNED_URL_EXPIRES_PARAM, String(expires));
  const signature = await hmac(options.secret, canonicalString(parsed.url, expires));
  parsed.url.searchParams.append(SIGNED_URL_SIGNATURE_PARAM, toBase64Url(signature));
  return parsed.relative ? parsed.url.href.slice(RELATIVE_BASE.length) : parsed.url.href;
}

/**
 * Checks a URL made by signUrl. The signature is checked first (in constant time), so a tampered
 * expiry reads as `bad_signature`; only an authentic URL can be `expired`. Never throws for a bad
 * URL: anything unreadable, or a URL without both parameters exactly once, is `malformed`.
 */
export async function verifySignedUrl(url: string | URL, options: VerifySignedUrlOptions): Promise<SignedUrlStatus> {
  checkSecret(options.secret);
  const parsed = parseUrl(url);
  if (parsed === undefined) return 'malformed';
  const params = parsed.url.searchParams;
  const expiresValues = params.getAll(SIGNED_URL_EXPIRES_PARAM);
  const signatureValues = params.getAll(SIGNED_URL_SIGNATURE_PARAM);
  if (expiresValues.length !== 1 || signatureValues.length !== 1) return 'malformed';
  const expiresText = expiresValues[0] ?? '';
  if (!/^\d{1,15}$/.test(expiresText)) return 'malformed';
  const presented = fromBase64Url(signatureValues[0] ?? '');
  if (presented === undefined || presented.length !== SIGNATURE_BYTES) return 'malformed';
  const expires = Number(expiresText);
  const expected = await hmac(options.secret, canonicalString(parsed.url, expires));
  if (!constantTimeEqual(presented, expected)) return 'bad_signature';
  return epochMs(options.now) >= expires * 1000 ? 'expired' : 'ok';
}

/**
 * What is signed: a version tag, the path, the sorted query without the signature parameters,
 * and the expiry, one per line. Names and values are re-encoded so that `a=b&c` and `a=b%26c`
 * can never produce the same string.
 */
function canonicalString(url: URL, expires: number): string {
  const query = [...url.searchParams]
    .filter(([name]) => name !== SIGNED_URL_EXPIRES_PARAM && name !== SIGNED_URL_SIGNATURE_PARAM)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort()
    .join('&');
  return `ATLAS-HMAC-SHA256\n${url.pathname}\n${query}\n${expires}`;
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

function parseUrl(input: unknown): { url: URL; relative: boolean } | undefined {
  if (input instanceof URL) return { url: new URL(input.href), relative: false };
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const relative = input.startsWith('/') && !input.startsWith('//');
  try {
    return { url: relative ? new URL(input, RELATIVE_BASE) : new URL(input), relative };
  } catch {
    return undefined;
  }
}

function checkSecret(secret: unknown): void {
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new AtlasError({
      kind: 'validation',
      message: 'signed URLs need a secret of at least 16 characters',
      issues: [{ path: 'secret', message: 'must be a string of at least 16 characters' }],
    });
  }
  registerSecret(secret);
}

function epochMs(now: number | Date | undefined): number {
  if (now === undefined) return Date.now();
  return now instanceof Date ? now.getTime() : now;
}
