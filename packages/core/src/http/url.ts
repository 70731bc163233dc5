import type { QueryValue } from './types.js';

/** The base URL as a directory, so that `pods/abc` keeps its path (`https://x/v1` + `pods` = `https://x/v1/pods`). */
export function directoryUrl(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

/** Resolve a path against the base and append the query; arrays repeat the key, undefined is skipped. */
export function buildUrl(base: string, path: string, query: Readonly<Record<string, QueryValue>> | undefined): URL {
  const url = new URL(path, base);
  if (query === undefined) return url;
  const params = url.searchParams;
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      params.append(key, String(value));
    } else {
      for (const item of value) params.append(key, item);
    }
  }
  return url;
}

/** `.` and `..` segments, spelled plainly or percent-encoded (the URL parser resolves `%2e%2e` too). */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|[?#]|$)/i;

/** True when a request path would climb out of where it points (`pods/..`). */
export function hasDotSegment(path: string): boolean {
  return DOT_SEGMENT.test(path);
}
