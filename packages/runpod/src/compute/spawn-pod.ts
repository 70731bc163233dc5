import {
  AtlasError,
  type AuthHandle,
  type CallContext,
  type Compute,
  type ComputeRequest,
  mintToken,
} from '@atlas/core';
import { CREATE_MARKER_ENV, createOnce, type HttpClient, newCreateMarker, toNativeGpu } from '@atlas/core/provider';
import { isPod, type Pod, PodSchema } from '../api/pods.js';
import { readCpuCatalog } from '../catalog.js';
import { RUNPOD_GPU_MAP } from '../gpu-map.js';
import { rest } from '../http.js';
import { PROVIDER_ID } from '../settings.js';
import { type CreatePodParts, toCreatePodBody } from '../translate/create-pod-body.js';
import { podToCompute } from '../translate/pod.js';
import { podName, randomSuffix } from '../translate/pod-name.js';
import { adoptPod } from './adopt-pod.js';
import { pickCpuSize } from './cpu-size.js';
import { listPods } from './pods.js';

/**
 * `POST /v2/pods`, sent once per call. The request arrives validated and checked (checkRequest);
 * the body is built before any request, so a bad one costs no round trip.
 */
export async function spawnCompute(request: ComputeRequest, ctx: CallContext): Promise<Compute> {
  const client = rest(ctx);
  const name = podName(request.name, ctx.idempotencyKey, randomSuffix);
  const marker = newCreateMarker();
  const auth: AuthHandle | undefined = request.auth === 'bearer' ? await mintToken() : undefined;
  const body = toCreatePodBody(request, {
    name,
    machine: await machineFor(client, request),
    injectedEnv: { ...auth?.env, [CREATE_MARKER_ENV]: marker },
  });
  // An empty key cannot be told apart from none in a name (podName then draws a random one).
  if (ctx.idempotencyKey) {
    const existing = await existingFor(client, name);
    if (existing !== undefined) return adoptPod(existing, request.auth === 'bearer');
  }
  const pod = await createOnce<Pod>({
    provider: PROVIDER_ID,
    name,
    marker,
    noun: 'pod',
    signal: ctx.signal,
    create: () => client.request({ method: 'POST', path: 'pods', json: body, schema: PodSchema, accepts: isPod }),
    findByMarker: async (wanted) =>
      (await listPods(client)).filter((p) => p.status !== 'TERMINATED' && p.env?.[CREATE_MARKER_ENV] === wanted),
    idOf: (p) => p.id,
  });
  // An adopted pod carries this call's marker, so it holds the token minted above.
  const compute = podToCompute(pod, RUNPOD_GPU_MAP);
  return auth === undefined ? compute : { ...compute, auth };
}

/** The GPU from the map, or the CPU size from the catalog (one read, before the create). */
async function machineFor(client: HttpClient, request: ComputeRequest): Promise<CreatePodParts['machine']> {
  if (request.cpu !== undefined) {
    const size = pickCpuSize(await readCpuCatalog(client), request.cpu);
    return { cpu: { id: size.flavor.id, vcpuCount: size.vcpus } };
  }
  // The boundary refused a request with neither, and a GPU the map does not know.
  return { gpu: { id: toNativeGpu(RUNPOD_GPU_MAP, request.gpu!, PROVIDER_ID), count: request.gpuCount } };
}

/**
 * The pod an earlier spawn with this idempotency key made (in this process or another), if any.
 * RunPod keeps no keys, so the key lives in the name. No recency window: a key is meant to stay
 * valid as long as its pod lives. (After an ambiguous create the name is never enough: that
 * lookup goes by this call's marker.)
 */
async function existingFor(client: HttpClient, name: string): Promise<Pod | undefined> {
  const found = (await listPods(client)).filter((pod) => pod.name === name && pod.status !== 'TERMINATED');
  if (found.length > 1) {
    throw new AtlasError({
      kind: 'conflict',
      provider: PROVIDER_ID,
      message:
        `runpod: ${found.length} pods are named '${name}' (${found.map((p) => p.id).join(', ')}) for this idempotency key; ` +
        'refusing to guess which one is ours. Terminate the extra pods, or spawn with another key.',
      retryable: false,
    });
  }
  return found[0];
}
