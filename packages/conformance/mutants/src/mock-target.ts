import { CONFORMANCE_GROUPS, describeProviderConformance, FAULT_SCENARIOS } from '@atlas/conformance';
import type { Provider } from '@atlas/core';
import { createMock, type MockProvider } from '@atlas/mock';
import { describe } from 'vitest';
import { mockConformanceHooks } from '../../test/support/mock-conformance-hooks.js';
import { mockFaultInjector } from '../../test/support/mock-fault-injector.js';
import { controlTitle, describeMutant, type Mutant, mutantTitle } from './mutant.js';

/** The key the mock's hooks name as a secret; mutants that leak "the API key" leak this. */
const SECRET = `mock_key_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
// The mock makes no HTTP requests, so there is no retry to observe after a 500 on get.
const MOCK_SCENARIOS = FAULT_SCENARIOS.filter((s) => s !== 'server_error_on_get');

function describeOnMock(mutant: Mutant<MockProvider> | undefined): void {
  let base: MockProvider | undefined;
  let current: Provider | undefined;
  const mock = () => {
    if (base === undefined) throw new Error('the factory has not run');
    return base;
  };
  describeProviderConformance({
    name: 'suite',
    factory: () => {
      base = createMock({ provisioningMs: 10, jobDurationMs: 400 });
      current = mutant === undefined ? base : mutant.mutate(base, { secret: SECRET });
      return current;
    },
    groups: mutant?.groups ?? CONFORMANCE_GROUPS,
    gpu: 'h100',
    image: 'ghcr.io/atlas/echo:1',
    // Through the provider, so that a mutant can change what the compute sees.
    readEnv: (provider, id) => (provider as MockProvider).readEnv(id),
    faults: mockFaultInjector(mock),
    hooks: mockConformanceHooks(() => (current ?? mock()) as MockProvider, [SECRET]),
    faultScenarios: mutant?.faultScenarios ?? MOCK_SCENARIOS,
    job: { endpoint: 'atlas-conformance', input: { prompt: 'atlas conformance stream check' }, chunks: 4 },
    // readyMs is short so that a bug that makes the suite wait (a stop that does nothing) fails
    // fast, yet several times the job duration, so that cancelJob lands while a job is in flight.
    timeouts: { readyMs: 1_000, pollMs: 10, testMs: 10_000 },
  });
}

/** Registers the mutants of the mock (and, with `control`, the unmutated mock through every group). */
export function describeMockMutants(mutants: readonly Mutant<MockProvider>[], control: boolean): void {
  if (control) describe(controlTitle('mock'), () => describeOnMock(undefined));
  for (const mutant of mutants) describeMutant(mutantTitle('mock', mutant.id), () => describeOnMock(mutant));
}
