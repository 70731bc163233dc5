import { AtlasError } from '@atlas/core';
import type { OrchestratorEvent, Session } from '@atlas/orchestrator';
import type { DashboardOrchestrator } from '../src/index.js';

/** A session as a store would hold it, `i` making it unique (and `i` minutes younger than the first). */
export function fakeSession(i: number, start: number, extra: Partial<Session> = {}): Session {
  const id = `s${String(i).padStart(9, '0')}`;
  const createdAt = start + i * 60_000;
  return {
    id,
    ownerId: 'app',
    name: `atlas-app-${id}`,
    userId: `user${i % 7}`,
    provider: 'mock',
    state: 'active',
    computeId: `c-${i}`,
    status: 'running',
    tokenHash: 'f'.repeat(64),
    createdAt,
    lastTouchedAt: createdAt,
    idleTtlMs: 600_000,
    maxRuntimeMs: 3_600_000,
    idleDeadline: createdAt + 600_000,
    maxDeadline: createdAt + 3_600_000,
    version: 1,
    ...extra,
  };
}

export interface FakeOrchestrator extends DashboardOrchestrator {
  /** Every action call, in order: [method, sessionId]. */
  readonly calls: [string, string][];
  emit(event: OrchestratorEvent): void;
}

/**
 * An orchestrator that only holds sessions (any number, no provider behind them), records the
 * actions asked of it, and emits what a test gives it. With `stop: false` it has no stop or start method.
 */
export function fakeOrchestrator(sessions: readonly Session[], options: { stop?: boolean } = {}): FakeOrchestrator {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const calls: [string, string][] = [];
  const queues = new Set<{ push: (e: OrchestratorEvent) => void }>();
  const act = (method: string) => async (id: string) => {
    calls.push([method, id]);
    if (!byId.has(id)) throw new AtlasError({ kind: 'not_found', message: `No live session ${id}` });
  };
  const orchestrator: FakeOrchestrator = {
    ownerId: 'app',
    calls,
    async list(filter) {
      const all = [...byId.values()];
      return filter?.userId === undefined ? all : all.filter((s) => s.userId === filter.userId);
    },
    async get(id) {
      return byId.get(id);
    },
    touch: act('touch'),
    release: act('release'),
    ...(options.stop === false ? {} : { stop: act('stop'), start: act('start') }),
    emit(event) {
      for (const queue of queues) queue.push(event);
    },
    events(filter) {
      const buffer: OrchestratorEvent[] = [];
      let wake: (() => void) | undefined;
      const queue = {
        push(event: OrchestratorEvent) {
          buffer.push(event);
          wake?.();
        },
      };
      queues.add(queue);
      const ended = new Promise<void>((resolve) => filter?.signal?.addEventListener('abort', () => resolve()));
      return (async function* () {
        try {
          for (;;) {
            while (buffer.length > 0) yield buffer.shift()!;
            if (filter?.signal?.aborted) return;
            await Promise.race([new Promise<void>((resolve) => (wake = resolve)), ended]);
          }
        } finally {
          queues.delete(queue);
        }
      })();
    },
  };
  return orchestrator;
}
