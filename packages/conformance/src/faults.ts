// The injector's contract lives in core (type-only), shared with the fakes that implement it.
export type { Fault, FaultInjector, FaultOperation } from '@atlas/core/testing';

/** The fault scenarios of the `faults` group, one test each. */
export const FAULT_SCENARIOS = [
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'server_error_on_get',
  'server_error_on_spawn',
  'malformed_json',
  'connection_reset',
  'aborted_mid_call',
  'timeout',
] as const;
export type FaultScenario = (typeof FAULT_SCENARIOS)[number];
