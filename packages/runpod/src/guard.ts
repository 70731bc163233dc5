import type { AtlasError } from '@atlas/core';
import { toAtlasError as coreToAtlasError } from '@atlas/core/provider';
import { PROVIDER_ID } from './settings.js';

/**
 * Every provider call rejects with an AtlasError: anything else escaping is converted by core's
 * rule (a caller's abort becomes a non-retryable `transport`, as core's HTTP layer reports it).
 */
export function toAtlasError(error: unknown): AtlasError {
  return coreToAtlasError(error, PROVIDER_ID);
}

export async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAtlasError(error);
  }
}
