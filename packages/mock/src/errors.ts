import { AtlasError, type CallContext, type ErrorKind } from '@atlas/core';

/** The HTTP status a real cloud would answer with, so injected errors look like real ones. */
const STATUS_FOR_KIND: Partial<Record<ErrorKind, number>> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 400,
  payment_required: 402,
  rate_limited: 429,
  timeout: 408,
  provider: 500,
  capacity: 503,
};

export function mockError(provider: string, kind: ErrorKind, message: string): AtlasError {
  const status = STATUS_FOR_KIND[kind];
  return new AtlasError({
    kind,
    provider,
    message,
    ...(status === undefined ? {} : { status }),
    ...(kind === 'rate_limited' ? { retryAfterMs: 1000 } : {}),
  });
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
