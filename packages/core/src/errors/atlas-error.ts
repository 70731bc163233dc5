import type { AtlasErrorOptions, AtlasIssue } from './atlas-error-options.js';
import { ERROR_KINDS, type ErrorKind, RETRYABLE_KINDS } from './error-kind.js';
import { redactText, scrubRaw } from './redact.js';
import { type ResponseLike, responseErrorOptions } from './response-error.js';
import { retainRaw } from './retained.js';

export type { AtlasErrorOptions, AtlasIssue } from './atlas-error-options.js';

/** `Symbol.for` so that copies of @atlas/core loaded twice still recognise each other's errors. */
const BRAND = Symbol.for('atlas.core.AtlasError');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const MAX_CAUSE_DEPTH = 4;

/**
 * The one error type of Atlas. Every provider call resolves or rejects with an AtlasError; branch
 * on `kind`, never on the message. Messages, `raw`, `toJSON()` and inspect output are redacted.
 */
export class AtlasError extends Error {
  declare readonly [BRAND]: true;
  readonly kind: ErrorKind;
  readonly provider: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly issues: readonly AtlasIssue[];
  readonly raw: unknown;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(options: AtlasErrorOptions) {
    const cause = options.cause === undefined ? undefined : sanitizeCause(options.cause, 0);
    super(redactText(options.message), cause === undefined ? undefined : { cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.name = 'AtlasError';
    this.kind = (ERROR_KINDS as readonly string[]).includes(options.kind) ? options.kind : 'unknown';
    this.provider = options.provider ?? 'atlas';
    this.status = options.status;
    this.code = options.code === undefined ? undefined : redactText(options.code);
    this.retryable = options.retryable ?? RETRYABLE_KINDS.has(this.kind);
    this.retryAfterMs = options.retryAfterMs;
    // Paths too: a provider's `errors` map uses its keys as paths, and a key can be anything.
    this.issues = (options.issues ?? []).map((issue) => ({
      ...(issue.path === undefined ? {} : { path: redactText(issue.path) }),
      message: redactText(issue.message),
    }));
    this.raw = options.raw === undefined ? undefined : retainRaw(options.raw);
    this.details = options.details === undefined ? undefined : scrubRaw(options.details);
  }

  /** The AtlasError an HTTP error response means; reads every body shape the clouds use. */
  static fromResponse(response: ResponseLike): AtlasError {
    return new AtlasError(responseErrorOptions(response));
  }

  /**
   * `instanceof AtlasError` works across duplicate copies of the package too. A subclass keeps the
   * ordinary prototype check, so `err instanceof MySubclass` is not true for every AtlasError.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was called on, possibly a subclass.
    if (this !== AtlasError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return isAtlasError(value);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      provider: this.provider,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.code === undefined ? {} : { code: this.code }),
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.issues.length === 0 ? {} : { issues: this.issues }),
      ...(this.raw === undefined ? {} : { raw: this.raw }),
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.cause === undefined ? {} : { cause: describeCause(this.cause) }),
    };
  }

  /** What `console.log(err)` and `util.inspect(err)` print in Node: the redacted JSON form. */
  [INSPECT](): string {
    const frames = (this.stack ?? '').split('\n').slice(1).join('\n');
    return `${this.name} [${this.kind}] (${this.provider}): ${this.message}\n${frames}\n${JSON.stringify(this.toJSON(), null, 2)}`;
  }
}

/** True for any AtlasError, whichever copy of @atlas/core made it. */
export function isAtlasError(value: unknown): value is AtlasError {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/**
 * Causes from HTTP clients hold requests, headers and bodies, any of which may carry a secret.
 * Keep what helps debugging (name, message, code, the chain) and drop the rest.
 */
function sanitizeCause(cause: unknown, depth: number): unknown {
  if (isAtlasError(cause)) return cause;
  if (cause instanceof Error) {
    const copy = new Error(redactText(cause.message));
    copy.name = cause.name;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
    copy.stack = redactText(cause.stack ?? '');
    if (cause.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
      Object.defineProperty(copy, 'cause', { value: sanitizeCause(cause.cause, depth + 1), enumerable: false });
    }
    return copy;
  }
  if (typeof cause === 'string') return redactText(cause);
  return undefined;
}

/** The cause chain as plain data for `toJSON` (already sanitized by the constructor). */
function describeCause(cause: unknown, depth = 0): unknown {
  if (!(cause instanceof Error)) return cause;
  const code = (cause as { code?: unknown }).code;
  return {
    name: cause.name,
    message: cause.message,
    ...(code === undefined ? {} : { code }),
    ...(cause.cause === undefined || depth >= MAX_CAUSE_DEPTH ? {} : { cause: describeCause(cause.cause, depth + 1) }),
  };
}
