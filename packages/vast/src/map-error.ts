import { AtlasError, type ErrorKind } from '@atlas/core';

/**
 * Vast's error bodies: `{success, error, msg}`, sometimes only `msg`, `message` or `detail`, or
 * plain text. The `error` code decides first; some codes hide in the message (`error 404/3603:
 * no_such_ask ...` arrives with `error: "invalid_args"`), so tokens of the message count too.
 */
interface Rule {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly matches: (code: string | undefined, message: string, status: number) => boolean;
}

const RULES: readonly Rule[] = [
  {
    kind: 'capacity',
    retryable: true,
    matches: (code, message) => code === 'no_such_ask' || /\bno_such_ask\b/.test(message),
  },
  {
    kind: 'unauthorized',
    retryable: false,
    matches: (code, message) =>
      code === 'auth_error' || /\binvalid user key\b/i.test(message) || /\bsession expired\b/i.test(message),
  },
  {
    kind: 'rate_limited',
    retryable: true,
    matches: (code, message, status) =>
      status === 429 || code === 'rate_limit_exceeded' || /\bAPI requests too frequent\b/i.test(message),
  },
  {
    kind: 'payment_required',
    retryable: false,
    matches: (code, message) =>
      code === 'missing_billing' ||
      code === 'insufficient_credit' ||
      /\b(insufficient (credit|funds|balance)|not enough credit|credit balance)\b/i.test(message),
  },
  { kind: 'not_found', retryable: false, matches: (code) => code === 'not_found' },
  {
    kind: 'validation',
    retryable: false,
    matches: (code, _message, status) =>
      (status === 400 || status === 422) &&
      (code === 'invalid_args' ||
        code === 'invalid_price' ||
        code === 'invalid_request' ||
        code === 'invalid_token' ||
        code === 'no_ssh_key_for_vm' ||
        code === 'label_too_long'),
  },
];

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The code and the human message of a Vast error body (raw is the scrubbed body core kept). */
export function readVastError(body: unknown): { code?: string; message?: string } {
  if (typeof body === 'string') {
    const text = str(body);
    return text === undefined ? {} : { message: text };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const b = body as Record<string, unknown>;
  const code = str(b.error);
  const message = str(b.msg) ?? str(b.message) ?? str(b.detail) ?? code;
  return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
}

/** The kind a Vast error means, or undefined to keep the one the HTTP status gave. */
export function vastErrorKind(
  code: string | undefined,
  message: string,
  status: number,
): { kind: ErrorKind; retryable: boolean } | undefined {
  const rule = RULES.find((r) => r.matches(code, message, status));
  return rule === undefined ? undefined : { kind: rule.kind, retryable: rule.retryable };
}

/** Core's HTTP errors, re-read with Vast's codes (core reads `error` as the message, Vast puts its code there). */
export function mapVastError(error: AtlasError): AtlasError {
  const status = error.status;
  if (status === undefined) return error;
  const { code, message } = readVastError(error.raw);
  const text = message ?? error.message;
  const mapped = vastErrorKind(code, text, status);
  const kind = mapped?.kind ?? error.kind;
  return new AtlasError({
    kind,
    provider: error.provider,
    status,
    message: `vast: ${text}${code !== undefined && code !== text ? ` [${code}]` : ''} (HTTP ${status})`,
    retryable: mapped?.retryable ?? error.retryable,
    ...(code === undefined ? {} : { code }),
    issues: error.issues,
    raw: error.raw,
    cause: error.cause,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}
