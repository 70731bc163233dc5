import type { Api } from './spec-validator.js';

/** One HTTP exchange as seen on the wire, for validation against the spec afterwards. */
export interface Exchange {
  api: Api;
  method: string;
  path: string;
  query: URLSearchParams;
  requestContentType: string | undefined;
  /** The Authorization header as sent (tests compare it, never print it). */
  authorization: string | null;
  requestBody: unknown;
  status: number;
  contentType: string | null;
  body: unknown;
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * A fetch that records every exchange (the provider takes it through CallContext.fetch). Requests
 * to `runtimeUrl` are tagged 'runtime', the rest 'rest'.
 */
export function recordingFetch(runtimeUrl: string, exchanges: Exchange[], inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const requestText = request.body ? await request.clone().text() : '';
    const requestContentType = request.headers.get('content-type') ?? undefined;
    const response = await inner(request);
    const copy = response.clone();
    const text = await copy.text().catch(() => '');
    exchanges.push({
      api: request.url.startsWith(runtimeUrl) ? 'runtime' : 'rest',
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      requestContentType,
      authorization: request.headers.get('authorization'),
      requestBody: requestText === '' ? undefined : parseBody(requestText, 'application/json'),
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: parseBody(text, response.headers.get('content-type')),
    });
    return response;
  };
}
