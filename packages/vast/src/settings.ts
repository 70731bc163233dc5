import type { ProviderSettings } from '@atlas/core/provider';

/** The Vast endpoints the client-side limiter spaces out (Vast enforces a minimum interval per endpoint). */
export const VAST_ENDPOINTS = [
  'search',
  'create',
  'show',
  'list',
  'manage',
  'destroy',
  'reboot',
  'ssh',
  'billing',
] as const;
export type VastEndpoint = (typeof VAST_ENDPOINTS)[number];

/**
 * What `createVast` accepts: core's provider settings (`apiKey`, else VAST_API_KEY at call time;
 * `baseUrl`, default https://console.vast.ai, to which `/api/v0/...` and `/api/v1/...` are
 * appended; `timeoutMs`, `fetch`, `hooks`, `retry`), each overridden per call by the CallContext,
 * plus the limiter's intervals.
 */
export interface VastSettings extends ProviderSettings {
  /**
   * Minimum time between two calls to one endpoint with one API key, in ms: one number for every
   * endpoint, or per endpoint. Vast enforces such intervals and answers 429 without Retry-After,
   * so bursts queue here instead. 0 turns the limiter off.
   */
  readonly minIntervalMs?: number | Readonly<Partial<Record<VastEndpoint, number>>>;
}

export const PROVIDER_ID = 'vast';
export const API_KEY_ENV = 'VAST_API_KEY';
export const DEFAULT_BASE_URL = 'https://console.vast.ai';

/**
 * Defaults for the limiter. Vast does not publish its intervals; the 429 bodies name thresholds
 * (create 4.5, show 2.0, manage 1.0, destroy 3.0, see specs NOTES.md) whose unit is not stated.
 * These stay below what interactive use needs; a 429 on a read is still retried with backoff.
 */
export const DEFAULT_MIN_INTERVAL_MS: Readonly<Record<VastEndpoint, number>> = {
  search: 500,
  create: 1000,
  show: 200,
  list: 500,
  manage: 1000,
  destroy: 1000,
  reboot: 1000,
  ssh: 500,
  billing: 500,
};
