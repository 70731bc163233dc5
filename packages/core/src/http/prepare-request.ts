import { redactUrl } from '../errors/redact.js';
import { nextTelemetryId } from '../telemetry/ids.js';
import type { AttemptPlan } from './attempt.js';
import { abortedError, type FailureContext, requestError } from './failures.js';
import { requestHeaders } from './headers.js';
import { isRepeatable } from './retry-policy.js';
import type { HttpClientOptions, HttpRequest } from './types.js';
import { buildUrl, hasDotSegment } from './url.js';

const DEFAULT_TIMEOUT_MS = 30_000;
/** setTimeout's ceiling (ky rejects larger timeouts). */
const MAX_TIMER_MS = 2_147_483_647;

/** A client's fixed parts, computed once when it is created. */
export interface ClientState {
  readonly options: HttpClientOptions;
  /** The base URL as a directory. */
  readonly base: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A request ready to send: what every attempt needs and where failures are reported. */
export interface PreparedRequest {
  readonly plan: AttemptPlan;
  readonly where: FailureContext;
  readonly timeoutMs: number;
}

/**
 * Everything that happens once per request, before any attempt: the URL (refusing dot segments
 * and credentials in it), the JSON body serialized once, headers, timeout and the caller's signal.
 * Throws `validation` for a request that cannot be built, `transport` when already aborted.
 */
export function prepareRequest<T>(client: ClientState, request: HttpRequest<T>): PreparedRequest {
  const { options } = client;
  const { provider, ctx } = options;
  const { method } = request;
  const url = requestUrl(client, request);
  const where: FailureContext = {
    provider,
    operation: `${method} ${url.pathname}`,
    repeatable: isRepeatable(method, request.idempotent),
  };
  let body: string | undefined;
  if (request.json !== undefined) {
    try {
      body = JSON.stringify(request.json);
    } catch (error) {
      throw requestError(where, 'the JSON body cannot be serialized', error);
    }
  }
  const signal = ctx?.signal;
  if (signal?.aborted) throw abortedError(where, signal.reason);
  const hooks = ctx?.hooks;
  const timeoutMs = request.timeoutMs ?? ctx?.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const plan: AttemptPlan = {
    provider,
    method,
    href: url.href,
    eventUrl: hooks === undefined ? '' : redactUrl(url),
    kyOptions: {
      method,
      headers: requestHeaders(client.headers, request.headers, body !== undefined),
      retry: 0,
      throwHttpErrors: false,
      timeout: Math.min(timeoutMs, MAX_TIMER_MS),
      ...(body === undefined ? {} : { body }),
      ...(signal === undefined ? {} : { signal }),
      ...(ctx?.fetch === undefined ? {} : { fetch: ctx.fetch }),
    },
    signal,
    hooks,
    requestId: hooks === undefined ? '' : nextTelemetryId('req'),
    responseType: request.responseType ?? 'json',
  };
  return { plan, where, timeoutMs };
}

function requestUrl<T>(client: ClientState, request: HttpRequest<T>): URL {
  const where = { provider: client.options.provider, operation: `${request.method} ${request.path}` };
  if (hasDotSegment(request.path)) {
    // An id of '..' in `pods/${id}` would resolve to the parent collection: never send it.
    throw requestError(where, 'the path has a "." or ".." segment', undefined);
  }
  let url: URL;
  try {
    url = buildUrl(client.base, request.path, request.query);
  } catch (error) {
    throw requestError(where, `invalid URL (base ${client.base})`, error);
  }
  if (url.username !== '' || url.password !== '') {
    // fetch refuses such URLs with a bare TypeError; say why, and never echo the credentials.
    throw requestError(
      where,
      'the base URL carries credentials (user:password@host), which fetch refuses; pass the key as apiKey instead',
      undefined,
    );
  }
  return url;
}
