import type { Fault, FaultOperation } from '@atlas/core/testing';
import {
  type FakeResponse,
  FaultTable,
  faultPlan,
  type LoopbackServer,
  readRequest,
  send,
  startLoopbackServer,
} from '../src/index.js';

/** A tiny fake built only from the kit: POST /things creates a thing, GET /things lists them. */
export interface TinyFake {
  readonly server: LoopbackServer;
  readonly faults: FaultTable;
  readonly things: unknown[];
}

const OPERATIONS: Readonly<Record<string, FaultOperation>> = {
  'POST /things': 'spawnCompute',
  'GET /things': 'listCompute',
};

const injected = (status: number, headers: Record<string, string>): FakeResponse => ({
  status,
  body: { error: 'injected' },
  headers,
});

export async function startTinyFake(): Promise<TinyFake> {
  const faults = new FaultTable();
  const things: unknown[] = [];
  const server = await startLoopbackServer(
    async (req, res) => {
      const { method, path, body, badJson } = await readRequest(req);
      const plan = faultPlan(faults.take(method, path, OPERATIONS[`${method} ${path}`]), req, res, injected);
      if (await plan.before()) return;
      if (badJson) return send(res, { status: 400, body: 'not JSON' });
      if (path === '/boom') throw new Error('handler failed');
      await plan.commit();
      let response: FakeResponse;
      if (method === 'POST' && path === '/things') {
        things.push(body);
        response = { status: 201, body };
      } else if (method === 'GET' && path === '/things') response = { status: 200, body: things };
      else response = { status: 404, body: 'no such route' };
      if (plan.after()) return;
      send(res, response);
    },
    { onError: (error) => ({ status: 500, body: { error: error instanceof Error ? error.message : 'unknown' } }) },
  );
  return { server, faults, things };
}

export type { Fault };
