import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from '@atlas/core/provider';
import type { Fault, FaultOperation } from '@atlas/core/testing';
import { runCheck } from './body-checks.js';
import type { FaultTable } from './fault-injector.js';
import { closeSignal, type FakeResponse, problem, readJsonBody, send } from './http-io.js';
import type { TokenBucket } from './rate-limiter.js';
import type { Route, Router } from './router.js';

/** What every request of both servers shares: auth, latency, faults, the rate limit. */
interface Gate {
  readonly apiKey: string;
  readonly latencyMs: number;
  readonly faults: FaultTable;
  readonly bucket: TokenBucket | undefined;
  /** The bucket's rate, for the RateLimit-Policy header. */
  readonly rps?: number;
  readonly validateRequests: boolean;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function operationOf(route: Route, body: unknown): FaultOperation | undefined {
  return typeof route.operation === 'function' ? route.operation(body) : route.operation;
}

function faultResponse(fault: Fault): FakeResponse {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  const status = fault.status ?? (fault.retryAfterSeconds !== undefined ? 429 : 500);
  if (fault.body === undefined) return problem(status, 'injected fault', { headers });
  return {
    status,
    body: fault.body,
    contentType: fault.contentType ?? (typeof fault.body === 'string' ? 'text/plain' : 'application/json'),
    headers,
  };
}

/** Whether the fault says how to answer (a status, a body, a reset), rather than only when. */
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

function authorized(req: IncomingMessage, apiKey: string, allowRawKey: boolean): boolean {
  const header = req.headers.authorization;
  if (header === `Bearer ${apiKey}`) return true;
  return allowRawKey && header === apiKey;
}

function rateLimitHeaders(
  bucket: TokenBucket | undefined,
  rps: number | undefined,
): Record<string, string> | undefined {
  if (!bucket || rps === undefined) return undefined;
  return { ratelimit: `"second";r=${bucket.remaining()};t=1`, 'ratelimit-policy': `"second";q=${rps};w=1` };
}

interface ServerFlavor {
  readonly port: number;
  /** The runtime host also takes the bare key (the docs' curl examples send `authorization: $KEY`). */
  readonly allowRawKey: boolean;
  /** REST v2 answers 422 for a body that breaks the schema; the runtime documents only 400. */
  readonly invalidBodyStatus: 400 | 422;
}

async function handle(
  router: Router,
  gate: Gate,
  flavor: ServerFlavor,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  const found = router.match(method, path);

  let body: unknown;
  let badJson = false;
  if (BODY_METHODS.has(method)) {
    const parsed = await readJsonBody(req);
    if (parsed.ok) body = parsed.value;
    else badJson = true;
  } else {
    req.resume();
  }

  const route = found && 'route' in found ? found.route : undefined;
  const operation = route && operationOf(route, body);
  gate.faults.record(operation);
  const fault = gate.faults.take(method, path, operation);

  if (gate.latencyMs > 0) await sleep(gate.latencyMs, closeSignal(res));
  if (fault?.delayMs !== undefined) await sleep(fault.delayMs, closeSignal(res));
  if (fault && answersInstead(fault)) {
    if (fault.resetConnection) req.socket.destroy();
    else send(res, faultResponse(fault));
    return;
  }

  const limit = gate.bucket?.take();
  if (limit && !limit.ok) {
    const retryAfter = String(Math.max(1, Math.ceil(limit.retryAfterMs / 1000)));
    send(
      res,
      problem(429, 'rate limit exceeded for the second window', {
        instance: path,
        headers: { 'retry-after': retryAfter, ...rateLimitHeaders(gate.bucket, gate.rps) },
      }),
    );
    return;
  }
  if (!authorized(req, gate.apiKey, flavor.allowRawKey)) {
    send(
      res,
      problem(401, req.headers.authorization ? 'invalid bearer token' : 'missing bearer token', { instance: path }),
    );
    return;
  }
  if (!found) {
    send(res, problem(404, 'resource not found', { instance: path }));
    return;
  }
  if (!route) {
    const allow = 'allow' in found ? found.allow.join(', ') : '';
    send(
      res,
      problem(405, 'The requested method is not allowed for this path.', { instance: path, headers: { allow } }),
    );
    return;
  }
  if (badJson) {
    send(res, problem(400, 'request body is not valid JSON', { instance: path }));
    return;
  }
  if (route.body && (gate.validateRequests || body === undefined)) {
    const errors = body === undefined ? ['$: request body is required'] : runCheck(route.body, body);
    if (errors.length > 0) {
      const status = flavor.invalidBodyStatus;
      send(
        res,
        problem(status, status === 422 ? 'Request validation failed.' : 'request body does not match the API', {
          instance: path,
          errors,
        }),
      );
      return;
    }
  }

  const params = 'params' in found ? found.params : {};
  // Not bound to the client: the create lands whether or not it is still waiting.
  if (fault?.commitAfterMs !== undefined) await sleep(fault.commitAfterMs);
  const response = await route.handle({ params, query, body, path, req, res });
  if (fault?.afterCreate || (fault?.commitAfterMs !== undefined && hasAnswer(fault))) {
    // The work is done (a pod exists), but the client never learns it: the idempotent-spawn case.
    if (fault.resetConnection) req.socket.destroy();
    else send(res, faultResponse(fault));
    return;
  }
  if (response) {
    const extra = rateLimitHeaders(gate.bucket, gate.rps);
    send(res, extra ? { ...response, headers: { ...extra, ...response.headers } } : response);
  }
}

/** Starts one loopback HTTP server over a route table. */
export async function listen(
  router: Router,
  gate: Gate,
  flavor: ServerFlavor,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handle(router, gate, flavor, req, res).catch((error: unknown) => {
      send(res, problem(500, error instanceof Error ? error.message : 'internal error'));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(flavor.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
