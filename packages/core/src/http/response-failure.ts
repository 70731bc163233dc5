import { type AtlasError, isAtlasError } from '../errors/atlas-error.js';
import { responseError } from '../errors/from-response.js';
import { retryAfterFromHeaders } from '../errors/retry-after.js';
import type { AttemptResult } from './attempt.js';
import { type FailureContext, timeoutError, transportError } from './failures.js';
import type { AttemptOutcome } from './retry-policy.js';
import type { HttpClientOptions } from './types.js';

export type FailedAttempt = Extract<AttemptResult, { type: 'status' | 'timeout' | 'transport' }>;

/** What the retry policy needs to know of a failed attempt. */
export function outcomeOf(result: FailedAttempt): AttemptOutcome {
  if (result.type !== 'status') return result;
  const { status, headers } = result.response;
  return { type: 'status', status, retryAfterMs: retryAfterFromHeaders(headers) };
}

/** The AtlasError a failed attempt means; for an error status, through the provider's rules and mapError. */
export function failureOf(
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
      ...(options.errorRules === undefined ? {} : { rules: options.errorRules }),
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
