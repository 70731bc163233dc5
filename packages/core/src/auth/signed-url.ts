import { AtlasError } from '../errors/atlas-error.js';
import { registerSecret } from '../errors/redact.js';
import { constantTimeEqual, fromBase64Url, toBase64Url } from './encoding.js';
import { rawPath, unsafeUrlReason } from './raw-url.js';

export type SignedUrlStatus = 'ok' | 'expired' | 'bad_signature' | 'malformed';

export interface SignUrlOptions {
  readonly secret: string;
  /** Seconds until the URL expires: more than 0, at most a year (MAX_SIGNED_URL_EXPIRES_IN). */
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

/**
 * A year, in seconds. A link that must live longer is a credential to rotate, not a URL to share;
 * the bound also keeps every expiry a number the verifier reads (a 1e16 would not be).
 */
export const MAX_SIGNED_URL_EXPIRES_IN = 365 * 24 * 60 * 60;

/** Relative URLs (what a server sees as `req.url`) are resolved against this and given back relative. */
const RELATIVE_BASE = 'http://relative.invalid';
const SIGNATURE_BYTES = 32;

/**
 * Adds `atlas_expires` (unix seconds) and `atlas_signature` (base64url HMAC-SHA256) to a URL, for
 * clients that cannot send headers (`<video src>`, WebSocket). The signature covers the path, every
 * other query parameter (sorted, so their order does not matter) and the expiry; not the host, so a
 * proxy in front of the compute may rewrite it. Accepts absolute URLs and paths (`/video?id=1`), but
 * not one whose path a server could read two ways (a `..` segment, plain or encoded, a backslash, a
 * control character): its own verifier would call it malformed.
 */
export async function signUrl(url: string | URL, options: SignUrlOptions): Promise<string> {
  checkSecret(options.secret);
  const { expiresIn } = options;
  if (typeof expiresIn !== 'number' || !(expiresIn > 0 && expiresIn <= MAX_SIGNED_URL_EXPIRES_IN)) {
    throw invalid(
      'expiresIn',
      `must be a number of seconds, more than 0 and at most ${MAX_SIGNED_URL_EXPIRES_IN} (a year)`,
    );
  }
  const now = epochMs(options.now);
  const parsed = parseUrl(url);
  if (parsed === undefined) throw invalid('url', 'must be an absolute URL or a path starting with "/"');
  const unsafe = unsafeUrlReason(parsed.raw);
  if (unsafe !== undefined) throw invalid('url', unsafe);
  const expires = Math.floor(now / 1000 + expiresIn);
  parsed.url.searchParams.delete(SIGNED_URL_EXPIRES_PARAM);
  parsed.url.searchParams.delete(SIGNED_URL_SIGNATURE_PARAM);
  parsed.url.searchParams.append(SIGNED_URL_EXPIRES_PARAM, String(expires));
  // The path as the URL handed out spells it: what a client will send back and a server will see.
  const signature = await hmac(options.secret, canonicalString(rawPath(parsed.url.href), parsed.url, expires));
  parsed.url.searchParams.append(SIGNED_URL_SIGNATURE_PARAM, toBase64Url(signature));
  return parsed.relative ? parsed.url.href.slice(RELATIVE_BASE.length) : parsed.url.href;
}

/**
 * Checks a URL made by signUrl, against its path exactly as received: pass the raw `req.url` your
 * server will route on, never a normalized copy (a URL object is taken as its `href`, already
 * normalized by whoever built it). The signature is checked in constant time before the expiry, so
 * a tampered expiry reads as `bad_signature`; only an authentic URL can be `expired`. Never throws
 * for a bad URL: anything unreadable, a URL without both parameters exactly once, or one whose path
 * a server could read two ways (a `.` or `..` segment, plain or percent-encoded in any case or
 * nesting, `..;`, a backslash, a control character raw or encoded) is `malformed`. Throws only
 * for a bad `secret` or `now`, which are the caller's bugs.
 */
export async function verifySignedUrl(url: string | URL, options: VerifySignedUrlOptions): Promise<SignedUrlStatus> {
  checkSecret(options.secret);
  const now = epochMs(options.now);
  const parsed = parseUrl(url);
  if (parsed === undefined || unsafeUrlReason(parsed.raw) !== undefined) return 'malformed';
  const params = parsed.url.searchParams;
  const expiresValues = params.getAll(SIGNED_URL_EXPIRES_PARAM);
  const signatureValues = params.getAll(SIGNED_URL_SIGNATURE_PARAM);
  if (expiresValues.length !== 1 || signatureValues.length !== 1) return 'malformed';
  const expiresText = expiresValues[0] ?? '';
  if (!/^\d{1,15}$/.test(expiresText)) return 'malformed';
  const presented = fromBase64Url(signatureValues[0] ?? '');
  if (presented === undefined || presented.length !== SIGNATURE_BYTES) return 'malformed';
  const expires = Number(expiresText);
  const expected = await hmac(options.secret, canonicalString(rawPath(parsed.raw), parsed.url, expires));
  if (!constantTimeEqual(presented, expected)) return 'bad_signature';
  return now >= expires * 1000 ? 'expired' : 'ok';
}

/**
 * What is signed: a version tag, the path, the sorted query without the signature parameters,
 * and the expiry, one per line. Names and values are re-encoded so that `a=b&c` and `a=b%26c`
 * can never produce the same string.
 */
function canonicalString(path: string, url: URL, expires: number): string {
  const query = [...url.searchParams]
    .filter(([name]) => name !== SIGNED_URL_EXPIRES_PARAM && name !== SIGNED_URL_SIGNATURE_PARAM)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort()
    .join('&');
  return `ATLAS-HMAC-SHA256\n${path}\n${query}\n${expires}`;
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

/** The URL parsed (for its query) and as spelled (for its path). */
function parseUrl(input: unknown): { url: URL; raw: string; relative: boolean } | undefined {
  if (input instanceof URL) return { url: new URL(input.href), raw: input.href, relative: false };
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const relative = input.startsWith('/') && !input.startsWith('//');
  try {
    return { url: relative ? new URL(input, RELATIVE_BASE) : new URL(input), raw: input, relative };
  } catch {
    return undefined;
  }
}

function invalid(path: 'url' | 'expiresIn' | 'now', message: string): AtlasError {
  return new AtlasError({ kind: 'validation', message: `signUrl: ${path} ${message}`, issues: [{ path, message }] });
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

/** Latest instant a Date can hold: keeps every expiry within the digits the verifier reads. */
const MAX_EPOCH_MS = 8.64e15;

/** A `now` that is not an instant (NaN, an invalid Date) would make every URL `ok` forever: refused. */
function epochMs(now: number | Date | undefined): number {
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== 'number' || !(ms >= 0 && ms <= MAX_EPOCH_MS)) {
    throw new AtlasError({
      kind: 'validation',
      message: 'signed URLs: now must be a valid instant (ms since the epoch, or a Date)',
      issues: [{ path: 'now', message: 'must be a valid instant (ms since the epoch, or a Date)' }],
    });
  }
  return ms;
}
