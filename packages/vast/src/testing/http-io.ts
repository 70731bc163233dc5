import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route answers; the server turns it into bytes. A string body goes out as plain text. */
export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function json(status: number, body: unknown): FakeResponse {
  return { status, body };
}

/** Vast's usual error body: `{success: false, error, msg}`. */
export function vastError(
  status: number,
  error: string,
  msg: string,
  extra: Record<string, unknown> = {},
): FakeResponse {
  return { status, body: { success: false, error, msg, ...extra } };
}

/** Reads the whole request body; empty is `undefined`, broken JSON is reported, not thrown. */
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

/** Aborts when the response closes, so a held request never keeps a timer (or the process) alive. */
export function closeSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (res.destroyed) controller.abort();
  else res.once('close', () => controller.abort());
  return controller.signal;
}
