import type { AtlasErrorOptions } from './atlas-error-options.js';
import { responseMessage } from './error-message.js';
import { classifyError, type ErrorRule } from './error-rules.js';
import { extractParsed, parseBody } from './extract-body.js';
import { MAX_RETAINED } from './retained.js';
import { type HeadersLike, retryAfterFromHeaders } from './retry-after.js';

export interface ResponseLike {
  readonly status: number;
  /** The body: parsed JSON, or text (JSON text is parsed here), or nothing. */
  readonly body?: unknown;
  readonly headers?: HeadersLike;
  readonly provider: string;
  /** For the message: what was being done ("GET /v2/pods/abc"). */
  readonly operation?: string;
  /** The provider's error rules, tried before core's (see ErrorRule). */
  readonly rules?: readonly ErrorRule[];
}

/**
 * The options of the AtlasError an HTTP error response means (the class is built by the caller, so
 * that this module does not depend on it). `fallbackRetryAfterMs` is the HTTP layer's next backoff:
 * it stands in for `retryAfterMs` when the response names no wait, so a 429 that used up the
 * retries always tells the caller how long to back off.
 */
export function responseErrorOptions(response: ResponseLike, fallbackRetryAfterMs?: number): AtlasErrorOptions {
  const { status, provider } = response;
  const parsed = parseBody(response.body);
  const extracted = extractParsed(parsed);
  const { kind, retryable } = classifyError(
    { status, texts: extracted.texts, ...(extracted.code === undefined ? {} : { code: extracted.code }) },
    response.rules,
  );
  const retryAfterMs = retryAfterFromHeaders(response.headers) ?? fallbackRetryAfterMs;
  return {
    kind,
    provider,
    status,
    message: responseMessage({
      provider,
      status,
      kind,
      issues: extracted.issues,
      ...(response.operation === undefined ? {} : { operation: response.operation }),
      ...(extracted.message === undefined ? {} : { detail: extracted.message }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    }),
    retryable,
    ...(extracted.code === undefined ? {} : { code: extracted.code }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    issues: extracted.issues,
    // A body too long to keep is kept as its (capped) text: parsed, it would be copied whole to be scrubbed.
    raw: typeof response.body === 'string' && response.body.length > MAX_RETAINED ? response.body : parsed,
  };
}
