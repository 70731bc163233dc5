import type * as v from 'valibot';
import type { AtlasError } from '../errors/atlas-error.js';
import type { ErrorRule } from '../errors/error-rules.js';
import type { CallContext } from '../provider.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  /** Provider id, stamped on every AtlasError and hook event. */
  readonly provider: string;
  /** Absolute base URL; request paths resolve against it. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; registered for redaction. */
  readonly apiKey?: string;
  /** Extra headers for every request. Credential headers (`x-api-key`, ...) are registered for redaction. */
  readonly headers?: Readonly<Record<string, string>>;
  /** signal, timeoutMs, fetch, hooks and retry come from here. */
  readonly ctx?: CallContext;
  /** Per-attempt timeout when ctx.timeoutMs is unset (default 30 s). */
  readonly defaultTimeoutMs?: number;
  /**
   * The provider's rules for reading its error bodies (codes, RFC 9457 fields), tried before
   * core's DEFAULT_ERROR_RULES. A rule that says `retryable: false` also stops the retries.
   */
  readonly errorRules?: readonly ErrorRule[];
  /** A last refinement of each error built from a response, after the rules. Prefer errorRules. */
  readonly mapError?: (error: AtlasError) => AtlasError;
}

export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface HttpRequest<T> {
  readonly method: HttpMethod;
  /** Relative to baseUrl, e.g. `pods/abc` (no leading slash keeps the base path). */
  readonly path: string;
  /** Query parameters; an array repeats the key, undefined leaves it out. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly json?: unknown;
  /** Validates the JSON response; a mismatch rejects AtlasError `contract`. */
  readonly schema?: v.GenericSchema<unknown, T>;
  /**
   * A cheap hand-written check that may stand in for `schema`: it must return true only for a body
   * the schema accepts and outputs unchanged (no transform, default or dropped key). Such a body is
   * used as it is; anything else goes through the schema, which decides and names the issues. For
   * large lists, where valibot's copy of every object costs more than parsing the JSON.
   */
  readonly accepts?: (data: unknown) => data is T;
  /** How to read the body (default 'json'; 'none' ignores it; 'response' hands back the Response for streaming). */
  readonly responseType?: 'json' | 'text' | 'none' | 'response';
  /**
   * Overrides what the method implies. `true`: a POST that is safe to repeat (an action, not a
   * create), retried like PUT and DELETE. `false`: a read with a side effect (a poll that drains a
   * buffer), retried like a create, only when the server says it did nothing.
   */
  readonly idempotent?: boolean;
  /** Per-request override of the per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Headers for this request only (an `Idempotency-Key`, `Accept: text/event-stream`); they win over the client's. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpClient {
  request<T = unknown>(request: HttpRequest<T>): Promise<T>;
}
