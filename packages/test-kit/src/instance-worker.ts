// One orchestrator in its own process, driven by the parent test over IPC (see instances.ts): the
// multi-process store tests start two of these on one store (and SIGKILL one). Forked from dist as
// plain JavaScript; the modules it is given (orchestrator, store, provider) are imported by URL, so a
// store's tests may point it at their .ts source (Node type stripping) if that has no relative imports.
import process from 'node:process';

/** A factory a module exports: the worker imports `module` and calls `module[factory](options)`. */
export interface FactoryRef {
  /** A specifier resolved from the test (`InstanceConfig.resolveFrom`); in the worker, a file URL. */
  readonly module: string;
  readonly factory: string;
  readonly options: Record<string, unknown>;
}

/** What the worker is started with (JSON in argv[2]). */
export interface WorkerConfig {
  /** File URL of @atlas/orchestrator, as the store under test resolves it. */
  readonly orchestratorModule: string;
  /** Builds the SessionStore under test. */
  readonly store: FactoryRef;
  /** Builds the provider the orchestrator spawns on (a stateful fake on loopback). */
  readonly provider: FactoryRef;
  readonly ownerId: string;
  readonly pollIntervalMs: number;
  readonly reapIntervalMs: number;
  readonly graceMs: number;
  readonly instanceId?: string;
  readonly instanceLeaseMs?: number;
}

export type InstanceRequest =
  | { readonly seq: number; readonly cmd: 'spawn'; readonly idleTtlMs?: number; readonly maxRuntimeMs?: number }
  | { readonly seq: number; readonly cmd: 'touch' | 'release'; readonly id: string }
  | { readonly seq: number; readonly cmd: 'list' | 'reap' | 'close' };

/** What crosses the IPC channel of an orchestrator event (JSON: no AtlasError objects, no Session). */
export type InstanceEvent = { readonly type: string; readonly at: number } & Record<string, unknown>;

// The part of @atlas/orchestrator the worker drives, typed here: test-kit cannot depend on the
// orchestrator (whose tests use a provider whose tests use test-kit: a cycle in the package graph).
interface Orchestrator {
  on(type: '*', listener: (event: InstanceEvent & { session?: unknown; error?: unknown }) => void): unknown;
  spawn(request: Record<string, unknown>): Promise<{ session: unknown }>;
  touch(id: string): Promise<unknown>;
  release(id: string): Promise<unknown>;
  list(): Promise<unknown>;
  reap(): Promise<unknown>;
  close(): Promise<void>;
  ready(): Promise<{ adopted: number }>;
}
type Factory<T> = (options: unknown) => T;

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const send = (message: unknown) => process.send?.(message);

async function build<T>(ref: FactoryRef): Promise<T> {
  const exports = (await import(ref.module)) as Record<string, Factory<T>>;
  const factory = exports[ref.factory];
  if (typeof factory !== 'function') throw new Error(`${ref.module} exports no function ${ref.factory}`);
  return factory(ref.options);
}

const { createOrchestrator } = (await import(config.orchestratorModule)) as {
  createOrchestrator: Factory<Orchestrator>;
};
const store = await build<{ close?(): Promise<void> }>(config.store);
const orch = createOrchestrator({
  provider: await build(config.provider),
  ownerId: config.ownerId,
  store,
  pollIntervalMs: config.pollIntervalMs,
  reapIntervalMs: config.reapIntervalMs,
  graceMs: config.graceMs,
  ...(config.instanceId === undefined ? {} : { instanceId: config.instanceId }),
  ...(config.instanceLeaseMs === undefined ? {} : { instanceLeaseMs: config.instanceLeaseMs }),
  terminateRetry: { baseDelayMs: 100 },
});
orch.on('*', (event) => {
  const { session: _session, error, ...rest } = event;
  send({ event: { ...rest, ...(error === undefined ? {} : { error: String(error) }) } });
});

process.on('message', async (request: InstanceRequest) => {
  try {
    let result: unknown;
    if (request.cmd === 'spawn') {
      const { session } = await orch.spawn({
        gpu: 'rtx_4090',
        image: 'ghcr.io/acme/infer:1',
        ports: [{ port: 8000, protocol: 'http' }],
        ...(request.idleTtlMs === undefined ? {} : { idleTtlMs: request.idleTtlMs }),
        ...(request.maxRuntimeMs === undefined ? {} : { maxRuntimeMs: request.maxRuntimeMs }),
      });
      result = session;
    } else if (request.cmd === 'touch') result = await orch.touch(request.id);
    else if (request.cmd === 'release') result = await orch.release(request.id);
    else if (request.cmd === 'list') result = await orch.list();
    else if (request.cmd === 'reap') result = await orch.reap();
    else {
      await orch.close();
      await store.close?.();
    }
    send({ seq: request.seq, result: result ?? null });
    if (request.cmd === 'close') process.disconnect();
  } catch (error) {
    send({ seq: request.seq, error: String(error) });
  }
});

send({ ready: await orch.ready() });
