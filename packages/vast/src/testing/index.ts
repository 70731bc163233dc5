/**
 * @atlas/vast/testing: a stateful fake of the Vast.ai API on 127.0.0.1, for tests, demos and
 * benchmarks. Node only (node:http).
 */

export type { Fault, FaultOperation } from '@atlas/core/testing';
export type { FaultInjector } from '@atlas/fake-kit';
export type { VastConformanceHooks } from './conformance-hooks.js';
export type { FakeInstance } from './instance-store.js';
export { defaultOffers, type FakeOffer, fakeOffer } from './market.js';
export { startVastFake, type VastFake, type VastFakeOptions } from './start-vast-fake.js';
