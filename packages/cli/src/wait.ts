import { setTimeout as sleep } from 'node:timers/promises';
import { AtlasError, type Compute, type ComputeStatus } from '@atlas/core';
import type { Output } from './output/output.js';
import { startProgress } from './output/progress.js';
import { formatDuration } from './parse/duration.js';
import type { Target } from './session.js';

export interface WaitOptions {
  readonly timeoutMs: number;
  /** First poll interval; it grows to 2 s so a long wait stays polite. */
  readonly intervalMs?: number;
  readonly signal: AbortSignal;
}

/**
 * Polls until the compute reaches `wanted`. A compute that fails or disappears on the way is an
 * AtlasError, and so is the timeout (kind `timeout`), so the exit code is 1 either way.
 */
export async function waitForStatus(
  target: Target,
  id: string,
  wanted: ComputeStatus,
  out: Output,
  options: WaitOptions,
): Promise<Compute> {
  const started = performance.now();
  const progress = await startProgress(out, `waiting for ${id} to be ${wanted}`);
  let interval = options.intervalMs ?? 500;
  try {
    for (;;) {
      const compute = await target.atlas.getCompute(id);
      const elapsed = performance.now() - started;
      if (compute.status === wanted) {
        progress.succeed(`${id} is ${wanted} after ${formatDuration(elapsed)}`);
        return compute;
      }
      if (compute.status === 'failed' || compute.status === 'terminated') {
        throw new AtlasError({
          kind: 'provider',
          provider: compute.provider,
          message: `${id} became ${compute.status} while waiting for ${wanted}.`,
        });
      }
      if (elapsed >= options.timeoutMs) {
        throw new AtlasError({
          kind: 'timeout',
          provider: compute.provider,
          message: `${id} was still ${compute.status} after ${formatDuration(elapsed)} (--timeout ${formatDuration(options.timeoutMs)}).`,
        });
      }
      progress.update(`waiting for ${id} to be ${wanted}: ${compute.status}`);
      await sleep(Math.min(interval, options.timeoutMs - elapsed), undefined, { signal: options.signal });
      interval = Math.min(interval * 1.5, 2000);
    }
  } catch (error) {
    if (options.signal.aborted) progress.stop();
    else progress.fail(`gave up waiting for ${id}`);
    throw error;
  }
}
