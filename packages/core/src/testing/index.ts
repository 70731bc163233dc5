/**
 * `@atlas/core/testing`: the contract between a test double of a cloud (an HTTP fake, the mock)
 * and the tests that break it on purpose. Type-only.
 */
export type { Fault, FaultInjector, FaultOperation } from '../fault-injection.js';
