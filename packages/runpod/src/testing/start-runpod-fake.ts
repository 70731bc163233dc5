import { randomBytes } from 'node:crypto';
import { type FaultInjector, FaultTable, Router } from '@atlas/fake-kit';
import { billingRoutes } from './billing-routes.js';
import type { AvailabilityLevel } from './catalog-data.js';
import { catalogRoutes } from './catalog-routes.js';
import { conformanceHooks, type RunPodConformanceHooks } from './conformance-hooks.js';
import { listen } from './fake-server.js';
import { FakeState } from './fake-state.js';
import { podRoutes } from './pod-routes.js';
import type { PodStatus } from './pod-store.js';
import { TokenBucket } from './rate-limiter.js';
import { resourceRoutes } from './resource-routes.js';
import { runtimeRoutes } from './runtime-routes.js';
import type { FakeJob, FakePod } from './views.js';

export interface RunPodFakeOptions {
  /** Port of the REST v2 server (default 0: any free port). */
  port?: number;
  /** Port of the serverless runtime server (default 0). */
  runtimePort?: number;
  /** Added before every response, on both servers (default 0). */
  latencyMs?: number;
  /** The bearer key both servers accept (default: a random `rp_fake_…` key). */
  apiKey?: string;
  /** How long a new pod stays PROVISIONING (default 30 ms). */
  provisioningMs?: number;
  /** How long a pod stays STARTING after provisioning, a start or a restart (default 30 ms). */
  startingMs?: number;
  /** How long a job stays IN_QUEUE (default 10 ms). */
  jobQueueMs?: number;
  /** How long a job stays IN_PROGRESS while it streams its chunks (default 60 ms). */
  jobDurationMs?: number;
  /** Token bucket over both servers: past it, 429 with Retry-After. Off by default. */
  rateLimit?: { requestsPerSecond: number };
  /** Keep `GET /v2/pods/{id}/logs` open and stream new lines as they appear, like the real API (default false: send the backlog, then end). */
  followLogs?: boolean;
  /** Check request bodies against the spec's schemas and answer 422 (default true; benchmarks turn it off). */
  validateRequests?: boolean;
  /** Serverless endpoint ids that exist from the start (default ['atlas-conformance']). */
  endpoints?: readonly string[];
}

