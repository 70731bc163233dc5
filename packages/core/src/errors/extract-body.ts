import type { AtlasIssue } from './atlas-error-options.js';
import { issuesFrom, listIssues, str } from './body-issues.js';
import { bodyText } from './body-text.js';

/** What an error body says, field by field: the input of error rules and of the message. */
export interface ExtractedErrorBody {
  /** The best one-line message for people. */
  readonly message?: string;
  /** The provider's machine-readable code: `error.code`, `code`, a bare `error` word, RFC 9457 `type`, GraphQL `extensions.code`. */
  readonly code?: string;
  /** RFC 9457 `title`. */
  readonly title?: string;
  /** RFC 9457 `detail` (when it is text). */
  readonly detail?: string;
  /** Advice for the caller (Lambda's `error.suggestion`); never matched by rules: it is not a fact about the failure. */
  readonly suggestion?: string;
  /**
   * The structured text fields rules match, in body order: title, detail, `error.message`, a
   * sentence in `error`, `message`, `msg`, `error_description`, the messages of `errors[]`; for a
   * text or HTML body, its text.
   */
  readonly texts: readonly string[];
  readonly issues: AtlasIssue[];
}

/** JSON text is parsed; anything else is returned as it is. */
export function parseBody(body: unknown): unknown {
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

/** A code, not a sentence: `invalid_args`, `auth_error`, `global/invalid-parameters`, `NOT_FOUND`. */
const CODE_WORD = /^[A-Za-z][\w.:/-]*$/;

/** Error codes come as strings or numbers (`{error: {code: 1003}}`). */
function codeOf(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : str(value);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Reads every body shape the clouds use: RFC 9457 problem+json (type, title, detail, errors),
 * `{error: {code, message, suggestion}}` (Lambda), `{success, error: "code", msg}` (Vast),
 * `{error: "sentence"}`, `{message}`, `{errors: [{message, extensions: {code}}]}`, plain text, HTML.
 * Takes the body as parsed JSON or as text (JSON text is parsed here).
 */
export function extractErrorBody(body: unknown): ExtractedErrorBody {
  return extractParsed(parseBody(body));
}

/** extractErrorBody for a body already through parseBody. */
export function extractParsed(parsed: unknown): ExtractedErrorBody {
  if (typeof parsed === 'string') {
    const text = bodyText(parsed);
    return text === '' ? { texts: [], issues: [] } : { message: text, texts: [text], issues: [] };
  }
  if (Array.isArray(parsed)) {
    const issues = issuesFrom(parsed);
    const texts = issues.map((i) => i.message);
    return { ...(issues[0] ? { message: listIssues(issues) } : {}), texts, issues };
  }
  const b = record(parsed);
  if (b === undefined) return { texts: [], issues: [] };
  const nested = record(b.error);
  const errorString = str(b.error);
  // Vast puts its code in `error` and the sentence in `msg`; RunPod v1 puts the sentence in `error`.
  const errorCode = errorString !== undefined && CODE_WORD.test(errorString) ? errorString : undefined;
  const errorSentence = errorCode === undefined ? errorString : undefined;
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
  const suggestion = str(nested?.suggestion) ?? str(b.suggestion);
  // In the order a message prefers them (title is only a fallback: "Bad Request" says little).
  const sentences = [
    detail,
    str(nested?.message),
    errorSentence,
    str(b.message),
    str(b.msg),
    str(b.error_description),
  ].filter((t) => t !== undefined);
  const texts = [...new Set([...(title === undefined ? [] : [title]), ...sentences, ...issues.map((i) => i.message)])];
  const message =
    (title && detail
      ? detail.toLowerCase().startsWith(title.toLowerCase())
        ? detail
        : `${title}: ${detail}`
      : undefined) ??
    sentences[0] ??
    title ??
    (issues.length > 0 ? listIssues(issues) : undefined) ??
    errorCode;
  const type = str(b.type);
  const graphqlCode = Array.isArray(b.errors) ? record(record(b.errors[0])?.extensions)?.code : undefined;
  const code =
    codeOf(nested?.code) ??
    codeOf(b.code) ??
    str(nested?.type) ??
    str(b.error_code) ??
    errorCode ??
    (type === 'about:blank' ? undefined : type) ??
    codeOf(graphqlCode);
  return {
    ...(message === undefined ? {} : { message }),
    ...(code === undefined ? {} : { code }),
    ...(title === undefined ? {} : { title }),
    ...(detail === undefined ? {} : { detail }),
    ...(suggestion === undefined ? {} : { suggestion }),
    texts,
    issues,
  };
}
