import { AtlasError, fromBase64Url, toBase64Url } from '@atlas/core';

/*
 * A session's secrets (its env values and bearer token) sealed into its store record, so that the
 * orchestrator that adopts it after a restart, or takes it over from a dead instance, can hold
 * them too, on any cloud. The provider's own body is not enough everywhere: Lambda Labs takes a
 * VM's env in its cloud-init `user_data`, which its API never returns. The store only ever sees
 * ciphertext: AES-256-GCM under a key the application gives every instance (`secretsKey`), bound
 * to the session id, so a sealed blob moved to another session does not open.
 */

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export interface SecretsSealer {
  /** The secrets, encrypted for this session's record. */
  seal(sessionId: string, secrets: readonly string[]): Promise<string>;
  /** The secrets back; rejects when the blob was not sealed under this key for this session. */
  unseal(sessionId: string, sealed: string): Promise<string[]>;
}

/** The sealer for `secretsKey` (32 bytes, base64 or base64url), or undefined without one. */
export function createSealer(secretsKey: string | undefined): SecretsSealer | undefined {
  if (secretsKey === undefined) return undefined;
  const bytes = keyBytes(secretsKey);
  if (bytes === undefined) {
    // Never quote the value: it is a key, and a wrong one is often a right one cut short.
    throw new AtlasError({
      kind: 'validation',
      provider: 'atlas',
      message: `Invalid orchestrator options: secretsKey must be ${KEY_BYTES} random bytes in base64 (openssl rand -base64 ${KEY_BYTES})`,
      issues: [{ path: 'secretsKey', message: `must be ${KEY_BYTES} bytes in base64 or base64url` }],
    });
  }
  const key = crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const aad = (sessionId: string) => new TextEncoder().encode(`atlas-session:${sessionId}`);
  return {
    async seal(sessionId, secrets) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const plain = new TextEncoder().encode(JSON.stringify(secrets));
      const cipher = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: aad(sessionId) },
        await key,
        plain,
      );
      return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(cipher))}`;
    },
    async unseal(sessionId, sealed) {
      const [version, ivText, cipherText, extra] = sealed.split('.');
      const iv = fromBase64Url(ivText ?? '');
      const cipher = fromBase64Url(cipherText ?? '');
      if (version !== VERSION || iv === undefined || cipher === undefined || extra !== undefined) {
        throw new Error('not a sealed secrets blob of this version');
      }
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: aad(sessionId) },
        await key,
        cipher,
      );
      const secrets: unknown = JSON.parse(new TextDecoder().decode(plain));
      if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === 'string')) {
        throw new Error('sealed secrets are not a list of strings');
      }
      return secrets;
    },
  };
}

/** The key's bytes from base64 (what `openssl rand -base64` prints) or base64url, padded or not. */
function keyBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (typeof text !== 'string') return undefined;
  const bytes = fromBase64Url(text.trim().replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  return bytes?.length === KEY_BYTES ? bytes : undefined;
}
