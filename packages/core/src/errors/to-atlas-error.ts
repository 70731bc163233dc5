import { AtlasError, isAtlasError } from './atlas-error.js';

/**
 * Whatever a call threw, as an AtlasError: an AtlasError passes through; a DOMException from an
 * AbortSignal becomes `timeout` (TimeoutError) or a non-retryable `transport` (AbortError, the
 * caller's own abort, as the HTTP layer reports it); anything else (a TypeError from a bug, a
 * string, a foreign HTTP error) becomes `unknown`. The original is kept, sanitized, as `cause`.
 * Shared by every provider and by Atlas's own entry points so all of them agree.
 */
export function toAtlasError(error: unknown, provider: string, operation?: string): AtlasError {
  if (isAtlasError(error)) return error;
  const where = operation === undefined ? provider : `${provider}.${operation}`;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new AtlasError({
      kind: 'timeout',
      provider,
      message: `${where}: timed out: ${error.message}`,
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new AtlasError({
      kind: 'transport',
      provider,
      message: `${where}: aborted by the caller`,
      retryable: false,
      cause: error,
    });
  }
  return new AtlasError({
    kind: 'unknown',
    provider,
    message: `${where} failed with a non-Atlas error: ${describe(error)}`,
    cause: error,
  });
}

/** Runs one call and converts whatever it throws, synchronously or not, with toAtlasError. */
export async function guardCall<T>(provider: string, operation: string, call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAtlasError(error, provider, operation);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  // Other thrown values are not printed: an arbitrary object may hold anything, secrets included.
  return `a thrown ${error === null ? 'null' : typeof error}`;
}
