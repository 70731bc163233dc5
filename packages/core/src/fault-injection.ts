/**
 * The contract between a test double of a cloud (an HTTP fake, the mock) and the tests that break
 * it on purpose: the conformance suite's `faults` group, and a provider's own tests. It lives in
 * core, type-only, so that a fake shipped in a provider package (`@atlas/runpod/testing`) and the
 * suite agree without the fake depending on the suite.
 */

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
  /** HTTP status to answer with (default 500, or 429 when only `retryAfterSeconds` is given). */
  status?: number;
  /** Response body: a string is sent verbatim (malformed JSON is the point of some faults), anything else as JSON. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Sent as the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Drop the socket instead of answering. */
  resetConnection?: boolean;
  /** Wait this long before answering (or dropping). With nothing else set, the request is then served normally. */
  delayMs?: number;
  /** How many requests get the fault before the server behaves again (default 1). */
  times?: number;
  /** For spawnCompute: the resource is created, then the server fails (500 or reset). */
  afterCreate?: boolean;
  /**
   * For spawnCompute: the server holds the create and commits it this long after it arrived, even
   * if the client gave up meanwhile (a create that lands after a timeout); then it answers as it
   * would (or with the fault's status/reset, when set) if the client is still there.
   */
  commitAfterMs?: number;
}

/** Lets a test break the server side of a provider on purpose, then put it right. */
export interface FaultInjector {
  inject(operation: FaultOperation, fault: Fault): void | Promise<void>;
  /** Removes every pending fault and zeroes the counters. */
  clear(): void | Promise<void>;
  /** How many requests reached the server for the operation since the last clear (faulted ones included). */
  count?(operation: FaultOperation): number | Promise<number>;
}
