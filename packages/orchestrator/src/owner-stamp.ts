import { AtlasError } from '@atlas/core';

/**
 * Owner stamps: every resource the orchestrator creates is named `atlas-<ownerId>-<sessionId>`, so
 * any process (a restarted app, another instance, the reaper) can tell whose a resource is by its
 * name alone. Session ids never contain '-', so the last '-' always separates owner from session:
 * `atlas-app-x1` belongs to owner `app`, `atlas-app-2-x1` to owner `app-2`, never to `app`.
 */

const OWNER_ID = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
export const SESSION_ID = /^[a-z0-9]{8,32}$/;
const STAMP = /^atlas-([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-([a-z0-9]{8,32})$/;

export function assertOwnerId(ownerId: unknown): asserts ownerId is string {
  if (typeof ownerId !== 'string' || !OWNER_ID.test(ownerId)) {
    throw new AtlasError({
      kind: 'validation',
      message: 'Invalid ownerId: must be 1-32 characters of [a-z0-9-], starting and ending with a letter or digit',
      issues: [{ path: 'ownerId', message: 'must match [a-z0-9-], 1-32 characters' }],
    });
  }
}

export function assertSessionId(id: string): void {
  if (!SESSION_ID.test(id)) {
    throw new AtlasError({
      kind: 'validation',
      message: 'Invalid session id: must be 8-32 characters of [a-z0-9]',
      issues: [{ path: 'ids', message: 'must return 8-32 characters of [a-z0-9]' }],
    });
  }
}

/** The name prefix every resource of this owner carries (and, in listCompute, a superset filter). */
export function stampPrefix(ownerId: string): string {
  return `atlas-${ownerId}-`;
}

export function stampName(ownerId: string, sessionId: string): string {
  return `${stampPrefix(ownerId)}${sessionId}`;
}

/** The owner and session a name was stamped with, or undefined for a name that is not a stamp. */
export function parseStamp(name: string | undefined): { ownerId: string; sessionId: string } | undefined {
  const match = name === undefined ? null : STAMP.exec(name);
  if (match === null) return undefined;
  return { ownerId: match[1]!, sessionId: match[2]! };
}

/** 16 characters of [a-z0-9] from WebCrypto: 80 bits, enough that two sessions never collide. */
export function randomSessionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 31];
  return id;
}
