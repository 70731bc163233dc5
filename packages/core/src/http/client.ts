import type * as v from 'valibot';
import type { AtlasError } from '../errors/atlas-error.js';
import type { CallContext } from '../provider.js';

// CONTRACT STUB (to be implemented by the core-http work): signatures are fixed, bodies are not.

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  /** Provider id, stamped on every AtlasError and hook event. */
  readonly provider: string;
  /** Absolute base URL; request paths resolve against it. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; registered for redaction. */
  readonly apiKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** signal, timeoutMs, fetch, hooks and retry come from here. */
  readonly ctx?: CallContext;
  /** Per-attempt timeout when ctx.timeoutMs is unset (default 30 s). */
  readonly defaultTimeoutMs?: number;
  /** Provider-specific refinement of errors built by AtlasError.fromResponse (e.g. capacity). */
  readonly mapError?: (error: AtlasError) => AtlasError;
}

export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface HttpRequest<T> {
  readonly method: HttpMethod;
  /** Relative to baseUrl, e.g. `pods/abc` (no leading slash keeps the base path). */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly json?: unknown;
  /** Validates the JSON response; a mismatch rejects AtlasError `contract`. */
  readonly schema?: v.GenericSchema<unknown, T>;
  /** How to read the body (default 'json'; 'none' ignores it; 'response' hands back the Response for streaming). */
  readonly responseType?: 'json' | 'text' | 'none' | 'response';
  /** A POST that is safe to repeat (an action, not a create): retried like PUT and DELETE. */
  readonly idempotent?: boolean;
  /** Per-request override of the per-attempt timeout. */
  readonly timeoutMs?: number;
}

export interface HttpClient {
  request<T = unknown>(request: HttpRequest<T>): Promise<T>;
}

export function createHttpClient(_options: HttpClientOptions): HttpClient {
  throw new Error('createHttpClient: not implemented yet (core-http work in progress)');
}
