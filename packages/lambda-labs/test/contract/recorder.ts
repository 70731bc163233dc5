/** One HTTP exchange as seen on the wire, validated against the spec afterwards. */
export interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  requestBody: unknown;
  status: number;
  body: unknown;
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A fetch that records every exchange (the provider takes it through CallContext.fetch). */
export function recordingFetch(exchanges: Exchange[], inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const requestText = request.body ? await request.clone().text() : '';
    const response = await inner(request);
    const text = await response
      .clone()
      .text()
      .catch(() => '');
    exchanges.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      requestBody: parse(requestText),
      status: response.status,
      body: parse(text),
    });
    return response;
  };
}
