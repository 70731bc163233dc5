import { AtlasError } from '@atlas/core';

/**
 * RunPod wording that core's generic rules miss. v2 reports "no capacity" only as a 400 whose
 * `detail` says so (the spec: "capacity exhaustion currently carries no machine-readable code"),
 * and older hosts answered 500 for capacity and for an empty balance.
 */
const CAPACITY = /\b(capacity|availab\w*|no longer any instances|not have the resources|out of stock|no gpus?)\b/i;
const BALANCE = /\b(balance is too low|insufficient (balance|funds)|add funds)\b/i;

export function mapRunPodError(error: AtlasError): AtlasError {
  const status = error.status;
  if (status === undefined) return error;
  if ((status === 400 || status >= 500) && error.kind !== 'capacity' && CAPACITY.test(error.message)) {
    return withKind(error, 'capacity', true);
  }
  if (status >= 500 && BALANCE.test(error.message)) return withKind(error, 'payment_required', false);
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
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}
