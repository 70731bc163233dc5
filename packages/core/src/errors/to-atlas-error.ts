import { AtlasError, isAtlasError } from './atlas-error.js';

/**
 * Whatever a call threw, as an AtlasError: an AtlasError passes through; a DOMException from an
 * AbortSignal becomes `timeout` (TimeoutError) or a non-retryable `transport` (AbortError, the
 * caller's own abort, as the HTTP layer reports it); a broken connection (undici's "terminated"
 * while a streamed body is read, a socket error code anywhere in the cause chain) becomes a
 * retryable `transport` (`timeout` for the timeout codes); anything else (a TypeError from a bug, a
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
  const broken = connectionFailure(error);
  if (broken !== undefined) {
    return new AtlasError({
      kind: TIMEOUT_CODES.has(broken.code ?? '') ? 'timeout' : 'transport',
      provider,
      message: `${where}: the connection failed${broken.code === undefined ? '' : ` (${broken.code})`}: ${broken.message}`,
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

/** Error codes of a connection that failed or broke, from Node's sockets and DNS and from undici. */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const MAX_CAUSE_DEPTH = 8;

/**
 * The connection failure behind an error, if it is one: an error whose cause chain carries a
 * connection error code, or undici's bare `TypeError: terminated` (a body cut off mid-stream).
 * A TypeError from a bug has neither, and stays `unknown`.
 */
function connectionFailure(error: unknown): { readonly code?: string; readonly message: string } | undefined {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return { code, message: current.message };
    current = current.cause;
  }
  if (error instanceof TypeError && error.message === 'terminated') return { message: 'the response body was cut off' };
  return undefined;
}
