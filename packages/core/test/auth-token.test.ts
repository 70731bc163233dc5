import { describe, expect, it } from 'vitest';
import { AtlasError, hashToken, mintToken, PRESHARED_KEY_ENV, verifyToken } from '../src/index.js';
import { bearerHandle, redactText } from '../src/provider/index.js';

function base64UrlBytes(text: string): number {
  return Uint8Array.from(
    atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)),
    (c) => c.charCodeAt(0),
  ).length;
}

describe('mintToken', () => {
  it('returns a base64url token of at least 32 random bytes with its header and env', async () => {
    const handle = await mintToken();
    expect(handle.scheme).toBe('bearer');
    expect(handle.token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(base64UrlBytes(handle.token)).toBeGreaterThanOrEqual(32);
    expect(handle.header).toBe(`Bearer ${handle.token}`);
    expect(handle.env).toEqual({ [PRESHARED_KEY_ENV]: handle.token });
    expect(PRESHARED_KEY_ENV).toBe('ATLAS_PRESHARED_KEY');
  });

  it('stores the SHA-256 of the token as 64 hex characters', async () => {
    const handle = await mintToken();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(handle.token)));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    expect(handle.hash).toBe(hex);
    expect(await hashToken(handle.token)).toBe(hex);
    expect(handle.hash).not.toContain(handle.token);
  });

  it('never mints the same token twice', async () => {
    const tokens = await Promise.all(Array.from({ length: 50 }, () => mintToken()));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(50);
    expect(new Set(tokens.map((t) => t.hash)).size).toBe(50);
  });

  it('registers the token so redaction removes it from any text and any error', async () => {
    const { token } = await mintToken();
    expect(redactText(`the token is ${token}!`)).not.toContain(token);
    const error = new AtlasError({ kind: 'unknown', message: `leaked ${token}` });
    expect(error.message).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
  });
});

describe('bearerHandle', () => {
  it('builds the handle of an existing token as mintToken does, verifiable and registered for redaction', async () => {
    const minted = await mintToken();
    expect(await bearerHandle(minted.token)).toEqual(minted);
    const token = 'existing-token-held-by-a-machine-0123456789';
    const handle = await bearerHandle(token);
    expect(handle).toMatchObject({ scheme: 'bearer', header: `Bearer ${token}`, env: { [PRESHARED_KEY_ENV]: token } });
    expect(await verifyToken(token, handle.hash)).toBe(true);
    expect(redactText(`the token is ${token}`)).not.toContain(token);
  });
});

describe('verifyToken', () => {
  it('accepts the right token, and the whole header value', async () => {
    const handle = await mintToken();
    expect(await verifyToken(handle.token, handle.hash)).toBe(true);
    expect(await verifyToken(handle.header, handle.hash)).toBe(true);
  });

  it('accepts an uppercase hex hash', async () => {
    const handle = await mintToken();
    expect(await verifyToken(handle.token, handle.hash.toUpperCase())).toBe(true);
  });

  it('rejects a wrong token of the same length', async () => {
    const handle = await mintToken();
    const other = await mintToken();
    expect(other.token.length).toBe(handle.token.length);
    expect(await verifyToken(other.token, handle.hash)).toBe(false);
    const flipped = (handle.token[0] === 'A' ? 'B' : 'A') + handle.token.slice(1);
    expect(await verifyToken(flipped, handle.hash)).toBe(false);
  });

  it('rejects candidates of the wrong length', async () => {
    const handle = await mintToken();
    expect(await verifyToken(handle.token.slice(0, -1), handle.hash)).toBe(false);
    expect(await verifyToken(`${handle.token}x`, handle.hash)).toBe(false);
    expect(await verifyToken('', handle.hash)).toBe(false);
  });

  it('is false, never an exception, for a malformed hash or non-string input', async () => {
    const handle = await mintToken();
    expect(await verifyToken(handle.token, handle.hash.slice(0, 62))).toBe(false);
    expect(await verifyToken(handle.token, `${handle.hash}00`)).toBe(false);
    expect(await verifyToken(handle.token, 'z'.repeat(64))).toBe(false);
    expect(await verifyToken(handle.token, '')).toBe(false);
    expect(await verifyToken(undefined as never, handle.hash)).toBe(false);
    expect(await verifyToken(handle.token, null as never)).toBe(false);
  });
});
