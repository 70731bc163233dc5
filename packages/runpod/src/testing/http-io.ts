import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler answers; the server turns it into bytes. `undefined` body means no body (204). */
export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

/**
 * An RFC 9457 body the way REST v2 sends it (errors.md): title, status, detail, and `errors` for 422.
 * `instance` names the request path so a failing test shows which call it was.
 */
export function problem(
  status: number,
  detail: string,
  extra?: { errors?: string[]; instance?: string; headers?: Record<string, string> },
): FakeResponse {
  const body: Record<string, unknown> = { type: 'about:blank', title: statusTitle(status), status, detail };
  if (extra?.instance !== undefined) body.instance = extra.instance;
  if (extra?.errors !== undefined) body.errors = extra.errors;
  return {
    status,
    body,
    contentType: 'application/problem+json',
    ...(extra?.headers ? { headers: extra.headers } : {}),
  };
}

export function json(status: number, body: unknown): FakeResponse {
  return { status, body };
}

export const NO_CONTENT: FakeResponse = { status: 204 };

/** Reads the whole request body; an empty body is `undefined`, broken JSON is reported, not thrown. */
export async function readJsonBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return { ok: true, value: undefined };
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

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
    response.contentType ?? (typeof response.body === 'string' ? 'text/plain' : 'application/json');
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
