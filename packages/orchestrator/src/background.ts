import { toAtlasError } from '@atlas/core/provider';
import type { Clock } from './clock.js';
import type { Logger } from './options.js';

export interface Background {
  /** Runs a background task; its failure is logged, never unhandled. */
  track(task: Promise<unknown>): void;
  /** A loop on one timer that re-arms only after its run finished, so runs never overlap. */
  every(name: string, ms: number, run: () => Promise<unknown>): void;
  /** Stops the loops (a run under way finishes, and does not re-arm). */
  stop(): void;
  /** Resolves when every tracked task has settled. */
  drain(): Promise<void>;
  /** How many loop timers are armed. */
  readonly timers: number;
}

/** The orchestrator's background work: the poll and reap loops, and tasks nobody awaits. */
export function createBackground(clock: Clock, logger: Logger): Background {
  const inflight = new Set<Promise<unknown>>();
  const loops = new Map<string, unknown>();
  let stopped = false;

  function track(task: Promise<unknown>): void {
    const guarded = task.catch((error) =>
      logger.error?.('orchestrator: background task failed', { error: String(error) }),
    );
    inflight.add(guarded);
    void guarded.finally(() => inflight.delete(guarded));
  }

  function every(name: string, ms: number, run: () => Promise<unknown>): void {
    const arm = () => {
      if (stopped) return;
      loops.set(
        name,
        clock.setTimeout(() => {
          loops.delete(name);
          const task = run().catch((error) =>
            logger.warn?.(`orchestrator: ${name} failed; retrying next interval`, {
              kind: toAtlasError(error, 'atlas').kind,
            }),
          );
          track(task.finally(arm));
        }, ms),
      );
    };
    arm();
  }

  return {
    track,
    every,
    stop() {
      stopped = true;
      for (const handle of loops.values()) clock.clearTimeout(handle);
      loops.clear();
    },
    async drain() {
      await Promise.allSettled([...inflight]);
    },
    get timers() {
      return loops.size;
    },
  };
}
