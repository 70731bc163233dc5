import type { AtlasIssue } from './atlas-error-options.js';
import { listIssues } from './body-issues.js';
import type { ErrorKind } from './error-kind.js';
import { redactText } from './redact.js';

const MAX_MESSAGE = 500;

/** What the message of an error response is built from. */
export interface ResponseMessageParts {
  readonly provider: string;
  readonly status: number;
  readonly kind: ErrorKind;
  /** What was being done ("GET /v2/pods/abc"). */
  readonly operation?: string;
  /** The body's own message. */
  readonly detail?: string;
  readonly issues: readonly AtlasIssue[];
  readonly retryAfterMs?: number;
}

/**
 * `<provider>: <the body's message>[: <field problems>] (<operation>, HTTP <status>)[. <what to do>]`,
 * redacted and cut to a readable length.
 */
export function responseMessage(parts: ResponseMessageParts): string {
  const { provider, status } = parts;
  const detail = truncate(parts.detail ?? `HTTP ${status}`);
  // List the field problems unless the detail already is that list.
  const issues =
    parts.issues.length > 0 && !detail.includes(parts.issues[0]?.message ?? '')
      ? `: ${truncate(listIssues(parts.issues))}`
      : '';
  const where = parts.operation ? `${parts.operation}, HTTP ${status}` : `HTTP ${status}`;
  const hint = hintFor(parts.kind, status, parts.retryAfterMs);
  return `${provider}: ${detail}${issues} (${where})${hint === undefined ? '' : `. ${hint}`}`;
}

/** What the caller can do about it, by kind: the part of the message a person acts on. */
function hintFor(kind: ErrorKind, status: number, retryAfterMs: number | undefined): string | undefined {
  switch (kind) {
    case 'unauthorized':
      return 'Unauthorized: check the API key';
    case 'forbidden':
      return 'Forbidden: the API key lacks permission for this operation';
    case 'payment_required':
      return 'Payment required: add credit or a payment method to the account';
    case 'capacity':
      return 'No capacity for this request right now: try another GPU type, region or cloud type, or retry later';
    case 'rate_limited':
      return retryAfterMs === undefined
        ? 'Rate limited: slow down and retry later'
        : `Rate limited: retry after ${formatMs(retryAfterMs)}`;
    default:
      return status >= 500
        ? `The provider had a server error${retryAfterMs === undefined ? '' : `; retry after ${formatMs(retryAfterMs)}`}`
        : undefined;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.ceil(ms / 1000)} s`;
}

/** Redacted before it is cut: a secret cut in two would slip past redaction and leave its start. */
function truncate(text: string): string {
  const safe = redactText(text);
  return safe.length > MAX_MESSAGE ? `${safe.slice(0, MAX_MESSAGE - 1)}…` : safe;
}
