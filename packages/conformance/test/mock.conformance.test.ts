import { createMock, type MockProvider } from '@atlas/mock';
import { describeProviderConformance, FAULT_SCENARIOS } from '../src/index.js';
import { mockConformanceHooks } from './support/mock-conformance-hooks.js';
import { mockFaultInjector } from './support/mock-fault-injector.js';

let current: MockProvider | undefined;
const mock = () => {
  if (current === undefined) throw new Error('no mock yet');
  return current;
};

describeProviderConformance({
  name: '@atlas/mock',
  factory: () => {
    current = createMock({ provisioningMs: 20, jobDurationMs: 250 });
    return current;
  },
  gpu: 'h100',
  image: 'ghcr.io/atlas/echo:1',
  readEnv: (provider, id) => provider.readEnv(id),
  faults: mockFaultInjector(mock),
  hooks: mockConformanceHooks(mock),
  job: { endpoint: 'atlas-conformance', input: { prompt: 'atlas conformance stream check' }, chunks: 4 },
  // The mock makes no HTTP requests, so there is no retry to observe after a 500 on get.
  faultScenarios: FAULT_SCENARIOS.filter((s) => s !== 'server_error_on_get'),
  timeouts: { readyMs: 2_000, pollMs: 10 },
});
