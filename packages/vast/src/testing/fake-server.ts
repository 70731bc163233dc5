import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from '@atlas/core/provider';
import type { Fault, FaultOperation } from '@atlas/core/testing';
import type { VastEndpoint } from '../settings.js';
import type { FaultTable } from './fault-injector.js';
import { closeSignal, type FakeResponse, readJsonBody, send, vastError } from './http-io.js';
import type { Route } from './routes.js';

/** What every request shares: auth, latency, faults, the per-endpoint minimum intervals. */
export interface Gate {
  readonly apiKey: string;
  readonly latencyMs: number;
  readonly faults: FaultTable;
  /** Minimum ms between two calls to an endpoint with one key (0: no limit). */
  readonly minIntervalMs: (endpoint: VastEndpoint) => number;
  /** Last accepted call per endpoint and key. */
  readonly lastCall: Map<string, number>;
}

function faultResponse(fault: Fault): FakeResponse {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  const status = fault.status ?? (fault.retryAfterSeconds !== undefined ? 429 : 500);
  if (fault.body === undefined) return vastError(status, 'injected_fault', 'injected fault', {});
  return {
    status,
    body: fault.body,
    contentType: fault.contentType ?? (typeof fault.body === 'string' ? 'text/plain' : 'application/json'),
    headers,
  };
}

function hasAnswer(fault: Fault): boolean {
  return (
    fault.resetConnection === true ||
    fault.status !== undefined ||
    fault.body !== undefined ||
    fault.retryAfterSeconds !== undefined
  );
}

/** A fault that only delays lets the request through afterwards; a late commit is served later. */
function answersInstead(fault: Fault): boolean {
  if (fault.afterCreate || fault.commitAfterMs !== undefined) return false;
  return hasAnswer(fault) || fault.delayMs === undefined;
}

/** Vast's 429s come in three shapes, none with Retry-After (NOTES.md). */
function tooFrequent(endpoint: VastEndpoint, intervalMs: number): FakeResponse {
  const threshold = (intervalMs / 1000).toFixed(1);
  if (endpoint === 'create' || endpoint === 'manage') {
    return { status: 429, body: { detail: `API requests too frequent endpoint threshold=${threshold}` } };
  }
  if (endpoint === 'destroy') {
    return {
      status: 429,
      body: {
        success: false,
        error: 'rate_limit_exceeded',
        msg: `API requests too frequent endpoint threshold=${threshold}`,
      },
    };
  }
  return { status: 429, body: `API requests too frequent: endpoint threshold=${threshold}` };
}

function operationOf(route: Route, body: unknown): FaultOperation | undefined {
  return typeof route.operation === 'function' ? route.operation(body) : route.operation;
}

function match(routes: readonly Route[], method: string, path: string) {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  let pathKnown = false;
  for (const route of routes) {
    const found = route.pattern.exec(trimmed);
    if (!found) continue;
    pathKnown = true;
    if (route.method === method) return { route, params: found.slice(1) };
  }
  return pathKnown ? 'method' : undefined;
}

async function handle(routes: readonly Route[], gate: Gate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://fake');
  const found = match(routes, method, url.pathname);
  let body: unknown;
  let badJson = false;
  if (method !== 'GET') {
    const parsed = await readJsonBody(req);
    if (parsed.ok) body = parsed.value;
    else badJson = true;
  } else {
    req.resume();
  }
  const route = typeof found === 'object' ? found.route : undefined;
  const fault = route === undefined ? undefined : gate.faults.take(operationOf(route, body));

  if (gate.latencyMs > 0) await sleep(gate.latencyMs, closeSignal(res));
  if (fault?.delayMs !== undefined) await sleep(fault.delayMs, closeSignal(res));
  if (fault && !fault.afterCreate && answersInstead(fault)) {
    if (fault.resetConnection) req.socket.destroy();
    else send(res, faultResponse(fault));
    return;
  }
  const authorization = req.headers.authorization;
  const key = authorization?.startsWith('Bearer ') ? authorization.slice(7) : url.searchParams.get('api_key');
  if (key !== gate.apiKey) {
    send(res, vastError(401, 'auth_error', 'Invalid user key'));
    return;
  }
  if (found === undefined || found === 'method') {
    send(res, vastError(found === 'method' ? 405 : 404, 'not_found', `no route for ${method} ${url.pathname}`));
    return;
  }
  const { route: matched, params } = found;
  const interval = gate.minIntervalMs(matched.endpoint);
  if (interval > 0) {
    const slot = `${key}\u0000${matched.endpoint}`;
    const now = performance.now();
    const last = gate.lastCall.get(slot);
    if (last !== undefined && now - last < interval) {
      send(res, tooFrequent(matched.endpoint, interval));
      return;
    }
    gate.lastCall.set(slot, now);
  }
  if (badJson || (matched.needsBody && (body === null || typeof body !== 'object' || Array.isArray(body)))) {
    send(res, { status: 400, body: { error: 'invalid_request', msg: 'Invalid json body' } });
    return;
  }
  // Not bound to the client: the rent lands whether or not it is still waiting.
  if (fault?.commitAfterMs !== undefined) await sleep(fault.commitAfterMs);
  const response = matched.handle({ params, query: url.searchParams, body });
  if (fault?.afterCreate || (fault?.commitAfterMs !== undefined && hasAnswer(fault))) {
    // The rent happened, but the client never learns it: the ambiguous-create case.
    if (fault.resetConnection) req.socket.destroy();
    else send(res, faultResponse(fault));
    return;
  }
  send(res, response);
}

export async function listen(
  routes: readonly Route[],
  gate: Gate,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handle(routes, gate, req, res).catch((error: unknown) => {
      send(res, { status: 500, body: error instanceof Error ? error.message : 'internal error' });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${bound}` };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
