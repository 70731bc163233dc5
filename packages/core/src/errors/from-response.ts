import { AtlasError, type AtlasIssue } from './atlas-error.js';
import type { ErrorKind } from './error-kind.js';

export interface ResponseLike {
  readonly status: number;
  /** The body: parsed JSON, or text (JSON text is parsed here), or nothing. */
  readonly body?: unknown;
  readonly headers?: Headers | Readonly<Record<string, string | undefined>>;
  readonly provider: string;
  /** For the message: what was being done ("GET /v2/pods/abc"). */
  readonly operation?: string;
}

const MAX_MESSAGE = 500;
const CAPACITY_WORDS =
  /\b(no (longer )?(gpus? )?(available|capacity|instances? available)|not enough (capacity|gpus?|resources|machines)|insufficient (capacity|resources)|out of (stock|capacity)|capacity|unavailable in|no available|there are no longer any instances available|no (machines|hosts) available)\b/i;

/** The kind an HTTP status means, before any provider-specific refinement. */
export function kindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
    case 422:
      return 'validation';
    case 401:
      return 'unauthorized';
    case 402:
      return 'payment_required';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 408:
    case 504:
      return 'timeout';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    default:
      return status >= 400 ? 'provider' : 'unknown';
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function header(headers: ResponseLike['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return body;
    }
  }
  return body;
}

/** Text for humans from an HTML error page: tags stripped, whitespace folded. */
function textOf(body: string): string {
  const withoutTags = /<[a-z!/][\s\S]*>/i.test(body)
    ? body
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&nbsp;/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
    : body;
  return withoutTags.replace(/\s+/g, ' ').trim();
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function issuesFrom(errors: unknown): AtlasIssue[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry): AtlasIssue[] => {
    if (typeof entry === 'string') return [{ message: entry }];
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as Record<string, unknown>;
    const message = str(e.message) ?? str(e.detail) ?? str(e.msg) ?? str(e.title);
    if (message === undefined) return [];
    const rawPath = e.path ?? e.field ?? e.pointer ?? e.location ?? e.loc;
    const path = Array.isArray(rawPath) ? rawPath.join('.') : str(rawPath);
    return [{ ...(path === undefined ? {} : { path }), message }];
  });
}

interface Extracted {
  message?: string;
  code?: string;
  issues: AtlasIssue[];
}

/**
 * Reads every body shape the clouds use: RFC 9457 problem+json (title, detail, errors),
 * `{error: {code, message}}`, `{error: "..."}`, `{message}`, `{errors: [{message}]}`, plain text, HTML.
 */
export function extractErrorBody(body: unknown): Extracted {
  const parsed = parseBody(body);
  if (typeof parsed === 'string') {
    const text = textOf(parsed);
    return text === '' ? { issues: [] } : { message: text, issues: [] };
  }
  if (Array.isArray(parsed)) {
    const issues = issuesFrom(parsed);
    return { ...(issues[0] ? { message: issues.map((i) => i.message).join('; ') } : {}), issues };
  }
  if (!parsed || typeof parsed !== 'object') return { issues: [] };
  const b = parsed as Record<string, unknown>;
  const issues = issuesFrom(b.errors ?? b.issues ?? b.violations);
  const nested = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>) : undefined;
  const title = str(b.title);
  const detail = str(b.detail);
  const message =
    (title && detail ? (detail.toLowerCase().startsWith(title.toLowerCase()) ? detail : `${title}: ${detail}`) : undefined) ??
    detail ??
    str(nested?.message) ??
    str(b.error) ??
    str(b.message) ??
    str(b.msg) ??
    str(b.error_description) ??
    title ??
    (issues.length > 0 ? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') : undefined);
  const code = str(nested?.code) ?? str(b.code) ?? str(b.type);
  return { ...(message === undefined ? {} : { message }), ...(code === undefined ? {} : { code }), issues };
}

/** Build the AtlasError that an HTTP error response means. */
export function errorFromResponse(response: ResponseLike): AtlasError {
  const { status, provider } = response;
  const extracted = extractErrorBody(response.body);
  let kind = kindForStatus(status);
  if ((status === 400 || status === 409 || status >= 500) && extracted.message && CAPACITY_WORDS.test(extracted.message)) {
    kind = 'capacity';
  }
  const retryAfterMs = parseRetryAfter(header(response.headers, 'retry-after'));
  const detail = (extracted.message ?? `HTTP ${status}`).slice(0, MAX_MESSAGE);
  const where = response.operation ? ` (${response.operation})` : '';
  return new AtlasError({
    kind,
    provider,
    status,
    message: `${provider}: ${detail}${where}`,
    retryable: kind === 'rate_limited' || kind === 'timeout' || kind === 'capacity' || status >= 500,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    issues: extracted.issues,
    raw: parseBody(response.body),
  });
}
