import { registerSecret } from '../errors/redact.js';
import type { AuthHandle } from '../specs/compute.js';
import { constantTimeEqual, fromHex, toBase64Url, toHex } from './encoding.js';

/** The env var through which a compute receives its preshared key. */
export const PRESHARED_KEY_ENV = 'ATLAS_PRESHARED_KEY';

/** 32 bytes = 256 bits of entropy; base64url makes it 43 characters. */
const TOKEN_BYTES = 32;

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** The stored form of a token: SHA-256 of its UTF-8 bytes, as 64 lowercase hex characters. */
export async function hashToken(token: string): Promise<string> {
  return toHex(await sha256(token));
}

/**
 * A fresh bearer token: 256 random bits as base64url. Returns the token (show it once), its
 * SHA-256 hash in hex (persist this), the `Authorization` header and the env to inject. The token
 * is registered for redaction, so it can never appear in an error, a log or a hook event.
 */
export async function mintToken(): Promise<AuthHandle> {
  return bearerHandle(toBase64Url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES))));
}

/**
 * The handle of a token that already exists (one a machine was created with, found again when a
 * provider adopts it): the same shape mintToken returns, the token registered for redaction.
 */
export async function bearerHandle(token: string): Promise<AuthHandle> {
  registerSecret(token);
  return {
    scheme: 'bearer',
    token,
    hash: await hashToken(token),
    header: `Bearer ${token}`,
    env: { [PRESHARED_KEY_ENV]: token },
  };
}

/**
 * Constant-time check of a presented token against a stored hash (hex, as mintToken returns).
 * The candidate is hashed first, so the comparison is always between two 32-byte digests and its
 * time depends on neither the token's length nor how much of it matched. A malformed hash or a
 * non-string input is simply `false`. A whole header value (`Bearer <token>`) is accepted too.
 */
export async function verifyToken(candidate: string, hash: string): Promise<boolean> {
  if (typeof candidate !== 'string' || typeof hash !== 'string') return false;
  const expected = fromHex(hash);
  if (expected === undefined || expected.length !== 32) return false;
  const token = candidate.replace(/^Bearer\s+/i, '');
  return constantTimeEqual(await sha256(token), expected);
}
