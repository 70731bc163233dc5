import { AtlasError } from './atlas-error.js';
import { type ResponseLike, responseErrorOptions } from './response-error.js';

export { extractErrorBody } from './extract-body.js';
export type { ResponseLike } from './response-error.js';
export { parseRetryAfter } from './retry-after.js';
export { kindForStatus } from './status-kind.js';

/** Build the AtlasError that an HTTP error response means (the same as AtlasError.fromResponse). */
export function errorFromResponse(response: ResponseLike): AtlasError {
  return new AtlasError(responseErrorOptions(response));
}

/**
 * errorFromResponse for the HTTP layer, which knows how long it would have waited next: that wait
 * stands in for `retryAfterMs` when the response names no wait of its own.
 */
export function responseError(response: ResponseLike, fallbackRetryAfterMs: number | undefined): AtlasError {
  return new AtlasError(responseErrorOptions(response, fallbackRetryAfterMs));
}
