import * as v from 'valibot';

/** Longer than any id a cloud hands out; a 100,000-character id is a bug or an attack, never an id. */
export const MAX_ID_LENGTH = 256;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be sent as an id inside a URL path, or undefined when it can. Ids become
 * path segments (`pods/{id}`), so anything that would change which resource the URL names is
 * refused before a request exists: `.` and `..` (plain or percent-encoded), separators (`/`, `\`),
 * `?`, `#` and `%` (an encoded separator), whitespace and control characters, and lone surrogates
 * (which `encodeURIComponent` throws on).
 */
export function idProblem(id: string): string | undefined {
  if (id.trim() === '') return 'must not be empty';
  if (id.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters`;
  if (id === '.' || id === '..') return 'must not be "." or ".."';
  if (/[\s\p{Cc}]/u.test(id)) return 'must not contain whitespace or control characters';
  if (/[/\\?#%]/.test(id)) return 'must not contain "/", "\\", "?", "#" or "%"';
  if (LONE_SURROGATE.test(id)) return 'must not contain lone surrogates';
  return undefined;
}

/** A provider-assigned id (a compute, a job, an endpoint) that is safe to put in a URL path. */
export const ResourceIdSchema = v.pipe(
  v.string('must be a string'),
  // Surrounding blanks (an id pasted from a terminal) are dropped; blanks inside are refused.
  v.trim(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = idProblem(dataset.value);
    if (problem !== undefined) addIssue({ message: problem });
  }),
);
