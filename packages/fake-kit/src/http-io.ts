import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a route (or a fault) answers; the server turns it into bytes. No body means none is sent
 * (204); a string body goes out verbatim as plain text unless `contentType` says otherwise (a
 * malformed JSON body is the point of some faults); anything else goes out as JSON.
 */
export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A request as a fake's handler reads it. */
export interface FakeRequest {
  readonly method: string;
  /** The path as sent (not decoded), without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The parsed JSON body; `undefined` when there was none, or for a method whose body is not read. */
  readonly body: unknown;
  /** The body was not JSON (for the fake to answer in its own envelope, after auth and faults). */
  readonly badJson: boolean;
}

const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** Reads method, path, query, and the JSON body of `bodyMethods`; any other body is drained unread. */
export async function readRequest(
  req: IncomingMessage,
  bodyMethods: ReadonlySet<string> = BODY_METHODS,
): Promise<FakeRequest> {
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  if (!bodyMethods.has(method)) {
    req.resume();
    return { method, path, query, body: undefined, badJson: false };
  }
  const parsed = await readJsonBody(req);
  return { method, path, query, body: parsed.ok ? parsed.value : undefined, badJson: !parsed.ok };
}

/** Reads the whole request body; an empty body is `undefined`, broken JSON is reported, not thrown. */
export async function readJsonBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Writes the response, unless one was already written or the client is gone. */
export function send(res: ServerResponse, response: FakeResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const raw = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  headers['content-type'] ??=
    response.contentType ?? (typeof response.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json');
  headers['content-length'] = String(Buffer.byteLength(raw));
  res.writeHead(response.status, headers);
  res.end(raw);
}

/**
 * Aborts when the response closes (the client left, or close() dropped the connection), so a held
 * request never keeps a timer, and the process, alive after the fake is closed.
 */
export function closeSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (res.destroyed) controller.abort();
  else res.once('close', () => controller.abort());
  return controller.signal;
}
