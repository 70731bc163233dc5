/** One HTTP exchange as seen on the wire, for validation against the spec afterwards. */
export interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  requestBody: unknown;
  status: number;
  contentType: string | null;
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

/** A fetch that records every exchange (the provider takes it as its `fetch` setting). */
export function recordingFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const requestText = request.body ? await request.clone().text() : '';
    const response = await fetch(request);
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
      contentType: response.headers.get('content-type'),
      body: parse(text),
    });
    return response;
  };
}