export interface RunPodFake {
  /** REST base: the provider appends `/v2/pods` etc. (stands for https://api.runpod.io). */
  readonly url: string;
  /** Serverless runtime base: `${runtimeUrl}/v2/{endpoint}/run` (stands for https://api.runpod.ai). */
  readonly runtimeUrl: string;
  readonly apiKey: string;
  /**
   * Faults by operation (spawnCompute POST /v2/pods; getCompute GET /v2/pods/{id}; listCompute GET
   * /v2/pods; stop/start the action route with that action; terminate DELETE /v2/pods/{id} or action
   * terminate; runJob POST run/runsync; getJob GET status) or by route (`injectRoute`).
   */
  readonly faults: FaultInjector;
  /** The hooks of `@atlas/conformance` (`hooks` option of describeProviderConformance). */
  readonly hooks: RunPodConformanceHooks;
  readonly pods: {
    /** Pods as GET /v2/pods/{id} shows them now. */
    list(): FakePod[];
    get(id: string): FakePod | undefined;
    status(id: string): PodStatus | undefined;
    /** The env the pod was created with (the conformance auth check reads ATLAS_PRESHARED_KEY here). */
    readEnv(id: string): Record<string, string> | undefined;
    /** Moves a pod to ERROR, as a crashed container would. */
    fail(id: string): boolean;
    appendLog(id: string, line: string, source?: 'container' | 'system'): boolean;
    count(): number;
  };
  readonly jobs: {
    ids(): string[];
    /** Every job as GET /status shows it now. */
    list(): FakeJob[];
    /** A job as GET /status shows it now. */
    get(id: string): FakeJob | undefined;
  };
  readonly endpoints: {
    ids(): string[];
    /** Makes a serverless endpoint exist (runtime routes answer 404 for unknown ones). */
    add(id: string): void;
  };
  readonly catalog: {
    /** Sets a GPU type's or CPU flavor's stock in one data center, or in all of them; NONE makes spawns fail for capacity. */
    setStock(id: string, level: AvailabilityLevel, dataCenterId?: string): void;
  };
  /** Adds `count` pods that are already RUNNING (named `seed-<i>`), for benchmarks; returns their ids. */
  seedPods(count: number): string[];
  /** Empties all state, restores default stock and seed endpoints, clears faults. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the stateful RunPod fake on 127.0.0.1: one server for REST v2 (`url`), one for the
 * serverless runtime (`runtimeUrl`), like api.runpod.io and api.runpod.ai. See README.md here.
 */
export async function startRunPodFake(options: RunPodFakeOptions = {}): Promise<RunPodFake> {
  const apiKey = options.apiKey ?? `rp_fake_${randomBytes(12).toString('hex')}`;
  const validateRequests = options.validateRequests ?? true;
  const state = new FakeState(
    {
      provisioningMs: options.provisioningMs ?? 30,
      startingMs: options.startingMs ?? 30,
      jobQueueMs: options.jobQueueMs ?? 10,
      jobDurationMs: options.jobDurationMs ?? 60,
      followLogs: options.followLogs ?? false,
      runtimeUrl: '',
    },
    options.endpoints ?? ['atlas-conformance'],
  );
  const faults = new FaultTable();
  const rps = options.rateLimit?.requestsPerSecond;
  const gate = {
    apiKey,
    latencyMs: options.latencyMs ?? 0,
    faults,
    bucket: rps === undefined ? undefined : new TokenBucket(rps),
    validateRequests,
    ...(rps === undefined ? {} : { rps }),
  };
  const rest = await listen(
    new Router([...podRoutes(state), ...catalogRoutes(state), ...resourceRoutes(state), ...billingRoutes(state)]),
    gate,
    {
      port: options.port ?? 0,
      allowRawKey: false,
      invalidBodyStatus: 422,
    },
  );
  const runtime = await listen(new Router(runtimeRoutes(state)), gate, {
    port: options.runtimePort ?? 0,
    allowRawKey: true,
    invalidBodyStatus: 400,
  }).catch(async (error: unknown) => {
    await rest.close();
    throw error;
  });
  state.settings.runtimeUrl = runtime.origin;
  state.reset();

  const jobView = (id: string) => {
    const endpoint = state.jobs.endpointOf(id);
    return endpoint === undefined ? undefined : state.jobs.view(endpoint, id);
  };

  return {
    url: rest.origin,
    runtimeUrl: runtime.origin,
    apiKey,
    faults,
    hooks: conformanceHooks(state, apiKey),
    pods: {
      list: () => state.pods.viewAll(),
      get: (id) => state.pods.view(id),
      status: (id) => state.pods.status(id),
      readEnv: (id) => state.pods.env(id),
      fail: (id) => state.pods.fail(id),
      appendLog: (id, line, source) => state.pods.appendLog(id, line, source),
      count: () => state.pods.size,
    },
    jobs: {
      ids: () => state.jobs.ids(),
      list: () =>
        state.jobs.ids().flatMap((id): FakeJob[] => {
          const view = jobView(id);
          return view ? [view] : [];
        }),
      get: jobView,
    },
    endpoints: {
      ids: () => [...state.endpoints.keys()],
      add: (id) => {
        state.addEndpoint({ id, name: id });
      },
    },
    catalog: {
      setStock: (id, level, dataCenterId) => {
        const perDc = state.stock.get(id);
        if (!perDc) throw new Error(`unknown GPU type or CPU flavor ${id}`);
        for (const dc of dataCenterId === undefined ? [...perDc.keys()] : [dataCenterId]) perDc.set(dc, level);
      },
    },
    seedPods: (count) =>
      state.pods.seed(count, (i) => ({
        name: `seed-${i}`,
        image: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
        args: '',
        disk: 50,
        ports: ['8888/http', '22/tcp'],
        env: {},
        registry: null,
        mounts: { persistent: { size: 20, path: '/workspace' } },
        gpu: { id: 'NVIDIA GeForce RTX 4090', count: 1 },
        cloud: 'SECURE',
        dataCenterId: 'US-KS-2',
        template: null,
        cost: 0.44,
        locked: false,
        globalNetworking: false,
      })),
    reset: () => {
      state.reset();
      faults.clear();
    },
    close: async () => {
      await Promise.all([rest.close(), runtime.close()]);
    },
  };
}
