/** Every way a provider call can fail, the same for every cloud. See docs/errors.md. */
export const ERROR_KINDS = [
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'validation',
  'capacity',
  'payment_required',
  'rate_limited',
  'timeout',
  'unsupported',
  'provider',
  'transport',
  'contract',
  'unknown',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Kinds worth retrying by default: the same request may succeed later. */
export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set(['rate_limited', 'timeout', 'transport', 'capacity']);
