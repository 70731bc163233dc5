import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConformanceHooks } from '@atlas/conformance';
import type { Fault, FaultInjector, FaultOperation } from '@atlas/core/testing';

// A small stateful fake of __PROVIDER_ID__'s HTTP API on 127.0.0.1 (port 0): in-memory instances, a
// bearer-key check, and the fault injector and hooks the conformance suite drives. The conformance tests pass
// because this fake and src/ agree on the placeholder API. TODO: as you point src/ at your cloud's
// real endpoints, change the routes and shapes here to answer exactly like your cloud does.

export interface Fake__PROVIDER_NAME__ {
  /** Where the provider should send requests (CallContext.baseUrl or the factory's baseUrl). */
  readonly baseUrl: string;
  /** The only key the server accepts. */
  readonly apiKey: string;
  readonly faults: FaultInjector;
  /** What a happy path never shows, for the conformance suite's `hooks`: a crash, a preemption, a list in pages. */
  readonly hooks: Required<Pick<ConformanceHooks, 'failCompute' | 'preemptCompute' | 'setPageSize'>>;
  /** The environment an instance was started with (what the machine itself would see). */
  envOf(id: string): Record<string, string>;
  reset(): void;
  close(): Promise<void>;
}

interface StoredInstance {
  id: string;
  name: string | null;
  state: 'pending' | 'running' | 'stopped' | 'error';
  gpu_type: string;
  gpu_count: number;
  image: string;
  ports: { port: number; protocol: 'http' | 'tcp' }[];
  env: Record<string, string>;
  region: string;
  // #if spot
  spot: boolean;
  // #endif
  created_at: string;
}

/** TODO: a few entries shaped like your cloud's GPU catalog. */
const GPU_TYPES = [
  {
    name: '__PROVIDER_ID__-h100-80g',
    description: 'H100 80GB PCIe',
    memory_gb: 80,
    price_per_hour: 2.49,
    available: 12,
  },
  {
    name: '__PROVIDER_ID__-h100-80g-sxm',
    description: 'H100 80GB SXM5',
    memory_gb: 80,
    price_per_hour: 2.99,
    available: 2,
  },
  {
    name: '__PROVIDER_ID__-a100-80g',
    description: 'A100 80GB SXM4',
    memory_gb: 80,
    price_per_hour: 1.79,
    available: 0,
  },
  { name: '__PROVIDER_ID__-l4', description: 'L4 24GB', memory_gb: 24, price_per_hour: 0.44, available: 40 },
];

/** Instances per page of GET /instances, unless the suite's setPageSize says otherwise. */
const PAGE_SIZE = 100;

interface Reply {
  status: number;
  body?: unknown;
}

interface Route {
  /** The provider operation this route serves, for fault injection and counting. */
  operation?: FaultOperation;
  run(body: unknown, req: IncomingMessage): Reply;
}

