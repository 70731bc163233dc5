import { type Compute, type ComputeFilter, isAtlasError } from '@atlas/core';
import { type HttpClient, matchesComputeFilter, nativeGpuIds } from '@atlas/core/provider';
import { isPod, isPodList, ListPodsSchema, type Pod, PodSchema, type PodStatus } from '../api/pods.js';
import { RUNPOD_GPU_MAP } from '../gpu-map.js';
import { podToCompute } from '../translate/pod.js';

const podPath = (id: string) => `pods/${encodeURIComponent(id)}`;

export async function getPod(client: HttpClient, id: string): Promise<Pod> {
  return client.request({ method: 'GET', path: podPath(id), schema: PodSchema, accepts: isPod });
}

export async function listPods(client: HttpClient): Promise<Pod[]> {
  const { pods } = await client.request({ method: 'GET', path: 'pods', schema: ListPodsSchema, accepts: isPodList });
  return pods;
}

export async function getCompute(client: HttpClient, id: string): Promise<Compute> {
  return podToCompute(await getPod(client, id), RUNPOD_GPU_MAP);
}

/** `GET /v2/pods` has no filters, so name, status, gpu and region are matched here. */
export async function listCompute(client: HttpClient, filter: ComputeFilter): Promise<Compute[]> {
  const { gpu, ...rest } = filter;
  // A canonical id matches every native id it stands for: { gpu: 'h100' } finds SXM and PCIe pods.
  const natives =
    gpu === undefined ? undefined : new Set(nativeGpuIds(RUNPOD_GPU_MAP, gpu).map((id) => id.toLowerCase()));
  const pods = await listPods(client);
  return pods
    .filter((pod) => natives === undefined || (pod.gpu != null && natives.has(pod.gpu.id.toLowerCase())))
    .map((pod) => podToCompute(pod, RUNPOD_GPU_MAP))
    .filter((compute) => matchesComputeFilter(compute, rest));
}

/** The statuses in which a stop or a start has already had its effect. */
const ALREADY_DONE: Readonly<Record<'start' | 'stop', readonly PodStatus[]>> = {
  stop: ['EXITED'],
  start: ['PROVISIONING', 'STARTING', 'RUNNING'],
};

/**
 * stop/start: retried like PUT, since the pod ends in the same state. RunPod answers a repeat with
 * 409 (stop is not valid for an EXITED pod), and so it answers the retry of an attempt that went
 * through but whose answer was lost. So a 409 is checked against the pod: already where the
 * caller wants it means done; anything else (a TERMINATED pod, a stop in ERROR) stays `conflict`.
 */
export async function podAction(client: HttpClient, id: string, action: 'start' | 'stop'): Promise<void> {
  try {
    await client.request({
      method: 'POST',
      path: `${podPath(id)}/action`,
      json: { action },
      responseType: 'none',
      idempotent: true,
    });
  } catch (error) {
    if (!isAtlasError(error) || error.kind !== 'conflict') throw error;
    const status = await statusOf(client, id);
    if (status !== undefined && ALREADY_DONE[action].includes(status)) return;
    throw error;
  }
}

/** The pod's status, or undefined when it cannot be read (the original error then stands). */
async function statusOf(client: HttpClient, id: string): Promise<PodStatus | undefined> {
  try {
    return (await getPod(client, id)).status;
  } catch {
    return undefined;
  }
}

export async function deletePod(client: HttpClient, id: string): Promise<void> {
  await client.request({ method: 'DELETE', path: podPath(id), responseType: 'none' });
}
