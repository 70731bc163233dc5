/**
 * @atlas/runpod/testing: a stateful fake of RunPod's REST v2 API and serverless runtime on
 * 127.0.0.1, for tests, demos and benchmarks. Node only (node:http).
 */

export type { Fault, FaultOperation } from '@atlas/core/testing';
export type { FaultInjector } from '@atlas/fake-kit';
export {
  type AvailabilityLevel,
  FAKE_CPU_TYPES,
  FAKE_DATA_CENTERS,
  FAKE_GPU_TYPES,
  type FakeCpuType,
  type FakeDataCenter,
  type FakeGpuType,
} from './catalog-data.js';
export type { RunPodConformanceHooks } from './conformance-hooks.js';
export type { JobStatus as FakeJobStatus } from './job-store.js';
export { NO_CAPACITY_DETAIL } from './pod-routes.js';
export type { PodStatus as FakePodStatus } from './pod-store.js';
export { type RunPodFake, type RunPodFakeOptions, startRunPodFake } from './start-runpod-fake.js';
export type { FakeJob, FakePod, FakePodRuntimePort, FakePodSshEndpoint } from './views.js';
