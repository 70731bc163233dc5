import type { InstanceStore } from './instance-store.js';
import type { FakeState } from './routes.js';

/**
 * The hooks `@atlas/conformance` drives to make things happen that a happy path never shows (its
 * `ConformanceHooks`, matched structurally so that this package does not depend on the suite).
 */
export interface VastConformanceHooks {
  /** The container crashes: `exited`, which the provider reports as `failed`. */
  failCompute(id: string): void;
  /** An interruptible instance is outbid: its host stops it (`stopped`). */
  preemptCompute(id: string): void;
  /** Instances per page of `GET /api/v1/instances/` (undefined: 25, Vast's maximum). */
  setPageSize(size: number | undefined): void;
  /** The API key: it must never appear in results, raw or errors. */
  secrets(): readonly string[];
}

export function conformanceHooks(state: FakeState, apiKey: string): VastConformanceHooks {
  const known = (instances: InstanceStore, id: string, act: (n: number) => boolean) => {
    if (!/^\d+$/.test(id) || !act(Number(id))) throw new Error(`the Vast fake has no instance ${id}`);
    return instances;
  };
  return {
    failCompute: (id) => {
      known(state.instances, id, (n) => state.instances.fail(n));
    },
    preemptCompute: (id) => {
      known(state.instances, id, (n) => state.instances.preempt(n));
    },
    setPageSize: (size) => {
      state.pageSize = Math.min(25, Math.max(1, size ?? 25));
    },
    secrets: () => [apiKey],
  };
}
