import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeResponse, send } from './http-io.js';

export interface LoopbackServer {
  readonly server: Server;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
  /** Drops every open connection (held requests included), then stops listening. */
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** The answer when the handler throws, in the fake's own error envelope. */
  readonly onError: (error: unknown) => FakeResponse;
}

/** Starts an HTTP server on 127.0.0.1 only (a fake is never reachable from the network). */
export async function startLoopbackServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: LoopbackOptions,
): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, options.onError(error)));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
