import { type AvailabilityLevel, defaultStock } from './catalog-data.js';
import { JobStore } from './job-store.js';
import { PodStore } from './pod-store.js';

/** The resolved options every route reads. */
export interface FakeSettings {
  readonly provisioningMs: number;
  readonly startingMs: number;
  readonly jobQueueMs: number;
  readonly jobDurationMs: number;
  /** Keep pod log streams open and send new lines, like the real API (default: backlog, then end). */
  readonly followLogs: boolean;
  /** Where the runtime server listens, for `requestUrls` of serverless endpoints. */
  runtimeUrl: string;
}

/** All in-memory state of one fake; `reset()` rebuilds it. */
export class FakeState {
  readonly pods: PodStore;
  readonly jobs: JobStore;
  stock: Map<string, Map<string, AvailabilityLevel>> = defaultStock();
  readonly templates = new Map<string, Record<string, unknown>>();
  readonly networkVolumes = new Map<string, Record<string, unknown>>();
  /** Serverless endpoints by id, as the REST API shows them (schema `Endpoint`). */
  readonly endpoints = new Map<string, Record<string, unknown>>();

  constructor(
    readonly settings: FakeSettings,
    private readonly seedEndpointIds: readonly string[],
  ) {
    this.pods = new PodStore(settings);
    this.jobs = new JobStore(settings);
    this.reset();
  }

  reset(): void {
    this.pods.clear();
    this.jobs.clear();
    this.stock = defaultStock();
    this.templates.clear();
    this.networkVolumes.clear();
    this.endpoints.clear();
    for (const id of this.seedEndpointIds) this.addEndpoint({ id, name: id });
  }

  /** Registers a serverless endpoint with the required fields of schema `Endpoint`. */
  addEndpoint(fields: Record<string, unknown> & { id: string; name: string }): Record<string, unknown> {
    const base = `${this.settings.runtimeUrl}/v2/${fields.id}`;
    const endpoint: Record<string, unknown> = {
      image: 'runpod/worker-echo:1.0.0',
      args: '',
      disk: 20,
      ports: [],
      env: {},
      registry: null,
      type: 'QUEUE',
      gpu: null,
      workers: { min: 0, max: 3, idleTimeout: 10 },
      scaling: { type: 'QUEUE_DELAY', queueDelay: 4 },
      dataCenterIds: [],
      networkVolumes: [],
      timeout: 300_000,
      flashboot: 'OFF',
      createdAt: new Date().toISOString(),
      ...fields,
    };
    endpoint.requestUrls =
      endpoint.type === 'LOAD_BALANCER'
        ? { base: `https://${fields.id}.api.runpod.ai`, health: `https://${fields.id}.api.runpod.ai/ping` }
        : {
            run: `${base}/run`,
            runSync: `${base}/runsync`,
            status: `${base}/status`,
            stream: `${base}/stream`,
            cancel: `${base}/cancel`,
            retry: `${base}/retry`,
            purgeQueue: `${base}/purge-queue`,
            health: `${base}/health`,
          };
    this.endpoints.set(fields.id, endpoint);
    return endpoint;
  }
}
