import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from '@atlas/core/provider';
import type { Fault } from '@atlas/core/testing';
import type { FakeState } from './fake-state.js';
import type { FaultTable } from './fault-table.js';
import { closeSignal, type FakeResponse, lambdaError, readJsonBody, send } from './http-io.js';
import type { Route } from './routes.js';

export const API_PREFIX = '/api/v1';

/** What every request shares: the account, auth, latency, faults and the launch rate limit. */
export interface Gate {
  readonly state: FakeState;
  readonly routes: readonly Route[];
  readonly apiKey: string;
  readonly latencyMs: number;
  readonly faults: FaultTable;
  /** Least ms between two launches (0: no limit). */
  readonly launchIntervalMs: number;
  lastLaunchAt: number;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

function match(routes: readonly Route[], method: string, path: string): Match | 'method' | undefined {
  let wrongMethod = false;
  for (const route of routes) {
    const names: string[] = [];
    const source = route.pattern.replace(/\{([^}]+)\}/g, (_all, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const found = new RegExp(`^${API_PREFIX}${source}$`).exec(path);
    if (!found) continue;
    if (route.method !== method) {
      wrongMethod = true;
      continue;
    }
    const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] as string)]));
    return { route, params };
  }
  return wrongMethod ? 'method' : undefined;
}

/** Bearer (preferred) or Basic with the key as user name, as the spec allows. */
function authorized(req: IncomingMessage, apiKey: string): boolean {
  const header = req.headers.authorization;
  if (header === `Bearer ${apiKey}`) return true;
  return header === `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}

function faultResponse(fault: Fault): FakeResponse {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  const status = fault.status ?? (fault.retryAfterSeconds !== undefined ? 429 : 500);
  if (fault.body === undefined) {
    return lambdaError(status, 'global/internal-error', 'injected fault', undefined, headers);
  }
  return {
    status,
    body: fault.body,
    contentType: fault.contentType ?? (typeof fault.body === 'string' ? 'text/plain' : 'application/json'),
    headers,
  };
}

/** A fault that only delays (or only holds the commit) lets the request through afterwards. */
function answersInstead(fault: Fault): boolean {
  if (fault.afterCreate === true || fault.commitAfterMs !== undefined) return false;
  return (
    fault.resetConnection === true ||
    fault.status !== undefined ||
    fault.body !== undefined ||
    fault.retryAfterSeconds !== undefined ||
    fault.delayMs === undefined
  );
}

function hasAnswer(fault: Fault): boolean {
  return fault.resetConnection === true || fault.status !== undefined || fault.body !== undefined;
}

async function handle(gate: Gate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const path = rawUrl.split('?', 1)[0] as string;
  const found = match(gate.routes, method, path);

  let body: unknown;
  let badJson = false;
  if (BODY_METHODS.has(method)) {
    const parsed = await readJsonBody(req);
    if (parsed.ok) body = parsed.value;
    else badJson = true;
  } else {
    req.resume();
  }

  const route = typeof found === 'object' ? found.route : undefined;
  const fault = gate.faults.take(method, path, route?.operation);
  if (gate.latencyMs > 0) await sleep(gate.latencyMs, closeSignal(res));
  if (fault?.delayMs !== undefined) await sleep(fault.delayMs, closeSignal(res));
  if (fault && answersInstead(fault)) {
    if (fault.resetConnection) req.socket.destroy();
    else send(res, faultResponse(fault));
    return;
  }

  if (!authorized(req, gate.apiKey)) {
    send(
      res,
      lambdaError(
        401,
        'global/invalid-api-key',
        'API key was invalid, expired, or deleted.',
        'Check your API key or create a new one, then try again.',
      ),
    );
    return;
  }
  if (found === undefined) {
    send(res, lambdaError(404, 'global/object-does-not-exist', `No such endpoint: ${path}`));
    return;
  }
  if (found === 'method') {
    send(res, lambdaError(405, 'global/invalid-parameters', `${method} is not allowed on ${path}`));
    return;
  }
  if (badJson) {
    send(res, lambdaError(400, 'global/invalid-parameters', 'Invalid request data: the body is not JSON.'));
    return;
  }
  const problems = found.route.check?.(body) ?? [];
  if (problems.length > 0) {
    send(res, lambdaError(400, 'global/invalid-parameters', `Invalid request data: ${problems.join('; ')}`));
    return;
  }
  if (found.route.operation === 'spawnCompute' && gate.launchIntervalMs > 0) {
    // Lambda limits launches per account; its 429 body is undocumented, so this one is a guess in its envelope.
    const waitMs = gate.lastLaunchAt + gate.launchIntervalMs - Date.now();
    if (waitMs > 0) {
      send(
        res,
        lambdaError(429, 'global/rate-limit-exceeded', 'Too many launch requests.', 'Try again shortly.', {
          'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
        }),
      );
      return;
    }
    gate.lastLaunchAt = Date.now();
  }
  // A held commit lands even if the client gave up meanwhile (a launch that outlives a timeout).
  if (fault?.commitAfterMs !== undefined) await sleep(fault.commitAfterMs);
  const response = found.route.handle({ params: found.params, body, state: gate.state });
  if (fault !== undefined && (fault.afterCreate === true || fault.commitAfterMs !== undefined) && hasAnswer(fault)) {
    // The work is done, but the client never learns it: the idempotent-spawn case.
    if (fault.resetConnection) req.socket.destroy();
    else send(res, faultResponse(fault));
    return;
  }
  send(res, response);
}

export async function listen(gate: Gate, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handle(gate, req, res).catch((error: unknown) => {
      send(res, lambdaError(500, 'global/internal-error', error instanceof Error ? error.message : 'internal error'));
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
  return { server, url: `http://127.0.0.1:${bound}${API_PREFIX}/` };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
