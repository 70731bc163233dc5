import type { CallContext } from '@atlas/core';
import { createProviderHttp, readEnv } from '@atlas/core/provider';
import { LAMBDA_ERROR_RULES, withSuggestion } from './error-rules.js';
import { API_KEY_ENV, DEFAULT_BASE_URL, FALLBACK_API_KEY_ENV, PROVIDER_ID } from './settings.js';

/** The Lambda Cloud API client for one call: key from the call, the settings, LAMBDA_API_KEY, then LAMBDA_LABS_API_KEY. */
export const lambdaHttp = createProviderHttp({
  provider: PROVIDER_ID,
  defaultBaseUrl: DEFAULT_BASE_URL,
  apiKeyEnv: [API_KEY_ENV, FALLBACK_API_KEY_ENV],
  errorRules: LAMBDA_ERROR_RULES,
  mapError: withSuggestion,
});

/**
 * Which Lambda account a call acts for (base URL and key, kept in memory only, never logged):
 * the launch limiter and Atlas's SSH key are per account. Call after lambdaHttp(ctx) resolved a key.
 */
export function accountOf(ctx: CallContext): string {
  const key = ctx.apiKey ?? readEnv(API_KEY_ENV) ?? readEnv(FALLBACK_API_KEY_ENV) ?? '';
  return `${ctx.baseUrl ?? DEFAULT_BASE_URL}\n${key}`;
}
