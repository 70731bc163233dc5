import type { ProviderSettings } from '@atlas/core/provider';

/**
 * What `createLambdaLabs` accepts. Every field is optional; a CallContext overrides the HTTP ones
 * per call. `apiKey` wins over LAMBDA_API_KEY (then LAMBDA_LABS_API_KEY), read at call time;
 * `baseUrl` defaults to https://cloud.lambda.ai/api/v1/.
 */
export interface LambdaLabsSettings extends ProviderSettings {
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
