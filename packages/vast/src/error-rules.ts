import { AtlasError } from '@atlas/core';
import { classifyError, type ErrorRule, extractErrorBody } from '@atlas/core/provider';
import { PROVIDER_ID } from './settings.js';

/**
 * Vast's error bodies: `{success, error: "<code>", msg}`, sometimes only `msg`, `message` or
 * `detail`, or plain text (specs/vast/NOTES.md). The code decides first; some codes hide in the
 * message (`error 404/3603: no_such_ask ...` arrives with `error: "invalid_args"`).
 */
export const VAST_ERROR_RULES: readonly ErrorRule[] = [
  { code: 'no_such_ask', kind: 'capacity' },
  { text: /\bno_such_ask\b/, kind: 'capacity' },
  { code: 'auth_error', kind: 'unauthorized' },
  // The search endpoint answers a bad key with 404; a 2FA session that expired, with 404 too.
  { text: /\b(invalid user key|session expired)\b/i, kind: 'unauthorized' },
  { status: 429, kind: 'rate_limited' },
  { code: 'rate_limit_exceeded', kind: 'rate_limited' },
  { text: /\bAPI requests too frequent\b/i, kind: 'rate_limited' },
  { code: ['missing_billing', 'insufficient_credit'], kind: 'payment_required' },
  { text: /\b(insufficient (credit|funds|balance)|not enough credit)\b/i, kind: 'payment_required' },
  { code: 'not_found', kind: 'not_found' },
  {
    status: [400, 422],
    code: ['invalid_args', 'invalid_price', 'invalid_request', 'invalid_token', 'no_ssh_key_for_vm', 'label_too_long'],
    kind: 'validation',
  },
];

/**
 * Manage, destroy and reboot may answer 200 with `{success: false, error, msg}` (older hosts): still
 * a failure, classified by the same rules.
 */
export function refusedWithOk(body: unknown, what: string): AtlasError {
  const extracted = extractErrorBody(body);
  const { kind, retryable } = classifyError(
    { status: 200, ...(extracted.code === undefined ? {} : { code: extracted.code }), texts: extracted.texts },
    VAST_ERROR_RULES,
  );
  return new AtlasError({
    kind: kind === 'unknown' ? 'provider' : kind,
    provider: PROVIDER_ID,
    message: `vast: ${what}: ${extracted.message ?? 'refused'}`,
    retryable: kind === 'unknown' ? false : retryable,
    ...(extracted.code === undefined ? {} : { code: extracted.code }),
    raw: body,
  });
}
