// One orchestrator in its own process, driven by the parent test over IPC: the multi-process tests
// start two of these on one store (and SIGKILL one). Run by Node's type stripping, so it imports
// only built packages and the store module it is given (a .ts file without relative imports, or dist).
import process from 'node:process';
import { createOrchestrator, type OrchestratorEvent, type SessionStore } from '@atlas/orchestrator';
import { createRunPod } from '@atlas/runpod';

export interface InstanceConfig {
  /** Absolute path of the module that exports the store factory. */
  readonly storeModule: string;
  readonly storeFactory: string;
  readonly storeOptions: Record<string, unknown>;
  readonly fake: { readonly url: string; readonly runtimeUrl: string; readonly apiKey: string };
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

/** What crosses the IPC channel of an event (JSON: no AtlasError objects). */
export type InstanceEvent = Pick<OrchestratorEvent, 'type' | 'at'> & Record<string, unknown>;

const config = JSON.parse(process.argv[2] ?? '{}') as InstanceConfig;
const send = (message: unknown) => process.send?.(message);

const factories = (await import(config.storeModule)) as Record<string, (options: unknown) => SessionStore>;
const store = factories[config.storeFactory]!(config.storeOptions);
const orch = createOrchestrator({
  provider: createRunPod({
    apiKey: config.fake.apiKey,
    baseUrl: config.fake.url,
    runtimeBaseUrl: config.fake.runtimeUrl,
  }),
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
  const { session: _session, error, ...rest } = event as OrchestratorEvent & { session?: unknown; error?: unknown };
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
