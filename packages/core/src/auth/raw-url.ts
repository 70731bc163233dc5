/**
 * A URL's path read exactly as received. `new URL()` normalizes before anyone can look: it resolves
 * `..` and `%2e%2e`, reads `\` as `/` and drops tabs and newlines, so `/secret/%2e%2e/public/a`
 * would be checked as `/public/a` while a server that routes on the raw `req.url` serves another
 * file. A signature is checked against the raw path, and a path a server could read two ways is
 * refused outright.
 */

/**
 * A backslash (a separator to the URL parser, Windows and some servers) or a control character
 * (dropped by the URL parser, or cutting a path short): refused raw anywhere, and decoded in the path.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f\\]/;
/** `.` or `..` as a segment, with or without `;parameters` (Tomcat and Jetty read `..;` as `..`). */
const DOT_SEGMENT = /^\.{1,2}(?:;|$)/;
/** Percent-encoded ASCII; higher bytes decode to characters no rule here is about. */
const ENCODED_ASCII = /%([0-7][0-9a-f])/gi;
/** `%252e` is `%2e` once decoded and `.` twice; deeper nesting than this is no honest path. */
const MAX_DECODES = 3;
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** The path of a URL or of a path (`/video?id=1`) as it is spelled, without query or fragment; `/` when empty. */
export function rawPath(url: string): string {
  const afterAuthority = url.startsWith('/') ? url : url.replace(ABSOLUTE, '');
  const end = afterAuthority.search(/[?#]/);
  const path = end === -1 ? afterAuthority : afterAuthority.slice(0, end);
  return path === '' ? '/' : path;
}

/**
 * Why a URL cannot be signed or verified as it is spelled, or undefined when it can: a backslash or
 * a control character anywhere (raw), or in its path once percent-decoded (also `%2509`, decoded
 * twice), or a `.` / `..` segment in its path, plain or percent-encoded in any case, also behind
 * an encoded slash (`%2f..%2f`) or before `;`.
 */
export function unsafeUrlReason(url: string): string | undefined {
  if (FORBIDDEN_CHARS.test(url)) return 'must not contain a backslash or a control character';
  let path = rawPath(url);
  for (let round = 0; ; round++) {
    if (FORBIDDEN_CHARS.test(path)) return 'must not encode a backslash or a control character in its path';
    if (path.split('/').some((segment) => DOT_SEGMENT.test(segment))) {
      return 'must not have a "." or ".." segment in its path, plain or percent-encoded';
    }
    const decoded = path.replace(ENCODED_ASCII, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    if (decoded === path) return undefined;
    if (round === MAX_DECODES) return 'must not percent-encode its path more than three times over';
    path = decoded;
  }
}
