import { AtlasError, isAtlasError } from '@atlas/core';
import { PROVIDER_ID } from './settings.js';

/**
 * Every provider call rejects with an AtlasError: anything else escaping is wrapped here. A
 * caller's abort becomes `transport` (not retryable), as core's HTTP layer reports it.
 */
export function toAtlasError(error: unknown): AtlasError {
  if (isAtlasError(error)) return error;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new AtlasError({ kind: 'timeout', provider: PROVIDER_ID, message: `runpod: ${error.message}`, cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new AtlasError({ kind: 'transport', provider: PROVIDER_ID, message: 'runpod: aborted by the caller', retryable: false, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AtlasError({ kind: 'unknown', provider: PROVIDER_ID, message: `runpod: ${message}`, cause: error });
}

export async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAtlasError(error);
  }
}
