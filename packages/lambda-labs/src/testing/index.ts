/**
 * @atlas/lambda-labs/testing: a stateful fake of the Lambda Cloud API on 127.0.0.1, for tests,
 * demos and benchmarks. Node only (node:http).
 */

export type { Fault, FaultOperation } from '@atlas/core/testing';
export type { FaultInjector } from '@atlas/fake-kit';
export { FAKE_INSTANCE_TYPES, FAKE_REGIONS, type FakeInstanceType } from './catalog-data.js';
export type { FakeInstanceStatus } from './fake-state.js';
export {
  type FakeInstanceView,
  type LambdaFake,
  type LambdaFakeOptions,
  startLambdaFake,
} from './start-lambda-fake.js';
