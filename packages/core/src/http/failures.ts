import { AtlasError, type AtlasIssue } from '../errors/atlas-error.js';

/** Where a failure happened, for messages: the provider and "METHOD /path" (no query, so no secrets). */
export interface FailureContext {
  readonly provider: string;
  readonly operation: string;
  /** False for a create: the server may have acted on a request that got no clear answer. */
  readonly repeatable: boolean;
}

const MAYBE_APPLIED = '; not retried, because the provider may have acted on it';

export function timeoutError(where: FailureContext, timeoutMs: number, cause: unknown): AtlasError {
  return new AtlasError({
    kind: 'timeout',
    provider: where.provider,
    message: `${where.provider}: no response within ${timeoutMs} ms (${where.operation})${where.repeatable ? '' : MAYBE_APPLIED}`,
    cause,
  });
}

/** The caller's signal fired: not a failure of the provider, and not worth retrying. */
export function abortedError(where: FailureContext, reason: unknown): AtlasError {
  return new AtlasError({
    kind: 'transport',
    provider: where.provider,
    message: `${where.provider}: request aborted by the caller (${where.operation})`,
    retryable: false,
    cause: reason,
  });
}

/** Socket, DNS, TLS, reset: no HTTP answer at all. The root cause's code and message say which. */
export function transportError(where: FailureContext, cause: unknown): AtlasError {
  const root = rootCause(cause);
  const code = (root as { code?: unknown } | undefined)?.code;
  const what = root instanceof Error ? root.message : 'request failed';
  return new AtlasError({
    kind: 'transport',
    provider: where.provider,
    message: `${where.provider}: network error${typeof code === 'string' ? ` ${code}` : ''}: ${what} (${where.operation})${where.repeatable ? '' : MAYBE_APPLIED}`,
    cause: unwrapKyNetworkError(cause),
  });
}

/** The provider answered 2xx with something we cannot read: not JSON, or not the shape we rely on. */
export function contractError(
  where: FailureContext,
  status: number,
  detail: string,
  extra: { readonly issues?: readonly AtlasIssue[]; readonly raw?: unknown; readonly cause?: unknown } = {},
): AtlasError {
  return new AtlasError({
    kind: 'contract',
    provider: where.provider,
    status,
    message: `${where.provider}: unexpected response to ${where.operation} (HTTP ${status}): ${detail}`,
    retryable: false,
    ...extra,
  });
}

/** A request we could not even build (bad base URL, a body JSON cannot hold): the caller's bug. */
export function requestError(
  where: { readonly provider: string; readonly operation: string },
  detail: string,
  cause: unknown,
): AtlasError {
  return new AtlasError({
    kind: 'validation',
    provider: where.provider,
    message: `${where.provider}: cannot send ${where.operation}: ${detail}`,
    retryable: false,
    cause,
  });
}

/** ky wraps network failures in a NetworkError whose own message only repeats the URL. */
function unwrapKyNetworkError(error: unknown): unknown {
  return error instanceof Error && error.name === 'NetworkError' && error.cause !== undefined ? error.cause : error;
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8 && current instanceof Error && current.cause !== undefined; depth++)
    current = current.cause;
  return current;
}
