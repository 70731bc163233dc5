import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAtlasError } from '../src/errors/to-atlas-error.js';
import { createHttpClient } from '../src/http/client.js';

/**
 * A streamed body (SSE logs, a job stream) read by the provider after the HTTP layer handed back the
 * Response: a connection cut mid-body surfaces there, and the boundary converts it with toAtlasError.
 */
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': '100000' });
    // Half a body, then the socket goes away.
    res.write('data: {"line":"first"}\n\n', () => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('a streamed body cut off mid-body', () => {
  it('is a retryable transport error, not unknown', async () => {
    const client = createHttpClient({ provider: 'acme', baseUrl: base });
    const response = await client.request<Response>({ method: 'GET', path: 'logs', responseType: 'response' });
    expect(response.status).toBe(200);
    const thrown = await readAll(response.body as ReadableStream<Uint8Array>).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Error);
    const error = toAtlasError(thrown, 'acme', 'logs');
    expect(error.kind).toBe('transport');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('acme.logs');
  });
});

describe('toAtlasError on connection failures', () => {
  it("undici's terminated with a socket cause, a fetch failed with ECONNRESET, a body timeout", () => {
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const terminated = toAtlasError(new TypeError('terminated', { cause: socket }), 'acme');
    expect(terminated.kind).toBe('transport');
    expect(terminated.message).toContain('UND_ERR_SOCKET');
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(toAtlasError(new TypeError('fetch failed', { cause: reset }), 'acme').kind).toBe('transport');
    expect(toAtlasError(new TypeError('terminated'), 'acme').kind).toBe('transport');
    const bodyTimeout = Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' });
    expect(toAtlasError(new TypeError('terminated', { cause: bodyTimeout }), 'acme').kind).toBe('timeout');
  });

  it('a TypeError from a bug stays unknown', () => {
    expect(toAtlasError(new TypeError("Cannot read properties of undefined (reading 'id')"), 'acme').kind).toBe(
      'unknown',
    );
    expect(toAtlasError(Object.assign(new Error('odd'), { code: 'ERR_SOMETHING' }), 'acme').kind).toBe('unknown');
  });
});
