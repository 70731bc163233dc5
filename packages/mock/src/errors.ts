import { AtlasError, type CallContext, type ErrorKind } from '@atlas/core';

/**
 * No HTTP is involved, so no `status` (docs/errors.md: "the HTTP status, when there was one"); callers
 * branch on `kind`, as they should for every provider. A 404 here would print as "(HTTP 404)".
 */
export function mockError(provider: string, kind: ErrorKind, message: string): AtlasError {
  return new AtlasError({ kind, provider, message, ...(kind === 'rate_limited' ? { retryAfterMs: 1000 } : {}) });
}

export function notFound(provider: string, what: string, id: string): AtlasError {
  return mockError(provider, 'not_found', `${what} '${id}' was not found on ${provider}`);
}

/**
 * A call whose signal already fired fails the way core's HTTP client fails an aborted call
 * (docs/errors.md): `transport`, not retryable, whatever the abort reason (a timeout signal too).
 */
export function throwIfAborted(provider: string, ctx: CallContext | undefined): void {
  const signal = ctx?.signal;
  if (!signal?.aborted) return;
  throw new AtlasError({
    kind: 'transport',
    provider,
    message: `${provider}: call aborted by the caller`,
    retryable: false,
    cause: signal.reason,
  });
}
