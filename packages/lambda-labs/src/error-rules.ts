import { AtlasError } from '@atlas/core';
import type { ErrorRule } from '@atlas/core/provider';
import { ERROR_CODES as C } from './api/error-codes.js';

/**
 * Lambda's `error.code` -> Atlas kind (the spec: branch on the code, never on the message). Quota
 * exceeded is the account's ceiling, not a region's stock: retrying or another region will not
 * help and Support raises it, so `forbidden`. An inactive account or a bad billing address is fixed
 * by paying: `payment_required`. `global/internal-error` comes with 409, which alone would read as
 * `conflict`. Upstream failures are `provider/<something>`.
 */
export const LAMBDA_ERROR_RULES: readonly ErrorRule[] = [
  { code: C.invalidApiKey, kind: 'unauthorized', retryable: false },
  { code: [C.accountInactive, C.invalidAddress], kind: 'payment_required', retryable: false },
  { code: [C.invalidParameters, C.fileSystemInWrongRegion], kind: 'validation', retryable: false },
  { code: C.quotaExceeded, kind: 'forbidden', retryable: false },
  { code: C.notFound, kind: 'not_found', retryable: false },
  { code: C.insufficientCapacity, kind: 'capacity', retryable: true },
  {
    code: [C.duplicate, C.fileSystemInUse, C.firewallRulesetInUse, C.sshKeyInUse],
    kind: 'conflict',
    retryable: false,
  },
  { code: [C.internal, /^provider\//], kind: 'provider', retryable: false },
];

/** Lambda's suggestion says when the same request may work later ("Try again shortly"). */
const SUGGESTS_RETRY = /\btry again\b|\bretry\b/i;

/**
 * After the rules: Lambda's `suggestion` is advice, which rules never read, so it is handled here.
 * It is added to the message, and a `provider` error (upstream, internal) is retryable exactly when
 * the suggestion says to try again.
 */
export function withSuggestion(error: AtlasError): AtlasError {
  const suggestion = suggestionOf(error.raw);
  if (suggestion === undefined) return error;
  const retryable = error.kind === 'provider' ? SUGGESTS_RETRY.test(suggestion) : error.retryable;
  return new AtlasError({
    kind: error.kind,
    provider: error.provider,
    message: `${error.message} Lambda suggests: ${suggestion}`,
    retryable,
    issues: error.issues,
    raw: error.raw,
    cause: error.cause,
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}

function suggestionOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const inner = (raw as { error?: unknown }).error;
  if (typeof inner !== 'object' || inner === null) return undefined;
  const suggestion = (inner as { suggestion?: unknown }).suggestion;
  return typeof suggestion === 'string' && suggestion.trim() !== '' ? suggestion.trim() : undefined;
}
