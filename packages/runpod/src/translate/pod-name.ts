/** RunPod's name limit (v1 documented 191; v2 keeps it). */
const MAX_NAME = 191;

/**
 * The name sent with `POST /v2/pods` (required by v2): the caller's, or `atlas-<random>`. An
 * idempotency key becomes part of it (appended unless the caller's name already contains it): a
 * spawn repeated with that key finds the earlier pod by this name. (An ambiguous create is settled
 * by the per-call marker in the env, never by the name.)
 */
export function podName(
  requested: string | undefined,
  idempotencyKey: string | undefined,
  random: () => string,
): string {
  const key = idempotencyKey === undefined ? undefined : sanitize(idempotencyKey);
  if (requested !== undefined) {
    if (key === undefined || key === '' || requested.includes(key)) return requested;
    return `${requested.slice(0, MAX_NAME - key.length - 1)}-${key}`;
  }
  return `atlas-${key || random()}`.slice(0, MAX_NAME);
}

function sanitize(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64);
}

/** 12 hex characters from WebCrypto: unique enough that two spawns never share a name. */
export function randomSuffix(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
