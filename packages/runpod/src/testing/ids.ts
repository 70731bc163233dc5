import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** RunPod-like resource id: 14 lowercase alphanumerics, e.g. `xedezhzb9la3ye`. */
export function resourceId(length = 14): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** Async job ids are UUIDs with a `-u1` suffix; sync ones carry a `sync-` prefix (serverless.md). */
export function jobId(sync: boolean): string {
  return sync ? `sync-${randomUUID()}` : `${randomUUID()}-u1`;
}
