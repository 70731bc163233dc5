import type { FaultOperation } from '@atlas/core/testing';
import type { FakeResponse } from '@atlas/fake-kit';
import type { VastEndpoint } from '../settings.js';
import { showCharges } from './charges-route.js';
import { json, vastError } from './http-io.js';
import type { InstanceStore } from './instance-store.js';
import { type FakeOffer, queryProblems, search } from './market.js';

/** The fake's state shared by its routes. */
export interface FakeState {
  offers: FakeOffer[];
  /** Offers rented out, by instance id: back on the market when the instance is destroyed. */
  readonly rented: Map<number, FakeOffer>;
  readonly instances: InstanceStore;
  readonly sshKeys: Map<number, { id: number; public_key: string; created_at: string }>;
  nextSshKeyId: number;
  pageSize: number;
  /** The server's page maximum for charges (Vast's is 500). */
  readonly chargesPageSize: number;
}

export interface RouteContext {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the path with or without its trailing slash. */
  readonly pattern: RegExp;
  readonly endpoint: VastEndpoint;
  readonly operation?: FaultOperation | ((body: unknown) => FaultOperation | undefined);
  /** JSON body required (and a JSON object). */
  readonly needsBody?: boolean;
  /** Whether this request creates something (the afterCreate faults apply after it). */
  readonly creates?: boolean;
  readonly handle: (ctx: RouteContext) => FakeResponse;
}

const INSTANCE_NOT_FOUND = () => vastError(404, 'not_found', 'Instance not found');

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Checks of the create body that Vast performs; messages in Vast's `error 400/…` style. */
function createProblems(body: Record<string, unknown>): string | undefined {
  if (typeof body.image !== 'string' && typeof body.template_hash_id !== 'string') return "'image' is required";
  if (body.env !== undefined && typeof body.env !== 'string') {
    if (!isObject(body.env) || !Object.values(body.env).every((v) => typeof v === 'string')) {
      return "'env' must be an object of strings or a Docker flag string";
    }
  }
  if (body.label !== undefined && (typeof body.label !== 'string' || body.label.length > 1024))
    return "'label' must be a string of at most 1024 characters";
  if (body.disk !== undefined && (typeof body.disk !== 'number' || body.disk <= 0))
    return "'disk' must be a positive number";
  if (body.price !== undefined && (typeof body.price !== 'number' || body.price < 0.001 || body.price > 128))
    return "'price' must be between 0.001 and 128";
  return undefined;
}

function createInstance(state: FakeState, askId: number, body: Record<string, unknown>): FakeResponse {
  const problem = createProblems(body);
  if (problem !== undefined) {
    return vastError(400, 'invalid_args', `error 400/3467: Invalid args: ${problem}`, { ask_id: askId });
  }
  const offer = state.offers.find((o) => o.id === askId);
  if (!offer) {
    const wasRented = [...state.rented.values()].some((o) => o.id === askId);
    return wasRented
      ? vastError(410, 'no_such_ask', `error 410/3907: no_such_ask Instance type ${askId} is no longer available.`, {
          ask_id: askId,
        })
      : vastError(404, 'invalid_args', `error 404/3603: no_such_ask Instance type by id ${askId} is not available.`, {
          ask_id: askId,
        });
  }
  if (typeof body.price === 'number' && body.price < offer.min_bid) {
    return vastError(
      400,
      'invalid_price',
      `error 400/3511: bid ${body.price} is below the minimum bid ${offer.min_bid}`,
      { ask_id: askId },
    );
  }
  if (typeof body.disk === 'number' && body.disk > offer.disk_space) {
    return vastError(
      400,
      'invalid_args',
      `error 400/3467: Invalid args: disk ${body.disk} exceeds the ${offer.disk_space} GB offered`,
      { ask_id: askId },
    );
  }
  const id = state.instances.create(offer, body);
  state.offers = state.offers.filter((o) => o.id !== askId);
  state.rented.set(id, offer);
  return json(200, {
    success: true,
    new_contract: id,
    instance_api_key: `ik_${id.toString(16)}${Math.random().toString(16).slice(2, 18)}`,
  });
}

