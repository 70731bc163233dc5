import { type CallContext, createHttpClient, type HttpClient, readEnv, resolveApiKey } from '@atlas/core';
import { mapLambdaError } from './map-error.js';
import {
  API_KEY_ENV,
  DEFAULT_BASE_URL,
  FALLBACK_API_KEY_ENV,
  type LambdaLabsSettings,
  PROVIDER_ID,
} from './settings.js';

/** The call's context with the provider's settings filling the gaps (the call wins). */
export function effectiveContext(settings: LambdaLabsSettings, ctx: CallContext = {}): CallContext {
  const defined = Object.fromEntries(Object.entries(ctx).filter(([, value]) => value !== undefined)) as CallContext;
  return {
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.hooks === undefined ? {} : { hooks: settings.hooks }),
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...defined,
  };
}

/** The key for a call: per call, then settings, then LAMBDA_API_KEY, then LAMBDA_LABS_API_KEY (at call time). */
export function apiKeyFor(settings: LambdaLabsSettings, ctx: CallContext): string {
  return resolveApiKey({
    provider: PROVIDER_ID,
    callKey: ctx.apiKey,
    settingsKey: settings.apiKey,
    // The fallback is read only when LAMBDA_API_KEY is unset; a missing key names LAMBDA_API_KEY.
    envVar:
      readEnv(API_KEY_ENV) === undefined && readEnv(FALLBACK_API_KEY_ENV) !== undefined
        ? FALLBACK_API_KEY_ENV
        : API_KEY_ENV,
  });
}

/** A client for one call. Resolves the key first, so a missing key fails before any request. */
export function lambdaClient(settings: LambdaLabsSettings, ctx: CallContext): HttpClient {
  return createHttpClient({
    provider: PROVIDER_ID,
    baseUrl: ctx.baseUrl ?? settings.baseUrl ?? DEFAULT_BASE_URL,
    apiKey: apiKeyFor(settings, ctx),
    ctx,
    mapError: mapLambdaError,
  });
}
