import type { CallContext } from '@atlas/core';
import { createHttpClient, type HttpClient, resolveApiKey } from '@atlas/core/provider';
import { RUNPOD_ERROR_RULES } from './error-rules.js';
import {
  API_KEY_ENV,
  DEFAULT_BASE_URL,
  DEFAULT_RUNTIME_BASE_URL,
  PROVIDER_ID,
  type RunPodSettings,
} from './settings.js';

/** The call's context with the provider's settings filling the gaps (the call wins). */
export function effectiveContext(settings: RunPodSettings, ctx: CallContext = {}): CallContext {
  return {
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.hooks === undefined ? {} : { hooks: settings.hooks }),
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...definedOnly(ctx),
  };
}

function definedOnly(ctx: CallContext): CallContext {
  return Object.fromEntries(Object.entries(ctx).filter(([, value]) => value !== undefined)) as CallContext;
}

/** `https://host[/prefix]` -> `https://host[/prefix]/v2/`; a base that already ends in /v2 is kept. */
export function v2Base(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/v2') ? `${trimmed}/` : `${trimmed}/v2/`;
}

function apiKey(settings: RunPodSettings, ctx: CallContext): string {
  return resolveApiKey({
    provider: PROVIDER_ID,
    callKey: ctx.apiKey,
    settingsKey: settings.apiKey,
    envVar: API_KEY_ENV,
  });
}

/** The REST v2 management API. Resolves the key first, so a missing key fails before any request. */
export function restClient(settings: RunPodSettings, ctx: CallContext): HttpClient {
  const key = apiKey(settings, ctx);
  return createHttpClient({
    provider: PROVIDER_ID,
    baseUrl: v2Base(ctx.baseUrl ?? settings.baseUrl ?? DEFAULT_BASE_URL),
    apiKey: key,
    ctx,
    errorRules: RUNPOD_ERROR_RULES,
  });
}

/** The serverless runtime (`{runtime}/v2/{endpoint}/...`). */
export function runtimeClient(settings: RunPodSettings, ctx: CallContext): HttpClient {
  const key = apiKey(settings, ctx);
  return createHttpClient({
    provider: PROVIDER_ID,
    baseUrl: v2Base(ctx.baseUrls?.runtime ?? settings.runtimeBaseUrl ?? DEFAULT_RUNTIME_BASE_URL),
    apiKey: key,
    ctx,
    errorRules: RUNPOD_ERROR_RULES,
  });
}