/** `after_token`: base64 of the last id served. */
function encodeToken(id: number): string {
  return Buffer.from(JSON.stringify({ values: { id } })).toString('base64');
}

function decodeToken(token: string): number | undefined {
  try {
    const id = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { values?: { id?: unknown } }).values?.id;
    return typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

const FILTERABLE = new Set(['actual_status', 'gpu_name', 'verification', 'id', 'label', 'intended_status']);

function listInstances(state: FakeState, query: URLSearchParams): FakeResponse {
  const limitText = query.get('limit');
  let limit = limitText === null ? state.pageSize : Number(limitText);
  if (!Number.isInteger(limit)) return vastError(400, 'invalid_request', 'limit must be an integer');
  if (limit > 25) return vastError(400, 'invalid_request', 'limit must be at most 25');
  if (limit <= 0) limit = 5;
  limit = Math.min(limit, state.pageSize);
  let filters: Record<string, Record<string, unknown>> = {};
  const filterText = query.get('select_filters');
  if (filterText !== null) {
    try {
      filters = JSON.parse(filterText) as Record<string, Record<string, unknown>>;
    } catch {
      return vastError(400, 'invalid_request', 'select_filters is not valid JSON');
    }
    for (const column of Object.keys(filters)) {
      if (!FILTERABLE.has(column)) return vastError(400, 'invalid_request', `column '${column}' is not filterable`);
    }
  }
  const token = query.get('after_token');
  const after = token === null ? undefined : decodeToken(token);
  if (token !== null && after === undefined) return vastError(400, 'invalid_token', 'Invalid after_token search key');
  const views = state.instances
    .ids()
    .map((id) => state.instances.view(id)!)
    .filter((view) =>
      Object.entries(filters).every(([column, ops]) =>
        Object.entries(ops).every(([op, operand]) => {
          const value = view[column];
          if (op === 'eq') return value === operand;
          if (op === 'neq') return value !== operand;
          if (op === 'in') return Array.isArray(operand) && operand.includes(value);
          if (op === 'notin') return Array.isArray(operand) && !operand.includes(value);
          return false;
        }),
      ),
    );
  const remaining = views.filter((view) => after === undefined || view.id > after);
  const page = remaining.slice(0, limit);
  const more = remaining.length > page.length;
  const labelCounts: Record<string, number> = {};
  for (const view of views) {
    const label = typeof view.label === 'string' ? view.label : '';
    labelCounts[label] = (labelCounts[label] ?? 0) + 1;
  }
  return json(200, {
    success: true,
    instances_found: page.length,
    total_instances: views.length,
    label_counts: labelCounts,
    next_token: more ? encodeToken(page.at(-1)!.id) : null,
    instances: page,
  });
}

function instanceIdOf(params: readonly string[]): number {
  return Number(params[0]);
}

function stateOperation(body: unknown): FaultOperation | undefined {
  if (!isObject(body)) return undefined;
  if (body.state === 'stopped') return 'stop';
  if (body.state === 'running') return 'start';
  return undefined;
}

export function vastRoutes(state: FakeState): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/api\/v0\/bundles$/,
      endpoint: 'search',
      needsBody: true,
      handle: ({ body }) => {
        const problems = queryProblems(body);
        if (problems.length > 0) return { status: 400, body: { error: 'invalid_request', msg: problems.join('; ') } };
        return json(200, { offers: search(state.offers, body as Record<string, unknown>) });
      },
    },
    {
      method: 'PUT',
      pattern: /^\/api\/v0\/asks\/(\d+)$/,
      endpoint: 'create',
      operation: 'spawnCompute',
      needsBody: true,
      creates: true,
      handle: ({ params, body }) => createInstance(state, Number(params[0]), body as Record<string, unknown>),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/instances$/,
      endpoint: 'list',
      operation: 'listCompute',
      handle: ({ query }) => listInstances(state, query),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v0\/instances\/(\d+)$/,
      endpoint: 'show',
      operation: 'getCompute',
      // Unknown ids answer `{"instances": null}` (what vast-cli reads as "not found").
      handle: ({ params }) => json(200, { instances: state.instances.view(instanceIdOf(params)) ?? null }),
    },
    {
      method: 'PUT',
      pattern: /^\/api\/v0\/instances\/(\d+)$/,
      endpoint: 'manage',
      operation: stateOperation,
      needsBody: true,
      handle: ({ params, body }) => {
        const id = instanceIdOf(params);
        const b = body as Record<string, unknown>;
        if (!state.instances.has(id)) return INSTANCE_NOT_FOUND();
        if (b.label !== undefined) {
          if (typeof b.label !== 'string' || b.label.length > 1024)
            return vastError(400, 'label_too_long', 'label must be at most 1024 characters');
          state.instances.setLabel(id, b.label);
        }
        if (b.state !== undefined) {
          if (b.state !== 'running' && b.state !== 'stopped')
            return vastError(400, 'invalid_args', "state must be 'running' or 'stopped'");
          state.instances.setState(id, b.state);
        }
        if (b.label === undefined && b.state === undefined)
          return vastError(400, 'invalid_args', 'nothing to change: give state or label');
        return json(200, { success: true });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/api\/v0\/instances\/(\d+)$/,
      endpoint: 'destroy',
      operation: 'terminate',
      handle: ({ params }) => {
        const id = instanceIdOf(params);
        const offer = state.instances.destroy(id);
        if (!offer) return INSTANCE_NOT_FOUND();
        state.rented.delete(id);
        state.offers.push(offer);
        return json(200, { success: true, msg: 'Instance destroyed successfully' });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v0\/charges$/,
      endpoint: 'billing',
      handle: ({ query }) => showCharges(state.instances.contracts(), query, state.chargesPageSize),
    },
    {
      method: 'PUT',
      pattern: /^\/api\/v0\/instances\/reboot\/(\d+)$/,
      endpoint: 'reboot',
      handle: ({ params }) =>
        state.instances.reboot(instanceIdOf(params))
          ? json(200, { success: true })
          : vastError(400, 'invalid_args', 'invalid instance_id'),
    },
    {
      method: 'POST',
      pattern: /^\/api\/v0\/instances\/(\d+)\/ssh$/,
      endpoint: 'ssh',
      needsBody: true,
      handle: ({ params, body }) => {
        if (!state.instances.has(instanceIdOf(params))) return INSTANCE_NOT_FOUND();
        const key = (body as Record<string, unknown>).ssh_key;
        if (typeof key !== 'string' || key === '') return vastError(400, 'invalid_args', 'ssh_key is required');
        return json(200, { success: true, msg: 'SSH key attached successfully' });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v0\/ssh$/,
      endpoint: 'ssh',
      handle: () =>
        json(
          200,
          [...state.sshKeys.values()].map((k) => ({ ...k, user_id: 1, deleted_at: null })),
        ),
    },
    {
      method: 'POST',
      pattern: /^\/api\/v0\/ssh$/,
      endpoint: 'ssh',
      needsBody: true,
      handle: ({ body }) => {
        const key = (body as Record<string, unknown>).ssh_key;
        if (typeof key !== 'string' || !/^(ssh|ecdsa)-/.test(key))
          return vastError(400, 'no_ssh_key', 'No ssh key provided');
        const id = state.nextSshKeyId++;
        const created = { id, public_key: key, created_at: new Date().toISOString() };
        state.sshKeys.set(id, created);
        return json(200, { success: true, key: { ...created, user_id: 1, deleted_at: null } });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/api\/v0\/ssh\/(\d+)$/,
      endpoint: 'ssh',
      handle: ({ params }) =>
        state.sshKeys.delete(Number(params[0]))
          ? json(200, { success: true })
          : vastError(404, 'not_found', 'SSH key not found'),
    },
  ];
}
