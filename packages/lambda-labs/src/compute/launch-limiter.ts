import { AtlasError } from '@atlas/core';
import { sleep } from '@atlas/core/provider';
import { PROVIDER_ID } from '../settings.js';

/**
 * When each account may launch next, by API key. Lambda limits launches per account, so the
 * limiter is shared by every provider instance in the process: a burst of spawns queues here,
 * spaced by the interval, instead of failing with 429. Kept in memory only, never logged.
 */
const nextSlot = new Map<string, number>();

/** Waits for this account's next launch slot and takes it. */
export async function takeLaunchSlot(
  apiKey: string,
  intervalMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (intervalMs <= 0) return;
  const now = Date.now();
  for (const [key, at] of nextSlot) if (at <= now) nextSlot.delete(key);
  const at = Math.max(now, nextSlot.get(apiKey) ?? 0);
  nextSlot.set(apiKey, at + intervalMs);
  if (at > now && !(await sleep(at - now, signal))) {
    throw new AtlasError({
      kind: 'transport',
      provider: PROVIDER_ID,
      message: `${PROVIDER_ID}: aborted by the caller while waiting for a launch slot (nothing was sent)`,
      retryable: false,
      cause: signal?.reason,
    });
  }
}
