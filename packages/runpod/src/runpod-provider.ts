import type { CallContext, Capability, JobRef } from '@atlas/core';
import { defineProvider } from '@atlas/core/provider';
import { listCpuTypes, listGpuTypes } from './catalog.js';
import { checkRequest } from './compute/check-request.js';
import { deletePod, getCompute, listCompute, podAction } from './compute/pods.js';
import { spawnCompute } from './compute/spawn-pod.js';
import { type DataCenterOptions, listDataCenters } from './extras/data-centers.js';
import { endpointsApi } from './extras/endpoints.js';
import { type PodLogOptions, podLogs } from './extras/logs.js';
import { networkVolumesApi } from './extras/network-volumes.js';
import { templatesApi } from './extras/templates.js';
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

/**
 * RunPod on core's toolkit: the operations receive validated input and one context holding the
 * settings under the call's own; defineProvider's boundary does the rest (ids, requests, secrets,
 * capabilities, signals, AtlasErrors, streams included).
 */
function defineRunPod(settings: RunPodSettings) {
  return defineProvider({
    id: PROVIDER_ID,
    capabilities: RUNPOD_CAPABILITIES,
    gpuMap: RUNPOD_GPU_MAP,
    settings: toProviderSettings(settings),
    checkRequest,
    operations: {
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
    },
    extras: (kit) => {
      const restFor = (ctx?: CallContext) => rest(kit.context(ctx));
      const runtimeFor = (ctx?: CallContext) => runtime(kit.context(ctx));
      return {
        /** Re-queues a FAILED or TIMED_OUT job (`POST /retry/{id}`). */
        retryJob: (ref: JobRef, ctx?: CallContext) => retryJob(runtimeFor(ctx), ref),
        /** Drops an endpoint's queued jobs (`POST /purge-queue`). */
        purgeQueue: (endpoint: string, ctx?: CallContext) => purgeQueue(runtimeFor(ctx), endpoint),
        /** Job counts and worker states of an endpoint (`GET /health`). */
        endpointHealth: (endpoint: string, ctx?: CallContext) => endpointHealth(runtimeFor(ctx), endpoint),
        /** Serverless endpoints (`/v2/serverless`). */
        endpoints: endpointsApi(restFor),
        /** Pod and serverless templates (`/v2/templates`). */
        templates: templatesApi(restFor),
        /** Network volumes (`/v2/network-volumes`); attach one with spawnCompute's networkVolumeId. */
        networkVolumes: networkVolumesApi(restFor),
        /** Data centers (`GET /v2/catalog/datacenters`): the ids regionHints accept. */
        dataCenters: (options?: DataCenterOptions, ctx?: CallContext) => listDataCenters(restFor(ctx), options),
      };
    },
  });
}

/**
 * The RunPod provider: the common contract (every optional method RunPod implements) plus its
 * extras. `logs` takes RunPod's own options (since, source, idleMs) beyond the contract's.
 */
export type RunPodProvider = Omit<ReturnType<typeof defineRunPod>, 'logs'> & {
  /** A pod's log lines (`GET /v2/pods/{id}/logs`, server-sent events). */
  logs(podId: string, options?: PodLogOptions, ctx?: CallContext): AsyncIterable<string>;
};

export function createRunPod(settings: RunPodSettings = {}): RunPodProvider {
  return defineRunPod(settings);
}
