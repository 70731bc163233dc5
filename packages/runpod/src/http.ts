import type { CallContext } from '@atlas/core';
import { createProviderHttp, type HttpClient } from '@atlas/core/provider';
import { RUNPOD_ERROR_RULES } from './error-rules.js';
import {
  API_KEY_ENV,
  DEFAULT_BASE_URL,
  DEFAULT_RUNTIME_BASE_URL,
  PROVIDER_ID,
  RUNTIME_BASE_URL_NAME,
} from './settings.js';

/** `https://host[/prefix]` -> `https://host[/prefix]/v2/`; a base that already ends in /v2 is kept. */
export function v2Base(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/v2') ? `${trimmed}/` : `${trimmed}/v2/`;
}

const restHttp = createProviderHttp({
  provider: PROVIDER_ID,
  defaultBaseUrl: v2Base(DEFAULT_BASE_URL),
  apiKeyEnv: API_KEY_ENV,
  errorRules: RUNPOD_ERROR_RULES,
});

const runtimeHttp = createProviderHttp({
  provider: PROVIDER_ID,
  defaultBaseUrl: v2Base(DEFAULT_RUNTIME_BASE_URL),
  baseUrlName: RUNTIME_BASE_URL_NAME,
  apiKeyEnv: API_KEY_ENV,
  errorRules: RUNPOD_ERROR_RULES,
});

/**
 * The REST v2 management API for one call. Both APIs are versioned under `/v2`, and a base URL
 * given without it (the fake's `http://127.0.0.1:port`, a proxy) gets it appended.
 */
export function rest(ctx: CallContext): HttpClient {
  return restHttp(ctx.baseUrl === undefined ? ctx : { ...ctx, baseUrl: v2Base(ctx.baseUrl) });
}

/** The serverless runtime (`{runtime}/v2/{endpoint}/...`) for one call. */
export function runtime(ctx: CallContext): HttpClient {
  const base = ctx.baseUrls?.[RUNTIME_BASE_URL_NAME];
  return runtimeHttp(
    base === undefined ? ctx : { ...ctx, baseUrls: { ...ctx.baseUrls, [RUNTIME_BASE_URL_NAME]: v2Base(base) } },
  );
}
