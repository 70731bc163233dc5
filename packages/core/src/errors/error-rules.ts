import { type ErrorKind, RETRYABLE_KINDS } from './error-kind.js';
import { kindForStatus } from './status-kind.js';

/** A status, or a whole class of them. */
export type StatusMatch = number | '4xx' | '5xx';

/**
 * One way to read an error response: when every condition given holds, the error gets `kind` (and
 * `retryable`). Conditions look only at the structured fields of the body (see ErrorFacts), never
 * at the finished message, the URL or the operation. A provider declares its rules from its API's
 * documented codes; core's DEFAULT_ERROR_RULES run after them, the status decides when none match.
 */
export interface ErrorRule {
  /** The HTTP status: one, a list, or a class ('5xx'). Any status when omitted. */
  readonly status?: StatusMatch | readonly StatusMatch[];
  /** The body's code: exact string(s) or a RegExp. A rule with `code` never matches a body without one. */
  readonly code?: string | RegExp | readonly (string | RegExp)[];
  /**
   * Tested against each structured text field (RFC 9457 title/detail, `error.message`, `message`,
   * `msg`, ...) with URLs and paths taken out, so a link or a resource name cannot decide the kind.
   */
  readonly text?: RegExp;
  readonly kind: ErrorKind;
  /** Defaults to the kind's default (rate_limited, timeout, transport, capacity; `provider` on a 5xx). */
  readonly retryable?: boolean;
}

/** What rules look at: the status and the body's structured fields (see extractErrorBody). */
export interface ErrorFacts {
  readonly status: number;
  readonly code?: string;
  readonly texts: readonly string[];
}

// Phrases, not the bare word: "invalid capacity value" is a validation error, not a stock-out.
const CAPACITY_TEXT =
  /\b(no (longer )?(gpus? )?(available|capacity|instances? available)|not enough (capacity|gpus?|resources|machines)|insufficient (capacity|resources)|out of (stock|capacity)|capacity (is )?(exhausted|unavailable|reached|exceeded)|unavailable in|no available|there are no longer any instances available|no (machines|hosts) available)\b/i;
/** The same phrases spelled as codes: `INSUFFICIENT_CAPACITY`, `instance-operations/launch/insufficient-capacity`. */
const CAPACITY_CODE =
  /(?:^|[/_.:-])(?:(?:insufficient|no|not[_-]enough)[_-](?:capacity|gpus?|resources|stock)|out[_-]of[_-](?:stock|capacity)|capacity[_-](?:exhausted|unavailable|reached|exceeded))$/i;
/** A stock-out is reported as a 400, a 409 or a server error, depending on the cloud. */
const CAPACITY_STATUSES: readonly StatusMatch[] = [400, 409, '5xx'];

/** Core's rules, applied after a provider's own. */
export const DEFAULT_ERROR_RULES: readonly ErrorRule[] = [
  { status: CAPACITY_STATUSES, code: CAPACITY_CODE, kind: 'capacity' },
  { status: CAPACITY_STATUSES, text: CAPACITY_TEXT, kind: 'capacity' },
];

/** The first rule whose every condition holds, or undefined. */
export function matchErrorRule(rules: readonly ErrorRule[], facts: ErrorFacts): ErrorRule | undefined {
  let texts: readonly string[] | undefined;
  for (const rule of rules) {
    if (rule.status !== undefined && !statusMatches(rule.status, facts.status)) continue;
    if (rule.code !== undefined && !codeMatches(rule.code, facts.code)) continue;
    if (rule.text !== undefined) {
      texts ??= facts.texts.map(withoutLocations);
      const pattern = rule.text;
      if (!texts.some((text) => test(pattern, text))) continue;
    }
    return rule;
  }
  return undefined;
}

/**
 * Kind and retryability of an error response: the provider's rules first, then core's, then the
 * status alone (kindForStatus).
 */
export function classifyError(
  facts: ErrorFacts,
  rules: readonly ErrorRule[] = [],
): { readonly kind: ErrorKind; readonly retryable: boolean } {
  const rule = matchErrorRule(rules, facts) ?? matchErrorRule(DEFAULT_ERROR_RULES, facts);
  const kind = rule?.kind ?? kindForStatus(facts.status);
  const retryable = rule?.retryable ?? (RETRYABLE_KINDS.has(kind) || (kind === 'provider' && facts.status >= 500));
  return { kind, retryable };
}

function statusMatches(match: NonNullable<ErrorRule['status']>, status: number): boolean {
  const list: readonly StatusMatch[] = Array.isArray(match) ? match : [match as StatusMatch];
  return list.some((m) =>
    m === '4xx' ? status >= 400 && status < 500 : m === '5xx' ? status >= 500 && status < 600 : m === status,
  );
}

function codeMatches(match: NonNullable<ErrorRule['code']>, code: string | undefined): boolean {
  if (code === undefined) return false;
  const list: readonly (string | RegExp)[] = Array.isArray(match) ? match : [match as string | RegExp];
  return list.some((m) => (typeof m === 'string' ? m === code : test(m, code)));
}

/** A global or sticky RegExp keeps state between `test` calls; a rule must answer the same every time. */
function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/** Words with a `/` (URLs, paths, `400/3467`) are not words about the failure. */
const LOCATION = /\S*\/\S*/g;

function withoutLocations(text: string): string {
  return text.replace(LOCATION, ' ');
}
