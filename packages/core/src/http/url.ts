import type { QueryValue } from './client.js';

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
