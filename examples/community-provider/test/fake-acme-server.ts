import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConformanceHooks, Fault, FaultInjector, FaultOperation } from '@atlas/conformance';

// A stateful fake of Acme's HTTP API for tests: in-memory instances, a bearer-key check, and a
// fault injector and hooks the conformance suite drives. It listens on 127.0.0.1, port 0.

export interface FakeAcme {
  /** Where the provider should send requests (pass it as CallContext.baseUrl). */
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
  created_at: string;
}

const GPU_TYPES = [
  { name: 'acme-h100-80g', description: 'H100 80GB PCIe', memory_gb: 80, price_per_hour: 2.49, available: 12 },
  { name: 'acme-h100-80g-sxm', description: 'H100 80GB SXM5', memory_gb: 80, price_per_hour: 2.99, available: 2 },
  { name: 'acme-a100-80g', description: 'A100 80GB SXM4', memory_gb: 80, price_per_hour: 1.79, available: 0 },
  { name: 'acme-l4', description: 'L4 24GB', memory_gb: 24, price_per_hour: 0.44, available: 40 },
  // Not in ACME_GPU_MAP: a catalog entry Atlas has no canonical id for.
  { name: 'acme-mi250', description: 'MI250 128GB', memory_gb: 128, price_per_hour: 1.2, available: 3 },
];

/** Instances per page of GET /instances, unless the suite's setPageSize says otherwise. */
const PAGE_SIZE = 100;

interface PendingFault {
  fault: Fault;
  remaining: number;
}

export async function startFakeAcme(): Promise<FakeAcme> {
  const apiKey = `acme_test_${randomBytes(16).toString('hex')}`;
  const instances = new Map<string, StoredInstance>();
  const byIdempotencyKey = new Map<string, string>();
  const pending = new Map<FaultOperation, PendingFault>();
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
    if (fault !== undefined && !fault.afterCreate) return answerWithFault(req, res, fault);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(res, {
        status: 401,
        body: { error: { code: 'unauthorized', message: 'Invalid or missing API key.' } },
      });
    }
    const reply = route.run(body, req);
    // afterCreate: the server did the work, then the answer was lost (an ambiguous failure).
    if (fault !== undefined) return answerWithFault(req, res, fault);
    send(res, reply);
  }

  function takeFault(operation: FaultOperation): Fault | undefined {
    const entry = pending.get(operation);
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) pending.delete(operation);
    return entry.fault;
  }

  async function answerWithFault(req: IncomingMessage, res: ServerResponse, fault: Fault): Promise<void> {
    if (fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.resetConnection) {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': fault.contentType ?? 'application/json',
      ...fault.headers,
    };
    if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    res.writeHead(fault.status ?? 500, headers);
    res.end(fault.body ?? JSON.stringify({ error: { code: 'injected', message: 'Injected fault.' } }));
  }

  interface Route {
    operation?: FaultOperation;
    run(body: unknown, req: IncomingMessage): Reply;
  }

  function routeOf(method: string, path: string): Route | undefined {
    const [version, collection, id, action, ...rest] = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (version !== 'v1' || rest.length > 0) return undefined;
    if (collection === 'gpu-types' && id === undefined && method === 'GET') {
      return { run: () => ({ status: 200, body: { gpu_types: GPU_TYPES } }) };
    }
    if (collection !== 'instances') return undefined;
    if (id === undefined) {
      if (method === 'GET') return { operation: 'listCompute', run: listPage };
      if (method === 'POST') return { operation: 'spawnCompute', run: create };
      return undefined;
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
    if ((action === 'stop' || action === 'start') && method === 'POST') {
      return on(action, (i) => {
        // A started machine boots again: `pending` until the next read finds it running.
        i.state = action === 'stop' ? 'stopped' : 'pending';
        return { status: 202, body: { ok: true } };
      });
    }
    return undefined;
  }

  function create(body: unknown, req: IncomingMessage): Reply {
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
    if (instance === undefined) throw new Error(`fake acme: no instance ${id}`);
    return instance;
  }

  /** A read after creation finds the machine booted, as on a real cloud a little later. */
  function observe(instance: StoredInstance): object {
    if (instance.state === 'pending') instance.state = 'running';
    return view(instance);
  }

  /** The wire form. Like many clouds, Acme echoes the env back: the provider must scrub it from `raw`. */
  function view(instance: StoredInstance): object {
    const price = GPU_TYPES.find((g) => g.name === instance.gpu_type)?.price_per_hour ?? 0;
    return {
      ...instance,
      ip: instance.state === 'running' ? '203.0.113.10' : null,
      ports: instance.ports.map((p) =>
        p.protocol === 'http' ? { ...p, url: `https://${instance.id}-${p.port}.proxy.acme.example` } : p,
      ),
      hourly_price: Math.round(price * instance.gpu_count * 100) / 100,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1/`,
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
      // The machine crashed: Acme reports it `error`.
      failCompute(id) {
        known(id).state = 'error';
      },
      // The cloud took the machine back (maintenance, a spot bid lost): Acme halts it, `stopped`.
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

interface Reply {
  status: number;
  body?: unknown;
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
