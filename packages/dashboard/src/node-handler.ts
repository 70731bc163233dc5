import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The web-standard handler as a Node `http` listener. No route reads a request body (actions
 * carry everything in the URL and headers), so the body is drained, never buffered. The response
 * body is streamed chunk by chunk with backpressure, and cancelled when the client goes away,
 * which ends an event stream.
 */
export function toNodeHandler(
  handle: (request: Request) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const aborted = new AbortController();
    res.on('close', () => aborted.abort());
    req.resume();
    let request: Request;
    try {
      request = toRequest(req, aborted.signal);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request');
      return;
    }
    handle(request)
      .then((response) => send(response, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end();
      });
  };
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const path = req.url ?? '/';
  // Host and path concatenated, never resolved: a path like //other.host/x stays a path.
  const url = new URL(
    `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${path.startsWith('/') ? path : `/${path}`}`,
  );
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return new Request(url, { method: req.method ?? 'GET', headers, signal });
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    if (!res.write(value)) {
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  }
  if (!res.destroyed) res.end();
}
