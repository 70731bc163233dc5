import type { ProviderSettings } from '@atlas/core/provider';

/** What `createRunPod` accepts. Every field is optional; a CallContext overrides any of them per call. */
export interface RunPodSettings extends Omit<ProviderSettings, 'baseUrl' | 'baseUrls'> {
  /** Used when the call passes no `apiKey`; otherwise RUNPOD_API_KEY, read at call time. */
  readonly apiKey?: string;
  /** REST v2 management API (default https://api.runpod.io; `/v2` is appended). */
  readonly baseUrl?: string;
  /** Serverless runtime (default https://api.runpod.ai; `/v2/{endpoint}` is appended). Per call: `ctx.baseUrls.runtime`. */
  readonly runtimeBaseUrl?: string;
  /** Per-attempt HTTP timeout (default 30 s); when set, also the default cap of a sync job (else 90 s). */
  readonly timeoutMs?: number;
}

export const PROVIDER_ID = 'runpod';
export const API_KEY_ENV = 'RUNPOD_API_KEY';
export const DEFAULT_BASE_URL = 'https://api.runpod.io';
export const DEFAULT_RUNTIME_BASE_URL = 'https://api.runpod.ai';
/** The `ctx.baseUrls` entry that points at the serverless runtime. */
export const RUNTIME_BASE_URL_NAME = 'runtime';

/** The settings as core's toolkit takes them: the runtime's URL under its name in `baseUrls`. */
export function toProviderSettings({ runtimeBaseUrl, ...rest }: RunPodSettings): ProviderSettings {
  return runtimeBaseUrl === undefined ? rest : { ...rest, baseUrls: { [RUNTIME_BASE_URL_NAME]: runtimeBaseUrl } };
}
