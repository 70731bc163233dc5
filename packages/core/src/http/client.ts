import { AtlasError, isAtlasError } from '../errors/atlas-error.js';
import { holdSecrets, registerSecret } from '../errors/redact.js';
import { runAttempt } from './attempt.js';
import { backoffDelay } from './backoff.js';
import { emit } from './emit.js';
import { abortedError } from './failures.js';
import { clientHeaders, requestCredentials } from './headers.js';
import { type ClientState, type PreparedRequest, prepareRequest } from './prepare-request.js';
import { readSuccess } from './read-success.js';
import { failureOf, outcomeOf } from './response-failure.js';
import { decideRetry, resolveRetryOptions } from './retry-policy.js';
import { sleep } from './sleep.js';
import type { HttpClient, HttpClientOptions, HttpRequest } from './types.js';
import { directoryUrl } from './url.js';

export type { HttpClient, HttpClientOptions, HttpMethod, HttpRequest, QueryValue } from './types.js';

/**
 * The shared HTTP layer every HTTP provider uses: base URL, bearer auth, JSON, a per-attempt
 * timeout, the caller's AbortSignal, telemetry hooks with redacted URLs, response validation and
 * Atlas's retry policy (see retry-policy.ts). Every rejection is an AtlasError. Cheap to create:
 * providers make one per call, since the call's context is part of the options.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  registerSecret(options.apiKey);
  const client: ClientState = { options, base: directoryUrl(options.baseUrl), headers: clientHeaders(options) };
  return { request: <T>(request: HttpRequest<T>) => send(client, request) };
}

async function send<T>(client: ClientState, request: HttpRequest<T>): Promise<T> {
  const { options } = client;
  // Held for the whole call, retries included: however many secrets (minted tokens) are registered
  // meanwhile, the key is still known when this call's errors and hook events are redacted.
  const release = holdSecrets(requestCredentials(options, request.headers));
  try {
    return await sendWithRetries(client, request, prepareRequest(client, request));
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

/** Attempts until one succeeds, the policy says stop (then the last failure is thrown), or the caller aborts. */
async function sendWithRetries<T>(
  client: ClientState,
  request: HttpRequest<T>,
  { plan, where, timeoutMs }: PreparedRequest,
): Promise<T> {
  const { options } = client;
  const { provider, method, eventUrl, hooks, signal, requestId } = plan;
  const retry = resolveRetryOptions(options.ctx?.retry);
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    if (hooks !== undefined) emit(hooks, 'onRequest', { provider, method, url: eventUrl, attempt, requestId });
    const result = await runAttempt(plan, attempt);
    if (result.type === 'success') return readSuccess(result.response, result.text, request, plan, where);
    // An abort that landed while an error body was being read still wins over that error.
    if (result.type === 'aborted' || signal?.aborted) throw abortedError(where, signal?.reason);
    const outcome = outcomeOf(result);
    // A 429 that uses up the retries says how long to wait even without Retry-After: the next backoff.
    const nextWaitMs =
      outcome.type === 'status' && outcome.status === 429 ? backoffDelay(attempt - 1, retry, Math.random) : undefined;
    const failure = failureOf(result, where, timeoutMs, options, nextWaitMs);
    // A provider rule that calls this error final (`retryable: false`) stops the retries too.
    const decision = failure.retryable
      ? decideRetry(outcome, where.repeatable, { retriesDone: attempt - 1, waitedMs }, retry)
      : { retry: false as const };
    if (!decision.retry) throw failure;
    if (hooks !== undefined) {
      const reason = outcome.type === 'status' ? String(outcome.status) : outcome.type;
      emit(hooks, 'onRetry', {
        provider,
        method,
        url: eventUrl,
        attempt: attempt + 1,
        requestId,
        delayMs: decision.delayMs,
        reason,
      });
    }
    if (!(await sleep(decision.delayMs, signal))) throw abortedError(where, signal?.reason);
    waitedMs += decision.delayMs;
  }
}
