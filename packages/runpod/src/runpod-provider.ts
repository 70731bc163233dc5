import type { CallContext, Capability, Job, JobRef } from '@atlas/core';
import { type DefinedProvider, defineProvider, type ProviderOperations } from '@atlas/core/provider';
import type { DataCenter } from './api/catalog.js';
import type { EndpointHealth, PurgeQueueResult } from './api/jobs.js';
import { listCpuTypes, listGpuTypes } from './catalog.js';
import { checkRequest } from './compute/check-request.js';
import { deletePod, getCompute, listCompute, podAction } from './compute/pods.js';
import { spawnCompute } from './compute/spawn-pod.js';
import { type BillingApi, billingApi } from './extras/billing.js';
import { type DataCenterOptions, listDataCenters } from './extras/data-centers.js';
import { type EndpointsApi, endpointsApi } from './extras/endpoints.js';
import { type PodLogOptions, podLogs } from './extras/logs.js';
import { type NetworkVolumesApi, networkVolumesApi } from './extras/network-volumes.js';
import { type TemplatesApi, templatesApi } from './extras/templates.js';
import { RUNPOD_GPU_MAP } from './gpu-map.js';
import { rest, runtime } from './http.js';
import { cancelJob, getJob, retryJob } from './serverless/jobs.js';
import { endpointHealth, purgeQueue } from './serverless/queue.js';
import { runJob } from './serverless/run-job.js';
import { streamJob } from './serverless/stream-job.js';
import { PROVIDER_ID, type RunPodSettings, toProviderSettings } from './settings.js';

/**
 * What RunPod really implements through this package. No `spot` (RunPod stopped offering spot
 * pods), no `webhooks` (a job's webhook is passed through but not verified), no `symmetric_ports`.
 * `global_networking` is set through providerOptions `{ globalNetworking: true }`. `cpu`: CPU pods
 * (`spawnCompute({ cpu: { vcpus } })`, secure cloud) and their catalog (`listCpuTypes`).
 */
export const RUNPOD_CAPABILITIES = [
  'serverless',
  'stop_start',
  'gpu_catalog',
  'http_proxy',
  'raw_tcp',
  'logs',
  'network_volumes',
  'global_networking',
  'cpu',
] as const satisfies readonly Capability[];

/** RunPod's own calls beyond the contract; each is guarded like the contract's methods. */
export interface RunPodExtras {
  /** Re-queues a FAILED or TIMED_OUT job (`POST /retry/{id}`). */
  retryJob(ref: JobRef, ctx?: CallContext): Promise<Job>;
  /** Drops an endpoint's queued jobs (`POST /purge-queue`). */
  purgeQueue(endpoint: string, ctx?: CallContext): Promise<PurgeQueueResult>;
  /** Job counts and worker states of an endpoint (`GET /health`). */
  endpointHealth(endpoint: string, ctx?: CallContext): Promise<EndpointHealth>;
  /** Serverless endpoints (`/v2/serverless`). */
  readonly endpoints: EndpointsApi;
  /** Pod and serverless templates (`/v2/templates`). */
  readonly templates: TemplatesApi;
  /** Network volumes (`/v2/network-volumes`); attach one with spawnCompute's networkVolumeId. */
  readonly networkVolumes: NetworkVolumesApi;
  /** Data centers (`GET /v2/catalog/datacenters`): the ids regionHints accept. */
  dataCenters(options?: DataCenterOptions, ctx?: CallContext): Promise<DataCenter[]>;
  /** The account's bill (`/v2/billing/...`): pods, serverless, network volumes, in time buckets; `totalUsd` for reconciling. */
  readonly billing: BillingApi;
}

/**
 * The RunPod provider: the whole contract (RunPod implements every optional method) plus its
 * extras. `logs` takes RunPod's own options (since, source, idleMs) beyond the contract's.
 */
export type RunPodProvider = Omit<
  DefinedProvider<
    typeof PROVIDER_ID,
    typeof RUNPOD_CAPABILITIES,
    Required<ProviderOperations>,
    RunPodExtras,
    typeof RUNPOD_GPU_MAP
  >,
  'logs'
> & {
  /** A pod's log lines (`GET /v2/pods/{id}/logs`, server-sent events). */
  logs(podId: string, options?: PodLogOptions, ctx?: CallContext): AsyncIterable<string>;
};

/**
 * RunPod on core's toolkit: the operations receive validated input and one context holding the
 * settings under the call's own; defineProvider's boundary does the rest (ids, requests, secrets,
 * capabilities, signals, AtlasErrors, streams included).
 */
export function createRunPod(settings: RunPodSettings = {}): RunPodProvider {
  const operations: Required<ProviderOperations> = {
    spawnCompute,
    getCompute: (id, ctx) => getCompute(rest(ctx), id),
    listCompute: (filter, ctx) => listCompute(rest(ctx), filter),
    stop: (id, ctx) => podAction(rest(ctx), id, 'stop'),
    start: (id, ctx) => podAction(rest(ctx), id, 'start'),
    terminate: (id, ctx) => deletePod(rest(ctx), id),
    runJob: (request, ctx) => runJob(runtime, request, ctx),
    getJob: (ref, ctx) => getJob(runtime(ctx), ref),
    cancelJob: (ref, ctx) => cancelJob(runtime(ctx), ref),
    streamJob: (ref, ctx) => streamJob(runtime(ctx), ref, ctx.signal),
    listGpuTypes: (ctx) => listGpuTypes(rest(ctx)),
    listCpuTypes: (ctx) => listCpuTypes(rest(ctx)),
    logs: (id, options: PodLogOptions, ctx) => podLogs(rest(ctx), id, options, ctx.signal),
  };
  return defineProvider({
    id: PROVIDER_ID,
    capabilities: RUNPOD_CAPABILITIES,
    gpuMap: RUNPOD_GPU_MAP,
    settings: toProviderSettings(settings),
    checkRequest,
    operations,
    extras: (kit): RunPodExtras => {
      const restFor = (ctx?: CallContext) => rest(kit.context(ctx));
      const runtimeFor = (ctx?: CallContext) => runtime(kit.context(ctx));
      return {
        retryJob: (ref, ctx) => retryJob(runtimeFor(ctx), ref),
        purgeQueue: (endpoint, ctx) => purgeQueue(runtimeFor(ctx), endpoint),
        endpointHealth: (endpoint, ctx) => endpointHealth(runtimeFor(ctx), endpoint),
        endpoints: endpointsApi(restFor),
        templates: templatesApi(restFor),
        networkVolumes: networkVolumesApi(restFor),
        dataCenters: (options, ctx) => listDataCenters(restFor(ctx), options),
        billing: billingApi(restFor),
      };
    },
  });
}
