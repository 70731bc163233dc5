import type { HttpHooks, RetryOptions } from '@atlas/core';

/** What `createLambdaLabs` accepts. Every field is optional; a CallContext overrides the HTTP ones per call. */
export interface LambdaLabsSettings {
  /** Used when the call passes no `apiKey`; otherwise LAMBDA_API_KEY (or LAMBDA_LABS_API_KEY), read at call time. */
  readonly apiKey?: string;
  /** The Lambda Cloud API (default https://cloud.lambda.ai/api/v1/). */
  readonly baseUrl?: string;
  /** Per-attempt HTTP timeout (default 30 s). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly hooks?: HttpHooks;
  readonly retry?: RetryOptions;
  /**
   * Least time between two launches with the same API key (default 1000 ms). Lambda limits
   * launches per account; spacing them here makes a burst of spawns queue instead of failing.
   */
  readonly launchIntervalMs?: number;
  /** How many (instance type, region) pairs a spawn tries when launches answer insufficient capacity (default 3). */
  readonly maxLaunchAttempts?: number;
  /** The SSH key Atlas creates once per account and reuses when the call names none (default 'atlas'). */
  readonly sshKeyName?: string;
}

export const PROVIDER_ID = 'lambda-labs';
/** Lambda's own name for the key. */
export const API_KEY_ENV = 'LAMBDA_API_KEY';
/** The name Atlas's architecture first used; read when LAMBDA_API_KEY is unset. */
export const FALLBACK_API_KEY_ENV = 'LAMBDA_LABS_API_KEY';
export const DEFAULT_BASE_URL = 'https://cloud.lambda.ai/api/v1/';
export const DEFAULT_LAUNCH_INTERVAL_MS = 1000;
export const DEFAULT_MAX_LAUNCH_ATTEMPTS = 3;
export const DEFAULT_SSH_KEY_NAME = 'atlas';
