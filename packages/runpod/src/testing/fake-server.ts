import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '@atlas/core/provider';
import type { FaultOperation } from '@atlas/core/testing';
import {
  closeSignal,
  type FakeResponse,
  type FaultTable,
  faultPlan,
  type LoopbackServer,
  type Router,
  readRequest,
  send,
  startLoopbackServer,
} from '@atlas/fake-kit';
import { runCheck } from './body-checks.js';
import { problem } from './http-io.js';
import type { TokenBucket } from './rate-limiter.js';
import type { Route } from './router.js';

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

function operationOf(route: Route, body: unknown): FaultOperation | undefined {
  return typeof route.operation === 'function' ? route.operation(body) : route.operation;
}

/** A fault with no body answers in REST v2's problem shape. */
function injectedFault(status: number, headers: Record<string, string>): FakeResponse {
  return problem(status, 'injected fault', { headers });
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
  router: Router<Route>,
  gate: Gate,
  flavor: ServerFlavor,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { method, path, query, body, badJson } = await readRequest(req);
  const found = router.match(method, path);
  const route = found && 'route' in found ? found.route : undefined;
  const operation = route && operationOf(route, body);
  const fault = faultPlan(gate.faults.take(method, path, operation), req, res, injectedFault);

  if (gate.latencyMs > 0) await sleep(gate.latencyMs, closeSignal(res));
  if (await fault.before()) return;

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
  await fault.commit();
  const response = await route.handle({ params, query, body, path, req, res });
  if (fault.after()) return;
  if (response) {
    const extra = rateLimitHeaders(gate.bucket, gate.rps);
    send(res, extra ? { ...response, headers: { ...extra, ...response.headers } } : response);
  }
}

/** Starts one loopback HTTP server over a route table. */
export function listen(router: Router<Route>, gate: Gate, flavor: ServerFlavor): Promise<LoopbackServer> {
  return startLoopbackServer((req, res) => handle(router, gate, flavor, req, res), {
    port: flavor.port,
    onError: (error) => problem(500, error instanceof Error ? error.message : 'internal error'),
  });
}
