import { AtlasError, type ErrorKind } from '@atlas/core';
import { ERROR_CODES as C } from './api/error-codes.js';

interface Rule {
  readonly kind: ErrorKind;
  readonly retryable?: boolean;
}

/**
 * Lambda's `error.code` -> Atlas kind. The spec says to branch on the code, never on the message.
 * Quota exceeded is the account's ceiling, not the region's stock: retrying or another region will
 * not help, support raises it, so `forbidden`. An inactive account or a bad billing address is
 * fixed by paying: `payment_required`. `global/internal-error` comes with 409.
 */
const RULES: Readonly<Record<string, Rule>> = {
  [C.invalidApiKey]: { kind: 'unauthorized', retryable: false },
  [C.accountInactive]: { kind: 'payment_required', retryable: false },
  [C.invalidAddress]: { kind: 'payment_required', retryable: false },
  [C.invalidParameters]: { kind: 'validation', retryable: false },
  [C.fileSystemInWrongRegion]: { kind: 'validation', retryable: false },
  [C.quotaExceeded]: { kind: 'forbidden', retryable: false },
  [C.notFound]: { kind: 'not_found', retryable: false },
  [C.duplicate]: { kind: 'conflict', retryable: false },
  [C.fileSystemInUse]: { kind: 'conflict', retryable: false },
  [C.firewallRulesetInUse]: { kind: 'conflict', retryable: false },
  [C.sshKeyInUse]: { kind: 'conflict', retryable: false },
  [C.insufficientCapacity]: { kind: 'capacity', retryable: true },
  [C.internal]: { kind: 'provider' },
};

/** Upstream failures: `provider/internal-unavailable`, ... */
const UPSTREAM_PREFIX = 'provider/';
/** Lambda's suggestion says when the same request may work later ("Try again shortly"). */
const SUGGESTS_RETRY = /\btry again\b|\bretry\b/i;

/** Refines core's error by Lambda's code, and adds Lambda's suggestion to the message. */
export function mapLambdaError(error: AtlasError): AtlasError {
  const code = error.code;
  const suggestion = suggestionOf(error.raw);
  const rule = code === undefined ? undefined : ruleFor(code, suggestion);
  if (rule === undefined && suggestion === undefined) return error;
  const kind = rule?.kind ?? error.kind;
  const retryable = rule?.retryable ?? (kind === error.kind ? error.retryable : undefined);
  return new AtlasError({
    kind,
    provider: error.provider,
    message: suggestion === undefined ? error.message : `${error.message} Lambda suggests: ${suggestion}`,
    ...(retryable === undefined ? {} : { retryable }),
    issues: error.issues,
    raw: error.raw,
    cause: error.cause,
    ...(code === undefined ? {} : { code }),
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}

function ruleFor(code: string, suggestion: string | undefined): Rule | undefined {
  const known = Object.hasOwn(RULES, code) ? RULES[code] : undefined;
  if (known !== undefined && (known.kind !== 'provider' || suggestion === undefined)) return known;
  if (known !== undefined || code.startsWith(UPSTREAM_PREFIX)) {
    return { kind: 'provider', retryable: suggestion !== undefined && SUGGESTS_RETRY.test(suggestion) };
  }
  return undefined;
}

function suggestionOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const inner = (raw as { error?: unknown }).error;
  if (typeof inner !== 'object' || inner === null) return undefined;
  const suggestion = (inner as { suggestion?: unknown }).suggestion;
  return typeof suggestion === 'string' && suggestion.trim() !== '' ? suggestion.trim() : undefined;
}
