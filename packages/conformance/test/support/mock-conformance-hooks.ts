import type { MockProvider } from '@atlas/mock';
import type { ConformanceHooks } from '../../src/index.js';

/**
 * The conformance hooks over the mock's own test controls: setStatus crashes or preempts a
 * compute, a job input `{ fail }` or a short executionTimeoutMs ends a job badly, setPageSize
 * pages the list. `secrets` is a key the mock never sees, so that no leak can be excused.
 */
export function mockConformanceHooks(
  mock: () => MockProvider,
  secrets: readonly string[] = [],
): ConformanceHooks<MockProvider> {
  return {
    failCompute: (id) => mock().setStatus(id, 'failed'),
    preemptCompute: (id) => mock().setStatus(id, 'terminated'),
    jobRequest: (outcome) =>
      outcome === 'failed'
        ? { input: { prompt: 'atlas conformance', fail: 'atlas conformance: the worker raised' } }
        : { input: { prompt: 'atlas conformance' }, policy: { executionTimeoutMs: 1 } },
    readJobInput: (ref) => mock().readJobInput(ref),
    setPageSize: (size) => mock().setPageSize(size),
    secrets: () => secrets,
  };
}
