import type * as v from 'valibot';
import { AtlasError, isAtlasError } from '../errors/atlas-error.js';
import { parseRetryAfter, responseError } from '../errors/from-response.js';
import { holdSecrets, redactUrl, registerSecret } from '../errors/redact.js';
import type { CallContext } from '../provider.js';
import { VERSION } from '../version.js';
import { type AttemptPlan, type AttemptResult, runAttempt } from './attempt.js';
import { backoffDelay } from './backoff.js';
import { emit } from './emit.js';
import { abortedError, type FailureContext, requestError, timeoutError, transportError } from './failures.js';
import { parseJsonBody, validateBody } from './read-body.js';
import { type AttemptOutcome, decideRetry, isRepeatable, resolveRetryOptions } from './retry-policy.js';
import { sleep } from './sleep.js';
import { buildUrl, directoryUrl, hasDotSegment } from './url.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  /** Provider id, stamped on every AtlasError and hook event. */
  readonly provider: string;
  /** Absolute base URL; request paths resolve against it. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; registered for redaction. */
  readonly apiKey?: string;
  /** Extra headers for every request. Credential headers (`x-api-key`, ...) are registered for redaction. */
  readonly headers?: Readonly<Record<string, string>>;
  /** signal, timeoutMs, fetch, hooks and retry come from here. */
  readonly ctx?: CallContext;
  /** Per-attempt timeout when ctx.timeoutMs is unset (default 30 s). */
  readonly defaultTimeoutMs?: number;
  /** Provider-specific refinement of errors built by AtlasError.fromResponse (e.g. capacity). */
  readonly mapError?: (error: AtlasError) => AtlasError;
}

export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface HttpRequest<T> {
  readonly method: HttpMethod;
  /** Relative to baseUrl, e.g. `pods/abc` (no leading slash keeps the base path). */
  readonly path: string;
  /** Query parameters; an array repeats the key, undefined leaves it out. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly json?: unknown;
  /** Validates the JSON response; a mismatch rejects AtlasError `contract`. */
  readonly schema?: v.GenericSchema<unknown, T>;
  /**
   * A cheap hand-written check that may stand in for `schema`: it must return true only for a body
   * the schema accepts and outputs unchanged (no transform, default or dropped key). Such a body is
   * used as it is; anything else goes through the schema, which decides and names the issues. For
   * large lists, where valibot's copy of every object costs more than parsing the JSON.
   */
  readonly accepts?: (data: unknown) => data is T;
  /** How to read the body (default 'json'; 'none' ignores it; 'response' hands back the Response for streaming). */
  readonly responseType?: 'json' | 'text' | 'none' | 'response';
  /**
   * Overrides what the method implies. `true`: a POST that is safe to repeat (an action, not a
   * create), retried like PUT and DELETE. `false`: a read with a side effect (a poll that drains a
   * buffer), retried like a create, only when the server says it did nothing.
   */
  readonly idempotent?: boolean;
  /** Per-request override of the per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Headers for this request only (an `Idempotency-Key`, `Accept: text/event-stream`); they win over the client's. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpClient {
  request<T = unknown>(request: HttpRequest<T>): Promise<T>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** setTimeout's ceiling (ky rejects larger timeouts). */
const MAX_TIMER_MS = 2_147_483_647;
const USER_AGENT = `atlas-sdk/${VERSION}`;
/** Headers whose values are credentials, wherever a provider puts them. */
const CREDENTIAL_HEADERS =
  /^(?:authorization|proxy-authorization|x-api-key|api-key|apikey|x-auth-token|x-access-token|cookie)$/i;

/**
 * The shared HTTP layer every HTTP provider uses: base URL, bearer auth, JSON, a per-attempt
 * timeout, the caller's AbortSignal, telemetry hooks with redacted URLs, response validation and
 * Atlas's retry policy (see retry-policy.ts). Every rejection is an AtlasError. Cheap to create:
 * providers make one per call, since the call's context is part of the options.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const credentials = [...(options.apiKey ? [options.apiKey] : []), ...credentialsIn(options.headers)];
  for (const credential of credentials) registerSecret(credential);
  const client: ClientState = {
    options,
    base: directoryUrl(options.baseUrl),
    headers: clientHeaders(options),
    credentials,
  };
  return { request: <T>(request: HttpRequest<T>) => send(client, request) };
}

interface ClientState {
  readonly options: HttpClientOptions;
  readonly base: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The API key and credential header values, held for redaction while a call runs. */
  readonly credentials: readonly string[];
}

function clientHeaders(options: HttpClientOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  if (options.headers !== undefined) {
    for (const [name, value] of Object.entries(options.headers)) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Values of credential headers; `Bearer abc` gives `abc` too: the bare token is what a server echoes back. */
function credentialsIn(headers: Readonly<Record<string, string>> | undefined): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!CREDENTIAL_HEADERS.test(name)) continue;
    out.push(value);
    const space = value.indexOf(' ');
    if (space > 0) out.push(value.slice(space + 1).trim());
  }
  return out;
}

async function send<T>(client: ClientState, request: HttpRequest<T>): Promise<T> {
  const { options } = client;
  // Held for the whole call, retries included: however many secrets (minted tokens) are registered
  // meanwhile, the key is still known when this call's errors and hook events are redacted.
  const release = holdSecrets(
    request.headers === undefined ? client.credentials : [...client.credentials, ...credentialsIn(request.headers)],
  );
  try {
    return await sendWithRetries(client, request);
  } catch (error) {
    if (isAtlasError(error)) throw error;
    // A bug of ours or a hostile mapError: still an AtlasError, never a bare error.
    throw new AtlasError({
      kind: 'unknown',
      provider: options.provider,
      message: `${options.provider}: ${request.method} ${request.path} failed`,
      cause: error,
    });
  } finally {
    release();
  }
}

