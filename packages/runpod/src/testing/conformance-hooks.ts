import type { FakeState } from './fake-state.js';
import { resourceId } from './ids.js';

/**
 * The hooks `@atlas/conformance` drives to make things happen that a happy path never shows
 * (its `ConformanceHooks`, matched structurally so that this package does not depend on the
 * suite). RunPod's `GET /v2/pods` is not paginated, so there is no `setPageSize`.
 */
export interface RunPodConformanceHooks {
  /** The pod's container crashes: ERROR, which the provider reports as `failed`. */
  failCompute(id: string): void;
  /** The host reclaims an interruptible pod: it exits (EXITED). */
  preemptCompute(id: string): void;
  /** A job input the fake's worker fails (`input.fail`), or a policy it overruns (`executionTimeout`, 5 s at least). */
  jobRequest(outcome: 'failed' | 'timed_out'): { input: unknown; policy?: { executionTimeoutMs?: number } };
  /** The input the worker received, as the fake stored it from the /run body. */
  readJobInput(ref: { endpoint: string; id: string }): unknown;
  /** The API key: it must never appear in results, raw or errors. */
  secrets(): readonly string[];
  /** A network volume in US-KS-2, for the network_volumes check. */
  createNetworkVolume(): string;
  /** providerOptions `{ globalNetworking: true }` asks for it; the pod's `globalNetworking.enabled` says whether it got it. */
  globalNetworking(): { request: { providerOptions: { globalNetworking: true } }; isEnabled(id: string): boolean };
}

export function conformanceHooks(state: FakeState, apiKey: string): RunPodConformanceHooks {
  const known = (found: boolean, what: string) => {
    if (!found) throw new Error(`the RunPod fake has no ${what}`);
  };
  return {
    failCompute: (id) => known(state.pods.fail(id), `pod ${id}`),
    preemptCompute: (id) => known(state.pods.act(id, 'stop') === 'ok', `pod ${id} it can stop`),
    jobRequest: (outcome) =>
      outcome === 'failed'
        ? { input: { prompt: 'atlas conformance', fail: 'atlas conformance: the worker raised' } }
        : // RunPod's smallest executionTimeout is 5 s; the fake's `input.durationMs` overruns it just.
          { input: { prompt: 'atlas conformance', durationMs: 5_100 }, policy: { executionTimeoutMs: 5_000 } },
    readJobInput: (ref) => state.jobs.inputOf(ref.endpoint, ref.id),
    secrets: () => [apiKey],
    createNetworkVolume: () => {
      const id = resourceId(10);
      state.networkVolumes.set(id, {
        id,
        type: 'STANDARD',
        name: `atlas-conformance-${id}`,
        size: 10,
        dataCenter: 'US-KS-2',
      });
      return id;
    },
    globalNetworking: () => ({
      request: { providerOptions: { globalNetworking: true } },
      isEnabled: (id) => state.pods.view(id)?.globalNetworking.enabled === true,
    }),
  };
}
