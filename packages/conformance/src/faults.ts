/** The provider operations a fault injector can break. */
export type FaultOperation =
  | 'spawnCompute'
  | 'getCompute'
  | 'listCompute'
  | 'stop'
  | 'start'
  | 'terminate'
  | 'runJob'
  | 'getJob';

/**
 * What the server does instead of answering normally. HTTP fakes honour every field; an in-memory
 * provider maps them to the error kind they stand for.
 */
export interface Fault {
  /** HTTP status to answer with (default 500). */
  status?: number;
  /** Response body, sent verbatim (malformed JSON is the point of some faults). */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Sent as the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Drop the socket instead of answering. */
  resetConnection?: boolean;
  /** Wait this long before answering (or dropping). */
  delayMs?: number;
  /** How many requests get the fault before the server behaves again (default 1). */
  times?: number;
  /** For spawn: the server creates the resource, then fails. */
  afterCreate?: boolean;
}

/**
 * Lets the suite break the server side of a provider on purpose. HTTP fakes implement it over
 * their routes; the suite clears it after every fault test.
 */
export interface FaultInjector {
  inject(operation: FaultOperation, fault: Fault): void | Promise<void>;
  clear(): void | Promise<void>;
  /** How many HTTP requests reached the server for the operation since the last clear. */
  count?(operation: FaultOperation): number | Promise<number>;
}

/** The fault scenarios of the `faults` group, one test each. */
export const FAULT_SCENARIOS = [
  'unauthorized',
  'not_found',
  'rate_limited',
  'server_error_on_get',
  'server_error_on_spawn',
  'malformed_json',
  'connection_reset',
] as const;
export type FaultScenario = (typeof FAULT_SCENARIOS)[number];
