import { createMock, type MockProvider } from '@atlas/mock';
import { createMemoryStore, type OrchestratorOptions } from '../src/index.js';
import { FakeClock } from './fake-clock.js';
import { type Harness, PROVISIONING_MS, startOrchestrator, type World } from './harness.js';

/** One fake clock, one store, and two mock clouds (ids `mock-a`, `mock-b`, the same catalog). */
export interface TwoClouds extends World {
  readonly a: MockProvider;
  readonly b: MockProvider;
}

export function createTwoClouds(): TwoClouds {
  const clock = new FakeClock();
  const cloud = (id: string) => createMock({ id, clock: () => clock.now(), provisioningMs: PROVISIONING_MS });
  const a = cloud('mock-a');
  const b = cloud('mock-b');
  return { clock, mock: a, a, b, store: createMemoryStore({ now: () => clock.now() }) };
}

/** An orchestrator over both clouds (mock-a first), with the harness's timings. */
export function startOnBoth(
  world: TwoClouds,
  extra: Partial<Omit<OrchestratorOptions, 'ownerId' | 'provider'>> = {},
): Harness {
  return startOrchestrator(world, { providers: [world.a, world.b], ...extra });
}

/** Live (not terminated) computes on one cloud. */
export async function liveOn(cloud: MockProvider) {
  return (await cloud.listCompute({})).filter((c) => c.status !== 'terminated');
}
