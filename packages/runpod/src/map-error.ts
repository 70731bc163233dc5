import { AtlasError } from '@atlas/core';
import { extractErrorBody } from '@atlas/core/provider';

/**
 * RunPod wording that core's generic rules miss, read from the body's own fields (RFC 9457
 * `title`/`detail`, the v1-era `error`), never from the finished message, which also holds the
 * operation and so an endpoint or pod id. v2 reports "no capacity" only as a 400 whose `detail`
 * says so (the spec: "capacity exhaustion currently carries no machine-readable code"); older hosts
 * answered 500 for capacity and for an empty balance. Phrases, not words: "invalid capacity value"
 * and "template not available to this account" are not stock-outs.
 */
const CAPACITY =
  /\b(no longer any instances available|no instances currently available|not currently available in|does not have the resources to deploy|out of stock|no gpus? (are )?available)\b/i;
/** GraphQL's code for a stock-out (errors.md). */
const CAPACITY_CODES = new Set(['SUPPLY_CONSTRAINT']);
const BALANCE = /\b(balance is too low|insufficient (balance|funds)|add funds)\b/i;

export function mapRunPodError(error: AtlasError): AtlasError {
  const status = error.status;
  if (status === undefined || error.kind === 'capacity') return error;
  const { message = '', code } = extractErrorBody(error.raw);
  if (
    (status === 400 || status >= 500) &&
    (CAPACITY.test(message) || (code !== undefined && CAPACITY_CODES.has(code)))
  ) {
    return withKind(error, 'capacity', true);
  }
  if (status >= 500 && BALANCE.test(message)) return withKind(error, 'payment_required', false);
  return error;
}

function withKind(error: AtlasError, kind: AtlasError['kind'], retryable: boolean): AtlasError {
  return new AtlasError({
    kind,
    provider: error.provider,
    message: error.message,
    retryable,
    issues: error.issues,
    raw: error.raw,
    cause: error.cause,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}
