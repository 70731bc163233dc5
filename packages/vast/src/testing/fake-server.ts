import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '@atlas/core/provider';
import type { FaultOperation } from '@atlas/core/testing';
import {
  closeSignal,
  type FakeResponse,
  type FaultTable,
  faultPlan,
  type LoopbackServer,
  readRequest,
  send,
  startLoopbackServer,
} from '@atlas/fake-kit';
import type { VastEndpoint } from '../settings.js';
import { vastError } from './http-io.js';
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

/** Vast reads (and checks) a body on every method but GET. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A fault with no body answers in Vast's usual error shape. */
function injectedFault(status: number, headers: Record<string, string>): FakeResponse {
  return { ...vastError(status, 'injected_fault', 'injected fault'), headers };
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
  const { method, path, query, body, badJson } = await readRequest(req, BODY_METHODS);
  const found = match(routes, method, path);
  const route = typeof found === 'object' ? found.route : undefined;
  const operation = route === undefined ? undefined : operationOf(route, body);
  const fault = faultPlan(gate.faults.take(method, path, operation), req, res, injectedFault);

  if (gate.latencyMs > 0) await sleep(gate.latencyMs, closeSignal(res));
  if (await fault.before()) return;
  const authorization = req.headers.authorization;
  const key = authorization?.startsWith('Bearer ') ? authorization.slice(7) : query.get('api_key');
  if (key !== gate.apiKey) {
    send(res, vastError(401, 'auth_error', 'Invalid user key'));
    return;
  }
  if (found === undefined || found === 'method') {
    send(res, vastError(found === 'method' ? 405 : 404, 'not_found', `no route for ${method} ${path}`));
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
  await fault.commit();
  const response = matched.handle({ params, query, body });
  if (fault.after()) return;
  send(res, response);
}

export function listen(routes: readonly Route[], gate: Gate, port: number): Promise<LoopbackServer> {
  return startLoopbackServer((req, res) => handle(routes, gate, req, res), {
    port,
    onError: (error) => ({ status: 500, body: error instanceof Error ? error.message : 'internal error' }),
  });
}
