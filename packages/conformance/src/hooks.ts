import type { ComputeRequestInput, JobRef, JobRequestInput, Provider } from '@atlas/core';

/** What a job request must make the worker do, for the serverless group's unhappy paths. */
export type JobOutcome = 'failed' | 'timed_out';

/**
 * Ways to make things happen that a happy path never shows. Every hook is optional: the tests that
 * need a missing hook are registered as skipped, named with the hook they need, never passed
 * silently. The mock (`mockConformanceHooks` in this package's tests) and every HTTP fake in the
 * repo (`fake.hooks` of `@atlas/runpod/testing`) provide them.
 */
export interface ConformanceHooks<P extends Provider = Provider> {
  /** Crashes a compute; afterwards the provider must report it `failed`. */
  failCompute?(id: string, provider: P): void | Promise<void>;
  /** Preempts (interrupts) a compute; afterwards the provider must report `stopped`, `terminated` or `failed`, never running. */
  preemptCompute?(id: string, provider: P): void | Promise<void>;
  /** Fields of a job request whose job ends with that outcome (merged over the serverless job's endpoint). */
  jobRequest?(outcome: JobOutcome): Pick<JobRequestInput, 'input' | 'policy'>;
  /** The input the worker received for a job, to prove it arrived unchanged. */
  readJobInput?(ref: JobRef, provider: P): unknown | Promise<unknown>;
  /** Sets how many computes one answer of the backing list call holds (undefined: the default); the provider must follow every page. */
  setPageSize?(size: number | undefined): void | Promise<void>;
  /** The API key and any other secret the provider holds: never in raw, results, errors or logs, in any encoding. */
  secrets?(): readonly string[] | Promise<readonly string[]>;
  /** Creates a network volume the provider can attach (for providers that declare network_volumes); returns its id. */
  createNetworkVolume?(provider: P): string | Promise<string>;
  /**
   * For providers that declare global_networking (a provider option, not a contract field): the
   * request fields that ask for it, and whether a compute got it.
   */
  globalNetworking?(provider: P): {
    request: Partial<ComputeRequestInput>;
    isEnabled(id: string): boolean | Promise<boolean>;
  };
}

export type HookName = keyof ConformanceHooks;
