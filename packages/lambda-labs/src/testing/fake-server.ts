import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '@atlas/core/provider';
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
import type { FakeState } from './fake-state.js';
import { lambdaError } from './http-io.js';
import type { Route } from './routes.js';

export const API_PREFIX = '/api/v1';

/** What every request shares: the account, auth, latency, faults and the launch rate limit. */
export interface Gate {
  readonly state: FakeState;
  /** The routes under API_PREFIX. */
  readonly router: Router<Route>;
  readonly apiKey: string;
  readonly latencyMs: number;
  readonly faults: FaultTable;
  /** Least ms between two launches (0: no limit). */
  readonly launchIntervalMs: number;
  lastLaunchAt: number;
}

/** Bearer (preferred) or Basic with the key as user name, as the spec allows. */
function authorized(req: IncomingMessage, apiKey: string): boolean {
  const header = req.headers.authorization;
  if (header === `Bearer ${apiKey}`) return true;
  return header === `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}

/** A fault with no body answers in Lambda's error envelope. */
function injectedFault(status: number, headers: Record<string, string>): FakeResponse {
  return lambdaError(status, 'global/internal-error', 'injected fault', undefined, headers);
}

async function handle(gate: Gate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { method, path, body, badJson } = await readRequest(req);
  const found = gate.router.match(method, path);
  const route = found && 'route' in found ? found.route : undefined;
  const fault = faultPlan(gate.faults.take(method, path, route?.operation), req, res, injectedFault);
  if (gate.latencyMs > 0) await sleep(gate.latencyMs, closeSignal(res));
  if (await fault.before()) return;

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
  if (route === undefined) {
    send(res, lambdaError(405, 'global/invalid-parameters', `${method} is not allowed on ${path}`));
    return;
  }
  if (badJson) {
    send(res, lambdaError(400, 'global/invalid-parameters', 'Invalid request data: the body is not JSON.'));
    return;
  }
  const problems = route.check?.(body) ?? [];
  if (problems.length > 0) {
    send(res, lambdaError(400, 'global/invalid-parameters', `Invalid request data: ${problems.join('; ')}`));
    return;
  }
  if (route.operation === 'spawnCompute' && gate.launchIntervalMs > 0) {
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
  await fault.commit();
  const response = route.handle({ params: 'params' in found ? found.params : {}, body, state: gate.state });
  if (fault.after()) return;
  send(res, response);
}

export function listen(gate: Gate, port: number): Promise<LoopbackServer> {
  return startLoopbackServer((req, res) => handle(gate, req, res), {
    port,
    onError: (error) =>
      lambdaError(500, 'global/internal-error', error instanceof Error ? error.message : 'internal error'),
  });
}
