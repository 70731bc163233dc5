export { describeProviderConformance } from './describe-provider-conformance.js';
export { describeStubConformance } from './describe-stub-conformance.js';
export { FAULT_SCENARIOS, type Fault, type FaultInjector, type FaultOperation, type FaultScenario } from './faults.js';
export type { ConformanceHooks, JobOutcome } from './hooks.js';
export {
  CONFORMANCE_GROUPS,
  type ConformanceGroup,
  type ConformanceTimeouts,
  type ProviderConformanceOptions,
  type ReadEnv,
  type StubConformanceOptions,
} from './options.js';
export { expectAtlasError, expectRejects, rejectionOf } from './rejection.js';
export { findLeaks, secretForms } from './secret-scan.js';
export { VERSION } from './version.js';
