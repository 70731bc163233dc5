import { readEnv, resolveApiKey } from '../api-key.js';
import type { AtlasError } from '../errors/atlas-error.js';
import type { ErrorRule } from '../errors/error-rules.js';
import { createHttpClient, type HttpClient } from '../http/client.js';
import type { CallContext } from '../provider.js';

export interface ProviderHttpOptions {
  /** The provider id, stamped on every error and hook event. */
  readonly provider: string;
  /** Where the API lives unless the call or the settings say otherwise. */
  readonly defaultBaseUrl: string;
  /**
   * For a provider with several APIs: which `ctx.baseUrls` entry overrides this one
   * (`'runtime'`). Without it, `ctx.baseUrl` does.
   */
  readonly baseUrlName?: string;
  /** The environment variable(s) read at call time when neither the call nor the settings give a key; the first is named in errors. */
  readonly apiKeyEnv: string | readonly [string, ...string[]];
  /** How the key travels (default `Authorization: Bearer <key>`); the headers are registered for redaction. */
  readonly authHeaders?: (apiKey: string) => Readonly<Record<string, string>>;
  /** Extra headers for a call (an `Idempotency-Key` from `ctx.idempotencyKey`, an API version). */
  readonly headers?: (ctx: CallContext) => Readonly<Record<string, string>> | undefined;
  /** Per-attempt timeout when neither the call nor the settings set one. */
  readonly defaultTimeoutMs?: number;
  /** The provider's rules over error bodies (codes, RFC 9457 fields), tried before core's. */
  readonly errorRules?: readonly ErrorRule[];
  /** A provider's refinement of the error core built from a response. */
  readonly mapError?: (error: AtlasError) => AtlasError;
}

/**
 * The HTTP client factory a provider's operations use: `http(ctx)` resolves the API key for this
 * call (the call's, then the settings', then the environment variable, read now, never at import;
 * a missing key fails before any request, naming all three ways) and returns core's client with
 * the retry policy, hooks, timeouts and error mapping. Cheap: make one per call.
 */
export function createProviderHttp(options: ProviderHttpOptions): (ctx: CallContext) => HttpClient {
  const envVars = typeof options.apiKeyEnv === 'string' ? [options.apiKeyEnv] : options.apiKeyEnv;
  return (ctx) => {
    const apiKey = keyFor(options.provider, ctx.apiKey, envVars);
    const base = options.baseUrlName === undefined ? ctx.baseUrl : (ctx.baseUrls?.[options.baseUrlName] ?? undefined);
    const authHeaders = options.authHeaders?.(apiKey);
    const headers = { ...options.headers?.(ctx), ...authHeaders };
    return createHttpClient({
      provider: options.provider,
      baseUrl: base ?? options.defaultBaseUrl,
      ctx,
      headers,
      ...(authHeaders === undefined ? { apiKey } : {}),
      ...(options.defaultTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.defaultTimeoutMs }),
      ...(options.errorRules === undefined ? {} : { errorRules: options.errorRules }),
      ...(options.mapError === undefined ? {} : { mapError: options.mapError }),
    });
  };
}

/** The call's key (settings included), else the first environment variable that is set; errors name the first. */
function keyFor(provider: string, callKey: string | undefined, envVars: readonly string[]): string {
  const fromEnv =
    callKey === undefined ? envVars.map((name) => readEnv(name)).find((key) => key !== undefined) : undefined;
  return resolveApiKey({ provider, callKey: callKey ?? fromEnv, envVar: envVars[0]! });
}
