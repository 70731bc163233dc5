import type {
  CallContext,
  Capability,
  Compute,
  ComputeFilter,
  ComputeRequestInput,
  GpuType,
  Job,
  JobChunk,
  JobRef,
  JobRequestInput,
  Provider,
} from '@atlas/core';
import type { DataCenter } from './api/catalog.js';
import type { EndpointHealth, PurgeQueueResult } from './api/jobs.js';
import { listGpuTypes } from './catalog.js';
import { effectiveContext, restClient, runtimeClient } from './clients.js';
import { deletePod, getCompute, listCompute, podAction } from './compute/pods.js';
import { spawnCompute } from './compute/spawn-pod.js';
import { type DataCenterOptions, listDataCenters } from './extras/data-centers.js';
import { type EndpointsApi, endpointsApi } from './extras/endpoints.js';
import { type PodLogOptions, podLogs } from './extras/logs.js';
import { type NetworkVolumesApi, networkVolumesApi } from './extras/network-volumes.js';
import { type TemplatesApi, templatesApi } from './extras/templates.js';
import { RUNPOD_GPU_MAP } from './gpu-map.js';
import { guard, toAtlasError } from './guard.js';
import { cancelJob, getJob, retryJob } from './serverless/jobs.js';
import { endpointHealth, purgeQueue } from './serverless/queue.js';
import { runJob } from './serverless/run-job.js';
import { streamJob } from './serverless/stream-job.js';
import { PROVIDER_ID, type RunPodSettings } from './settings.js';

/**
 * What RunPod really implements through this package. No `spot` (RunPod stopped offering spot
 * pods), no `webhooks` (a job's webhook is passed through but not verified), no `symmetric_ports`.
 * `global_networking` is set through providerOptions `{ globalNetworking: true }`.
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
] as const satisfies readonly Capability[];

/** The RunPod provider: the common contract plus RunPod's own extras. */
export interface RunPodProvider extends Provider {
  readonly id: 'runpod';
  readonly capabilities: typeof RUNPOD_CAPABILITIES;
  readonly gpuMap: typeof RUNPOD_GPU_MAP;
  /** Takes the input form (defaults optional): the provider validates it before any request. */
  spawnCompute(request: ComputeRequestInput, ctx?: CallContext): Promise<Compute>;
  runJob(request: JobRequestInput, ctx?: CallContext): Promise<Job>;
  getJob(ref: JobRef, ctx?: CallContext): Promise<Job>;
  cancelJob(ref: JobRef, ctx?: CallContext): Promise<void>;
  streamJob(ref: JobRef, ctx?: CallContext): AsyncIterable<JobChunk>;
  listGpuTypes(ctx?: CallContext): Promise<GpuType[]>;
  /** Re-queues a FAILED or TIMED_OUT job (`POST /retry/{id}`). */
  retryJob(ref: JobRef, ctx?: CallContext): Promise<Job>;
  /** Drops an endpoint's queued jobs (`POST /purge-queue`). */
  purgeQueue(endpoint: string, ctx?: CallContext): Promise<PurgeQueueResult>;
  /** Job counts and worker states of an endpoint (`GET /health`). */
  endpointHealth(endpoint: string, ctx?: CallContext): Promise<EndpointHealth>;
  /** A pod's log lines (`GET /v2/pods/{id}/logs`, server-sent events). */
  logs(podId: string, options?: PodLogOptions, ctx?: CallContext): AsyncIterable<string>;
  readonly endpoints: EndpointsApi;
  readonly templates: TemplatesApi;
  readonly networkVolumes: NetworkVolumesApi;
  /** Data centers (`GET /v2/catalog/datacenters`): the ids regionHints accept. */
  dataCenters(options?: DataCenterOptions, ctx?: CallContext): Promise<DataCenter[]>;
}

export function createRunPod(settings: RunPodSettings = {}): RunPodProvider {
  const rest = (ctx?: CallContext) => restClient(settings, effectiveContext(settings, ctx));
  const runtime = (ctx?: CallContext) => runtimeClient(settings, effectiveContext(settings, ctx));

  return {
    id: PROVIDER_ID,
    capabilities: RUNPOD_CAPABILITIES,
    gpuMap: RUNPOD_GPU_MAP,

    spawnCompute: (request: ComputeRequestInput, ctx?: CallContext) =>
      guard(() => spawnCompute(() => rest(ctx), request, ctx ?? {})),
    getCompute: (id: string, ctx?: CallContext) => guard(() => getCompute(rest(ctx), id)),
    listCompute: (filter?: ComputeFilter, ctx?: CallContext) => guard(() => listCompute(rest(ctx), filter)),
    stop: (id: string, ctx?: CallContext) => guard(() => podAction(rest(ctx), id, 'stop')),
    start: (id: string, ctx?: CallContext) => guard(() => podAction(rest(ctx), id, 'start')),
    terminate: (id: string, ctx?: CallContext) => guard(() => deletePod(rest(ctx), id)),

    runJob: (request: JobRequestInput, ctx?: CallContext) =>
      guard(() => runJob((c) => runtimeClient(settings, c), request, effectiveContext(settings, ctx))),
    getJob: (ref: JobRef, ctx?: CallContext) => guard(() => getJob(runtime(ctx), ref)),
    cancelJob: (ref: JobRef, ctx?: CallContext) => guard(() => cancelJob(runtime(ctx), ref)),
    streamJob: (ref: JobRef, ctx?: CallContext) => lazyIterable(() => streamJob(runtime(ctx), ref, ctx?.signal)),
    retryJob: (ref: JobRef, ctx?: CallContext) => guard(() => retryJob(runtime(ctx), ref)),
    purgeQueue: (endpoint: string, ctx?: CallContext) => guard(() => purgeQueue(runtime(ctx), endpoint)),
    endpointHealth: (endpoint: string, ctx?: CallContext) => guard(() => endpointHealth(runtime(ctx), endpoint)),

    listGpuTypes: (ctx?: CallContext) => guard(() => listGpuTypes(rest(ctx))),
    logs: (podId: string, options?: PodLogOptions, ctx?: CallContext) =>
      lazyIterable(() => podLogs(rest(ctx), podId, options, ctx?.signal)),
    endpoints: endpointsApi(rest),
    templates: templatesApi(rest),
    networkVolumes: networkVolumesApi(rest),
    dataCenters: (options?: DataCenterOptions, ctx?: CallContext) => guard(() => listDataCenters(rest(ctx), options)),
  };
}

/** Errors while setting up (a missing key) surface on the first `next()`, as an AtlasError. */
function lazyIterable<T>(open: () => AsyncIterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      let iterator: AsyncIterator<T> | undefined;
      const get = () => {
        iterator ??= open()[Symbol.asyncIterator]();
        return iterator;
      };
      return {
        async next() {
          try {
            return await get().next();
          } catch (error) {
            throw toAtlasError(error);
          }
        },
        async return(value?: unknown) {
          if (iterator?.return) return iterator.return(value as never);
          return { done: true, value: undefined as never };
        },
      };
    },
  };
}
