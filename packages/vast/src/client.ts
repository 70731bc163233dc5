import { type CallContext, createHttpClient, type HttpRequest, resolveApiKey } from '@atlas/core';
import { mapVastError } from './map-error.js';
import { waitForSlot } from './rate-limiter.js';
import {
  API_KEY_ENV,
  DEFAULT_BASE_URL,
  DEFAULT_MIN_INTERVAL_MS,
  PROVIDER_ID,
  type VastEndpoint,
  type VastSettings,
} from './settings.js';

/** One call's view of the Vast API: each request names its endpoint, for the limiter. */
export interface VastApi {
  request<T>(endpoint: VastEndpoint, request: HttpRequest<T>): Promise<T>;
  readonly signal: AbortSignal | undefined;
}

/** The call's context with the provider's settings filling the gaps (the call wins). */
export function effectiveContext(settings: VastSettings, ctx: CallContext = {}): CallContext {
  const defined = Object.fromEntries(Object.entries(ctx).filter(([, value]) => value !== undefined)) as CallContext;
  return {
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.hooks === undefined ? {} : { hooks: settings.hooks }),
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...defined,
  };
}

function intervalFor(settings: VastSettings, endpoint: VastEndpoint): number {
  const configured = settings.minIntervalMs;
  if (typeof configured === 'number') return configured;
  return configured?.[endpoint] ?? DEFAULT_MIN_INTERVAL_MS[endpoint];
}

/** The host without a trailing slash or an `/api/vN` suffix, so paths can name their version. */
function hostBase(base: string): string {
  return `${base.replace(/\/+$/, '').replace(/\/api\/v\d+$/, '')}/`;
}

/**
 * The API for one call. The key resolves first, so a missing key fails before any request; paths
 * are relative (`api/v0/instances/1/`, trailing slash as Vast's own clients send it).
 */
export function vastApi(settings: VastSettings, ctx: CallContext): VastApi {
  const apiKey = resolveApiKey({
    provider: PROVIDER_ID,
    callKey: ctx.apiKey,
    settingsKey: settings.apiKey,
    envVar: API_KEY_ENV,
  });
  const base = hostBase(ctx.baseUrl ?? settings.baseUrl ?? DEFAULT_BASE_URL);
  const http = createHttpClient({ provider: PROVIDER_ID, baseUrl: base, apiKey, ctx, mapError: mapVastError });
  return {
    signal: ctx.signal,
    async request<T>(endpoint: VastEndpoint, request: HttpRequest<T>): Promise<T> {
      await waitForSlot(`${base}\u0000${apiKey}\u0000${endpoint}`, intervalFor(settings, endpoint), ctx.signal);
      return http.request(request);
    },
  };
}