async function sendWithRetries<T>(client: ClientState, request: HttpRequest<T>): Promise<T> {
  const { options } = client;
  const { provider } = options;
  const ctx = options.ctx;
  const method = request.method;
  let url: URL;
  if (hasDotSegment(request.path)) {
    // An id of '..' in `pods/${id}` would resolve to the parent collection: never send it.
    throw requestError(
      { provider, operation: `${method} ${request.path}` },
      'the path has a "." or ".." segment',
      undefined,
    );
  }
  try {
    url = buildUrl(client.base, request.path, request.query);
  } catch (error) {
    throw requestError(
      { provider, operation: `${method} ${request.path}` },
      `invalid URL (base ${client.base})`,
      error,
    );
  }
  if (url.username !== '' || url.password !== '') {
    // fetch refuses such URLs with a bare TypeError; say why, and never echo the credentials.
    throw requestError(
      { provider, operation: `${method} ${request.path}` },
      'the base URL carries credentials (user:password@host), which fetch refuses; pass the key as apiKey instead',
      undefined,
    );
  }
  const where: FailureContext = {
    provider,
    operation: `${method} ${url.pathname}`,
    repeatable: isRepeatable(method, request.idempotent),
  };
  // Serialized once, not once per attempt.
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
    responseType: request.responseType ?? 'json',
  };
  const retry = resolveRetryOptions(ctx?.retry);
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    if (hooks !== undefined) emit(hooks, 'onRequest', { provider, method, url: plan.eventUrl, attempt });
    const result = await runAttempt(plan, attempt);
    if (result.type === 'success') return readSuccess(result.response, result.text, request, plan, where);
    // An abort that landed while an error body was being read still wins over that error.
    if (result.type === 'aborted' || signal?.aborted) throw abortedError(where, signal?.reason);
    const outcome = outcomeOf(result);
    const decision = decideRetry(outcome, where.repeatable, { retriesDone: attempt - 1, waitedMs }, retry);
    if (!decision.retry) {
      // A 429 that used up the retries says how long to wait even without Retry-After: the next backoff.
      const nextWaitMs =
        outcome.type === 'status' && outcome.status === 429 ? backoffDelay(attempt - 1, retry, Math.random) : undefined;
      throw failureOf(result, where, timeoutMs, options, nextWaitMs);
    }
    if (hooks !== undefined) {
      const reason = outcome.type === 'status' ? String(outcome.status) : outcome.type;
      emit(hooks, 'onRetry', {
        provider,
        method,
        url: plan.eventUrl,
        attempt: attempt + 1,
        delayMs: decision.delayMs,
        reason,
      });
    }
    if (!(await sleep(decision.delayMs, signal))) throw abortedError(where, signal?.reason);
    waitedMs += decision.delayMs;
  }
}

function requestHeaders(
  base: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> | undefined,
  hasJsonBody: boolean,
): Readonly<Record<string, string>> {
  if (extra === undefined && !hasJsonBody) return base;
  const headers: Record<string, string> = { ...base };
  if (hasJsonBody) headers['content-type'] = 'application/json';
  if (extra !== undefined) {
    for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  }
  return headers;
}

type FailedAttempt = Extract<AttemptResult, { type: 'status' | 'timeout' | 'transport' }>;

function outcomeOf(result: FailedAttempt): AttemptOutcome {
  if (result.type !== 'status') return result;
  const { status, headers } = result.response;
  return { type: 'status', status, retryAfterMs: parseRetryAfter(headers.get('retry-after')) };
}

function failureOf(
  result: FailedAttempt,
  where: FailureContext,
  timeoutMs: number,
  options: HttpClientOptions,
  fallbackRetryAfterMs: number | undefined,
): AtlasError {
  if (result.type === 'timeout') return timeoutError(where, timeoutMs, result.cause);
  if (result.type === 'transport') return transportError(where, result.cause);
  const { response } = result;
  const error = responseError(
    {
      status: response.status,
      body: result.text,
      headers: response.headers,
      provider: where.provider,
      operation: where.operation,
    },
    fallbackRetryAfterMs,
  );
  return refine(error, options.mapError);
}

/** A provider's mapError may sharpen the kind; if it throws or returns junk, the core error stands. */
function refine(error: AtlasError, mapError: HttpClientOptions['mapError']): AtlasError {
  if (mapError === undefined) return error;
  try {
    const mapped = mapError(error);
    return isAtlasError(mapped) ? mapped : error;
  } catch (thrown) {
    return isAtlasError(thrown) ? thrown : error;
  }
}

function readSuccess<T>(
  response: Response,
  text: string,
  request: HttpRequest<T>,
  plan: AttemptPlan,
  where: FailureContext,
): T {
  switch (plan.responseType) {
    case 'response':
      return response as T;
    case 'none':
      return undefined as T;
    case 'text':
      return checked(request, text, response.status, where);
    default:
      return checked(
        request,
        parseJsonBody(text, response.status, response.headers.get('content-type'), where),
        response.status,
        where,
      );
  }
}

function checked<T>(request: HttpRequest<T>, data: unknown, status: number, where: FailureContext): T {
  if (request.schema === undefined) return data as T;
  if (request.accepts !== undefined && vouches(request.accepts, data)) return data;
  return validateBody(request.schema, data, status, where);
}

/**
 * A hand-written check may assume the shape it checks for (`data.items.length` on a `null` body):
 * if it throws, it vouches for nothing and the schema decides, so a bad body is still `contract`.
 */
function vouches<T>(accepts: (data: unknown) => data is T, data: unknown): data is T {
  try {
    return accepts(data) === true;
  } catch {
    return false;
  }
}
