import { AtlasError, type AtlasIssue } from './atlas-error.js';
import type { ErrorKind } from './error-kind.js';
import { redactText } from './redact.js';

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
const MAX_SCANNED = 64 * 1024;
// Phrases, not the bare word: "invalid capacity value" is a validation error, not a stock-out.
const CAPACITY_WORDS =
  /\b(no (longer )?(gpus? )?(available|capacity|instances? available)|not enough (capacity|gpus?|resources|machines)|insufficient (capacity|resources)|out of (stock|capacity)|capacity (is )?(exhausted|unavailable|reached|exceeded)|unavailable in|no available|there are no longer any instances available|no (machines|hosts) available)\b/i;

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

const HTML = /<(?:!doctype|html|head|body|title|h1|p|div|center|pre)\b/i;

/** Text for humans from an HTML error page: its title when it has one, else the text with tags stripped. */
function textOf(body: string): string {
  if (!HTML.test(body)) return body.replace(/\s+/g, ' ').trim();
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const source =
    title !== undefined && title.trim() !== '' ? title : body.replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ');
  return source
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Error codes come as strings or numbers (`{error: {code: 1003}}`). */
function codeOf(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : str(value);
}

/**
 * Field problems from `errors` / `issues` / `violations` / FastAPI's `detail` list, as an array of
 * strings or `{message|detail|msg, path|field|pointer|loc}`, or as a map `{field: ["message"]}`.
 */
function issuesFrom(errors: unknown): AtlasIssue[] {
  if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
    return Object.entries(errors).flatMap(([path, value]): AtlasIssue[] => {
      const messages = Array.isArray(value) ? value : [value];
      return messages.flatMap((m) => {
        const message =
          str(m) ?? (m && typeof m === 'object' ? str((m as Record<string, unknown>).message) : undefined);
        return message === undefined ? [] : [{ path, message }];
      });
    });
  }
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry): AtlasIssue[] => {
    if (typeof entry === 'string') return [{ message: entry }];
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as Record<string, unknown>;
    const message = str(e.message) ?? str(e.detail) ?? str(e.msg) ?? str(e.title) ?? str(e.reason);
    if (message === undefined) return [];
    const source = e.source && typeof e.source === 'object' ? (e.source as Record<string, unknown>).pointer : undefined;
    const rawPath = e.path ?? e.field ?? e.pointer ?? e.location ?? e.loc ?? source;
    const path = Array.isArray(rawPath) ? rawPath.join('.') : str(rawPath);
    return [{ ...(path === undefined ? {} : { path }), message }];
  });
}

function listIssues(issues: readonly AtlasIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
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
    // The message needs the start of a page; capping keeps the tag-stripping regexes cheap.
    const text = textOf(parsed.slice(0, MAX_SCANNED));
    return text === '' ? { issues: [] } : { message: text, issues: [] };
  }
  if (Array.isArray(parsed)) {
    const issues = issuesFrom(parsed);
    return { ...(issues[0] ? { message: listIssues(issues) } : {}), issues };
  }
  if (!parsed || typeof parsed !== 'object') return { issues: [] };
  const b = parsed as Record<string, unknown>;
  const nested =
    b.error && typeof b.error === 'object' && !Array.isArray(b.error)
      ? (b.error as Record<string, unknown>)
      : undefined;
  const issues = issuesFrom(
    b.errors ??
      b.issues ??
      b.violations ??
      nested?.errors ??
      nested?.details ??
      (Array.isArray(b.detail) ? b.detail : undefined),
  );
  const title = str(b.title);
  const detail = str(b.detail);
  const message =
    (title && detail
      ? detail.toLowerCase().startsWith(title.toLowerCase())
        ? detail
        : `${title}: ${detail}`
      : undefined) ??
    detail ??
    str(nested?.message) ??
    str(b.error) ??
    str(b.message) ??
    str(b.msg) ??
    str(b.error_description) ??
    title ??
    (issues.length > 0 ? listIssues(issues) : undefined);
  const type = str(b.type);
  const code =
    codeOf(nested?.code) ??
    codeOf(b.code) ??
    str(nested?.type) ??
    str(b.error_code) ??
    (type === 'about:blank' ? undefined : type);
  return { ...(message === undefined ? {} : { message }), ...(code === undefined ? {} : { code }), issues };
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

/** Build the AtlasError that an HTTP error response means. */
export function errorFromResponse(response: ResponseLike): AtlasError {
  return responseError(response, undefined);
}

/**
 * errorFromResponse for the HTTP layer, which knows how long it would have waited next: that wait
 * stands in for `retryAfterMs` when the response has no usable Retry-After, so a 429 that used up
 * the retries always tells the caller how long to back off.
 */
export function responseError(response: ResponseLike, fallbackRetryAfterMs: number | undefined): AtlasError {
  const { status, provider } = response;
  const extracted = extractErrorBody(response.body);
  let kind = kindForStatus(status);
  // Codes like INSUFFICIENT_CAPACITY read as words too.
  const wording = `${extracted.message ?? ''} ${extracted.code ?? ''}`.replace(/_/g, ' ');
  if ((status === 400 || status === 409 || status >= 500) && CAPACITY_WORDS.test(wording)) kind = 'capacity';
  const retryAfterMs = parseRetryAfter(header(response.headers, 'retry-after')) ?? fallbackRetryAfterMs;
  const detail = truncate(extracted.message ?? `HTTP ${status}`);
  // List the field problems unless the detail already is that list.
  const issues =
    extracted.issues.length > 0 && !detail.includes(extracted.issues[0]?.message ?? '')
      ? `: ${truncate(listIssues(extracted.issues))}`
      : '';
  const where = response.operation ? `${response.operation}, HTTP ${status}` : `HTTP ${status}`;
  const hint = hintFor(kind, status, retryAfterMs);
  return new AtlasError({
    kind,
    provider,
    status,
    message: `${provider}: ${detail}${issues} (${where})${hint === undefined ? '' : `. ${hint}`}`,
    retryable: kind === 'rate_limited' || kind === 'timeout' || kind === 'capacity' || status >= 500,
    ...(extracted.code === undefined ? {} : { code: extracted.code }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    issues: extracted.issues,
    raw: parseBody(response.body),
  });
}

/** Redacted before it is cut: a secret cut in two would slip past redaction and leave its start. */
function truncate(text: string): string {
  const safe = redactText(text);
  return safe.length > MAX_MESSAGE ? `${safe.slice(0, MAX_MESSAGE - 1)}…` : safe;
}
