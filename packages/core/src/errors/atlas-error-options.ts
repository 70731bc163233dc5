import type { ErrorKind } from './error-kind.js';

/** One problem with one field, named by its dot path (`ports.0.port`). */
export interface AtlasIssue {
  readonly path?: string;
  readonly message: string;
}

export interface AtlasErrorOptions {
  readonly kind: ErrorKind;
  readonly message: string;
  /** The provider id ('runpod', 'mock', ...); 'atlas' when the error is core's own. */
  readonly provider?: string;
  readonly status?: number;
  /** The provider's own error code when its body carries one (`INSUFFICIENT_CAPACITY`, ...). */
  readonly code?: string;
  /** Defaults to true for rate_limited, timeout, transport and capacity. */
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
  /** Field-level problems: validation issues, or the API's own `errors` list. */
  readonly issues?: readonly AtlasIssue[];
  /**
   * The provider's response body; scrubbed of secrets, then capped at 64 Ki characters of JSON
   * (see retained.ts), before it is stored.
   */
  readonly raw?: unknown;
  /**
   * Machine-readable facts about the failure beyond its kind (scrubbed like `raw`). After a create
   * whose outcome is unknown: `{ possiblyCreated: true, lookFor: { name, marker } }`.
   */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}
