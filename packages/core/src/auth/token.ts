import type { AuthHandle } from '../specs/compute.js';

// CONTRACT STUB (to be implemented by the core-rest work): signatures are fixed, bodies are not.

/** The env var through which a compute receives its preshared key. */
export const PRESHARED_KEY_ENV = 'ATLAS_PRESHARED_KEY';

/** 256 random bits as base64url; returns the token (show it once), its SHA-256 hash, header and env. */
export async function mintToken(): Promise<AuthHandle> {
  throw new Error('mintToken: not implemented yet');
}

/** Constant-time check of a presented token against a stored hash. */
export async function verifyToken(_candidate: string, _hash: string): Promise<boolean> {
  throw new Error('verifyToken: not implemented yet');
}
