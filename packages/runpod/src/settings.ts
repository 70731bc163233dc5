import type { HttpHooks, RetryOptions } from '@atlas/core';

/** What `createRunPod` accepts. Every field is optional; a CallContext overrides any of them per call. */
export interface RunPodSettings {
  /** Used when the call passes no `apiKey`; otherwise RUNPOD_API_KEY, read at call time. */
  readonly apiKey?: string;
  /** REST v2 management API (default https://api.runpod.io; `/v2` is appended). */
  readonly baseUrl?: string;
  /** Serverless runtime (default https://api.runpod.ai; `/v2/{endpoint}` is appended). */
  readonly runtimeBaseUrl?: string;
  /** Per-attempt HTTP timeout (default 30 s); when set, also the default cap of a sync job (else 90 s). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly hooks?: HttpHooks;
  readonly retry?: RetryOptions;
}

export const PROVIDER_ID = 'runpod';
export const API_KEY_ENV = 'RUNPOD_API_KEY';
export const DEFAULT_BASE_URL = 'https://api.runpod.io';
export const DEFAULT_RUNTIME_BASE_URL = 'https://api.runpod.ai';
