import type { Provider } from '@atlas/core';
import { registerSecret, secretRegistryStats } from '@atlas/core/provider';
import { createMock, type MockProvider } from '@atlas/mock';
import {
  createMemoryStore,
  createOrchestrator,
  type Orchestrator,
  type OrchestratorEvent,
  type OrchestratorOptions,
  type SessionStore,
} from '../src/index.js';
import { FakeClock } from './fake-clock.js';

export const PROVISIONING_MS = 1_000;

export interface World {
  readonly clock: FakeClock;
  readonly mock: MockProvider;
  readonly store: SessionStore;
}

/** One fake clock, one mock account, one store: what a test needs before any orchestrator. */
export function createWorld(): World {
  const clock = new FakeClock();
  const mock = createMock({ clock: () => clock.now(), provisioningMs: PROVISIONING_MS });
  const store = createMemoryStore({ now: () => clock.now() });
  return { clock, mock, store };
}

export interface Harness extends World {
  readonly orch: Orchestrator;
  /** Every event, in order. */
  readonly events: OrchestratorEvent[];
  readonly types: (sessionId?: string) => string[];
}

type Extra = Partial<Omit<OrchestratorOptions, 'ownerId'>> & { ownerId?: string };

export function startOrchestrator(world: World, extra: Extra = {}): Harness {
  const orch = createOrchestrator({
    // `providers` (several clouds) replaces the one mock.
    ...(extra.providers === undefined ? { provider: world.mock } : {}),
    store: world.store,
    clock: world.clock,
    pollIntervalMs: 5_000,
    reapIntervalMs: 30_000,
    graceMs: 10_000,
    idleTtlMs: 60_000,
    maxRuntimeMs: 3_600_000,
    ...extra,
    ownerId: extra.ownerId ?? 'app',
  });
  const events: OrchestratorEvent[] = [];
  orch.on('*', (event) => events.push(event));
  const types = (sessionId?: string) =>
    events.filter((e) => sessionId === undefined || ('sessionId' in e && e.sessionId === sessionId)).map((e) => e.type);
  return { ...world, orch, events, types };
}

export function setup(extra: Extra = {}): Harness {
  return startOrchestrator(createWorld(), extra);
}

/**
 * Counts the provider calls an orchestrator makes, by operation ('terminate', 'getCompute', ...),
 * through core's onCallStart hook: pass `context` to the orchestrators (the mock itself is frozen).
 * Calls a test makes on the mock directly are not counted.
 */
export function callCounter() {
  const counts = new Map<string, number>();
  return {
    context: {
      hooks: {
        onCallStart: (event: { operation: string }) =>
          void counts.set(event.operation, (counts.get(event.operation) ?? 0) + 1),
      },
    },
    count: (operation: string) => counts.get(operation) ?? 0,
    reset: () => counts.clear(),
  };
}

export const GPU_REQUEST = {
  gpu: 'h100',
  image: 'ghcr.io/acme/infer:1',
  ports: [{ port: 8000, protocol: 'http' as const }],
};

/** A cloud whose terminate fails, quoting whatever it is given, while `echo` holds something. */
export function echoingTerminate(world: World): { provider: Provider; echo: string[] } {
  const echo: string[] = [];
  const provider: Provider = {
    ...world.mock,
    id: world.mock.id,
    capabilities: world.mock.capabilities,
    async terminate(id, ctx) {
      if (echo.length > 0) throw new Error(`cloud refused to terminate: ${echo.join(' and ')} are still attached`);
      return world.mock.terminate(id, ctx);
    },
  };
  return { provider, echo };
}

/** Forgets every secret nobody holds, as a process that never saw them: more new ones than the registry keeps. */
export function forgetUnheld(): void {
  const count = secretRegistryStats().maxEvictable + 10;
  for (let i = 0; i < count; i++) registerSecret(`filler-${i}-${Math.random().toString(36).slice(2)}`);
}