export async function startFake__PROVIDER_NAME__(): Promise<Fake__PROVIDER_NAME__> {
  const apiKey = `test_${randomBytes(16).toString('hex')}`;
  const instances = new Map<string, StoredInstance>();
  const byIdempotencyKey = new Map<string, string>();
  const pending = new Map<FaultOperation, { fault: Fault; remaining: number }>();
  const counts = new Map<FaultOperation, number>();
  let pageSize = PAGE_SIZE;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, { status: 500, body: { error: { code: 'internal', message: String(error) } } }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = routeOf(req.method ?? 'GET', url.pathname);
    if (route === undefined) return send(res, { status: 404, body: notFound(`${req.method} ${url.pathname}`) });
    const body = await readBody(req);

    if (route.operation !== undefined) counts.set(route.operation, (counts.get(route.operation) ?? 0) + 1);
    const fault = route.operation === undefined ? undefined : takeFault(route.operation);
    if (fault?.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const failing = fault !== undefined && isFailure(fault);
    if (failing && !fault.afterCreate) return answerWithFault(req, res, fault);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(res, {
        status: 401,
        body: { error: { code: 'unauthorized', message: 'Invalid or missing API key.' } },
      });
    }
    const reply = route.run(body, req);
    // afterCreate: the server did the work, then the answer was lost (an ambiguous failure).
    if (failing) return answerWithFault(req, res, fault);
    send(res, reply);
  }

  function takeFault(operation: FaultOperation): Fault | undefined {
    const entry = pending.get(operation);
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) pending.delete(operation);
    return entry.fault;
  }

  function routeOf(method: string, path: string): Route | undefined {
    const [collection, id, action, ...rest] = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (rest.length > 0) return undefined;
    // #if gpu_catalog
    if (collection === 'gpu-types' && id === undefined && method === 'GET') {
      return { run: () => ({ status: 200, body: { gpu_types: GPU_TYPES } }) };
    }
    // #endif
    if (collection !== 'instances') return undefined;
    if (id === undefined) {
      if (method === 'GET') return { operation: 'listCompute', run: listPage };
      return method === 'POST' ? { operation: 'spawnCompute', run: create } : undefined;
    }
    const on = (operation: FaultOperation, then: (instance: StoredInstance) => Reply): Route => ({
      operation,
      run: () => {
        const instance = instances.get(id);
        return instance === undefined ? { status: 404, body: notFound(`Instance ${id}`) } : then(instance);
      },
    });
    if (action === undefined && method === 'GET') return on('getCompute', (i) => ({ status: 200, body: observe(i) }));
    if (action === undefined && method === 'DELETE') {
      return on('terminate', (i) => {
        instances.delete(i.id);
        return { status: 204 };
      });
    }
    // #if stop_start
    if ((action === 'stop' || action === 'start') && method === 'POST') {
      return on(action, (i) => {
        // A started machine boots again: `pending` until the next read finds it running.
        i.state = action === 'stop' ? 'stopped' : 'pending';
        return { status: 202, body: { ok: true } };
      });
    }
    // #endif
    return undefined;
  }

  function create(body: unknown, req: IncomingMessage): Reply {
    // The same idempotency key twice is one instance: a retried create rents nothing twice.
    const key = req.headers['idempotency-key'];
    const existing = typeof key === 'string' ? instances.get(byIdempotencyKey.get(key) ?? '') : undefined;
    if (existing !== undefined) return { status: 200, body: observe(existing) };
    const b = (body ?? {}) as Partial<StoredInstance>;
    if (typeof b.image !== 'string' || typeof b.gpu_type !== 'string' || typeof b.gpu_count !== 'number') {
      return {
        status: 400,
        body: { error: { code: 'invalid_request', message: 'image, gpu_type and gpu_count are required.' } },
      };
    }
    if (!GPU_TYPES.some((g) => g.name === b.gpu_type)) {
      return { status: 400, body: { error: { code: 'invalid_gpu', message: `Unknown gpu_type ${b.gpu_type}.` } } };
    }
    const instance: StoredInstance = {
      id: `inst_${randomBytes(6).toString('hex')}`,
      name: typeof b.name === 'string' ? b.name : null,
      state: 'pending',
      gpu_type: b.gpu_type,
      gpu_count: b.gpu_count,
      image: b.image,
      ports: Array.isArray(b.ports) ? b.ports : [],
      env: b.env ?? {},
      region: typeof b.region === 'string' ? b.region : 'us-east',
      // #if spot
      spot: b.spot === true,
      // #endif
      created_at: new Date().toISOString(),
    };
    instances.set(instance.id, instance);
    if (typeof key === 'string') byIdempotencyKey.set(key, instance.id);
    return { status: 201, body: view(instance) };
  }

  /** One page of the list, from the offset the cursor holds; `next_cursor` is null on the last page. */
  function listPage(_body: unknown, req: IncomingMessage): Reply {
    const from = Number(new URL(req.url ?? '/', 'http://fake').searchParams.get('cursor') ?? 0);
    const all = [...instances.values()];
    const next = from + pageSize < all.length ? String(from + pageSize) : null;
    return { status: 200, body: { instances: all.slice(from, from + pageSize).map(observe), next_cursor: next } };
  }

  function known(id: string): StoredInstance {
    const instance = instances.get(id);
    if (instance === undefined) throw new Error(`fake __PROVIDER_ID__: no instance ${id}`);
    return instance;
  }

  /** A read after creation finds the machine booted, as on a real cloud a little later. */
  function observe(instance: StoredInstance): object {
    if (instance.state === 'pending') instance.state = 'running';
    return view(instance);
  }

  /** The wire form. Like many clouds, it echoes the env back: the provider must scrub it from `raw`. */
  function view(instance: StoredInstance): object {
    const running = instance.state === 'running';
    const price = GPU_TYPES.find((g) => g.name === instance.gpu_type)?.price_per_hour ?? 0;
    return {
      ...instance,
      ip: running ? '203.0.113.10' : null,
      ports: instance.ports.map((p) => ({
        ...p,
        // #if http_proxy
        ...(p.protocol === 'http' ? { url: `https://${instance.id}-${p.port}.proxy.__PROVIDER_ID__.example` } : {}),
        // #endif
        // #if raw_tcp
        ...(p.protocol === 'tcp' && running ? { public_port: 40000 + p.port } : {}),
        // #endif
      })),
      hourly_price: Math.round(price * instance.gpu_count * 100) / 100,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    apiKey,
    faults: {
      inject(operation, fault) {
        pending.set(operation, { fault, remaining: fault.times ?? 1 });
      },
      clear() {
        pending.clear();
        counts.clear();
      },
      count: (operation) => counts.get(operation) ?? 0,
    },
    hooks: {
      // The machine crashed. TODO: the state your cloud reports for a crashed machine.
      failCompute(id) {
        known(id).state = 'error';
      },
      // The cloud took the machine back (maintenance, a spot bid lost). TODO: what your cloud does then.
      preemptCompute(id) {
        known(id).state = 'stopped';
      },
      setPageSize(size) {
        pageSize = size ?? PAGE_SIZE;
      },
    },
    envOf: (id) => ({ ...known(id).env }),
    reset() {
      instances.clear();
      byIdempotencyKey.clear();
      pending.clear();
      counts.clear();
      pageSize = PAGE_SIZE;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A fault that only delays lets the request through afterwards. */
function isFailure(fault: Fault): boolean {
  return (
    fault.status !== undefined ||
    fault.body !== undefined ||
    fault.retryAfterSeconds !== undefined ||
    fault.resetConnection === true ||
    fault.afterCreate === true ||
    fault.delayMs === undefined
  );
}

function answerWithFault(req: IncomingMessage, res: ServerResponse, fault: Fault): void {
  if (fault.resetConnection) {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = { 'content-type': fault.contentType ?? 'application/json', ...fault.headers };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  const onlyRetryAfter = fault.status === undefined && fault.retryAfterSeconds !== undefined;
  res.writeHead(fault.status ?? (onlyRetryAfter ? 429 : 500), headers);
  const body = fault.body ?? { error: { code: 'injected', message: 'Injected fault.' } };
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function notFound(what: string): object {
  return { error: { code: 'not_found', message: `${what} does not exist.` } };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
