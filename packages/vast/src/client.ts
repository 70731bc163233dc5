import { AtlasError, type CallContext, isAtlasError } from '@atlas/core';
import type { HttpRequest } from '@atlas/core/provider';
import { createProviderHttp } from '@atlas/core/provider';
import { VAST_ERROR_RULES } from './error-rules.js';
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

const http = createProviderHttp({
  provider: PROVIDER_ID,
  defaultBaseUrl: DEFAULT_BASE_URL,
  apiKeyEnv: API_KEY_ENV,
  errorRules: VAST_ERROR_RULES,
});

function intervalFor(minIntervalMs: VastSettings['minIntervalMs'], endpoint: VastEndpoint): number {
  if (typeof minIntervalMs === 'number') return minIntervalMs;
  return minIntervalMs?.[endpoint] ?? DEFAULT_MIN_INTERVAL_MS[endpoint];
}

/** The host, without a trailing slash or an `/api/vN` suffix, so that paths name their API version. */
export function hostBase(base: string): string {
  return `${base.replace(/\/+$/, '').replace(/\/api\/v\d+$/, '')}/`;
}

/**
 * The API for one call (ctx is the boundary's: settings under the call's own). The key resolves
 * first, so a missing key fails before any request; paths are relative (`api/v0/instances/1/`,
 * with the trailing slash Vast's own clients send).
 */
export function vastApi(minIntervalMs: VastSettings['minIntervalMs'], ctx: CallContext): VastApi {
  const base = hostBase(ctx.baseUrl ?? DEFAULT_BASE_URL);
  const client = http({ ...ctx, baseUrl: base });
  // The key the client resolved is the limiter's identity, as it is Vast's.
  const identity = `${base}\u0000${ctx.apiKey ?? ''}`;
  return {
    signal: ctx.signal,
    async request<T>(endpoint: VastEndpoint, request: HttpRequest<T>): Promise<T> {
      await waitForSlot(`${identity}\u0000${endpoint}`, intervalFor(minIntervalMs, endpoint), ctx.signal);
      try {
        return await client.request(request);
      } catch (error) {
        throw withoutInstanceEnv(error);
      }
    },
  };
}

/**
 * An instance body carries `extra_env` (every env value, the bearer token). A body that fails its
 * schema or is not JSON becomes a `contract` error holding the body as `raw`: keep the error, drop
 * the env (or the whole unreadable text), so no env value reaches an error.
 */
function withoutInstanceEnv(error: unknown): unknown {
  if (!isAtlasError(error) || error.kind !== 'contract' || error.raw === undefined) return error;
  // Unreadable text: core quotes its start in the message; that start may hold env values.
  const cut = error.message.indexOf('the body is not JSON');
  const message =
    typeof error.raw !== 'string'
      ? error.message
      : `${cut < 0 ? 'vast: ' : error.message.slice(0, cut)}the body is not JSON; its text is withheld (an instance body carries env values)`;
  return new AtlasError({
    kind: error.kind,
    provider: error.provider,
    message,
    retryable: error.retryable,
    issues: error.issues,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(typeof error.raw === 'object' && error.raw !== null ? { raw: stripEnv(error.raw) } : {}),
    cause: error.cause,
  });
}

function stripEnv(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => stripEnv(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'extra_env' && key !== 'jupyter_token' && key !== 'instance_api_key')
      .map(([key, item]) => [key, stripEnv(item, depth + 1)]),
  );
}
