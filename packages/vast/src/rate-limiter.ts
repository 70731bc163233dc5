import { AtlasError } from '@atlas/core';
import { sleep } from '@atlas/core/provider';
import { PROVIDER_ID } from './settings.js';

/**
 * Spaces calls to one endpoint with one API key at least `intervalMs` apart, queueing bursts in
 * call order. Vast enforces such minimum intervals and its 429 carries no Retry-After, so waiting
 * here is cheaper than being refused. Shared by every provider instance in the process: two
 * `createVast()` with the same key still share the server's budget.
 */
const nextSlot = new Map<string, number>();

export async function waitForSlot(key: string, intervalMs: number, signal: AbortSignal | undefined): Promise<void> {
  if (!(intervalMs > 0)) return;
  const now = Date.now();
  const at = Math.max(now, nextSlot.get(key) ?? 0);
  nextSlot.set(key, at + intervalMs);
  if (at <= now) return;
  if (!(await sleep(at - now, signal))) {
    throw new AtlasError({
      kind: 'transport',
      provider: PROVIDER_ID,
      message: 'vast: aborted by the caller while waiting for the rate limiter',
      retryable: false,
      cause: signal?.reason,
    });
  }
}
