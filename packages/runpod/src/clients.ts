import { type CallContext, createHttpClient, type HttpClient, resolveApiKey } from '@atlas/core';
import { mapRunPodError } from './map-error.js';
import { API_KEY_ENV, DEFAULT_BASE_URL, DEFAULT_RUNTIME_BASE_URL, PROVIDER_ID, type RunPodSettings } from './settings.js';

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

/** True when a call passes no context, or only undefined fields: the provider's settings decide everything. */
export function isDefaultContext(ctx: CallContext | undefined): boolean {
  if (ctx === undefined) return true;
  for (const key in ctx) if ((ctx as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

/**
 * A client maker that builds one client for the calls that pass no context and reuses it while the
 * API key stays the same (the key is still resolved on every call: RUNPOD_API_KEY may change).
 * Building a client per call (headers, secret registration, URL checks) cost more than the rest
 * of a getCompute on our side. A call with its own context gets its own client, as before.
 */
export function reusingClients(settings: RunPodSettings, make: (settings: RunPodSettings, ctx: CallContext) => HttpClient) {
  const defaults = effectiveContext(settings);
  let reused: { readonly key: string; readonly client: HttpClient } | undefined;
  const forDefaults = (): HttpClient => {
    const key = apiKey(settings, defaults);
    if (reused?.key !== key) reused = { key, client: make(settings, defaults) };
    return reused.client;
  };
  return {
    /** The provider's defaults merged under a call's context (the same object for every default call). */
    context: (ctx?: CallContext): CallContext => (isDefaultContext(ctx) ? defaults : effectiveContext(settings, ctx)),
    /** A client for an effective context as `context` returned it. */
    forContext: (ctx: CallContext): HttpClient => (ctx === defaults ? forDefaults() : make(settings, ctx)),
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
  return resolveApiKey({ provider: PROVIDER_ID, callKey: ctx.apiKey, settingsKey: settings.apiKey, envVar: API_KEY_ENV });
}

/** The REST v2 management API. Resolves the key first, so a missing key fails before any request. */
export function restClient(settings: RunPodSettings, ctx: CallContext): HttpClient {
  const key = apiKey(settings, ctx);
  return createHttpClient({
    provider: PROVIDER_ID,
    baseUrl: v2Base(ctx.baseUrl ?? settings.baseUrl ?? DEFAULT_BASE_URL),
    apiKey: key,
    ctx,
    mapError: mapRunPodError,
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
    mapError: mapRunPodError,
  });
}
