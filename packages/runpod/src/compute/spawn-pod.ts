import { AtlasError, type AuthHandle, type CallContext, type Compute, mintToken } from '@atlas/core';
import {
  CREATE_MARKER_ENV,
  createOnce,
  type HttpClient,
  newCreateMarker,
  parseComputeRequest,
  toNativeGpu,
} from '@atlas/core/provider';
import { isPod, type Pod, PodSchema } from '../api/pods.js';
import { RUNPOD_GPU_MAP } from '../gpu-map.js';
import { PROVIDER_ID } from '../settings.js';
import { toCreatePodBody } from '../translate/create-pod-body.js';
import { podToCompute } from '../translate/pod.js';
import { podName, randomSuffix } from '../translate/pod-name.js';
import { adoptPod } from './adopt-pod.js';
import { listPods } from './pods.js';

/**
 * `POST /v2/pods`, sent once per call. Validation, spot and the GPU are checked before any
 * request; `client` is built by the caller only after the key resolved.
 */
export async function spawnCompute(makeClient: () => HttpClient, input: unknown, ctx: CallContext): Promise<Compute> {
  const request = parseComputeRequest(input, PROVIDER_ID);
  if (request.spot === true) {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: 'runpod: spot pods are no longer offered by RunPod; spawn without `spot: true`.',
      issues: [{ path: 'spot', message: 'not offered by RunPod' }],
    });
  }
  if (request.auth === 'signed_url') {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message:
        "runpod: RunPod's proxy cannot check signed URLs; use auth 'bearer', or sign URLs yourself with signUrl from @atlas/core.",
      issues: [{ path: 'auth', message: "'signed_url' is not supported by RunPod" }],
    });
  }
  if (request.gpu === undefined) {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: 'runpod: CPU pods are not wired yet; ask for a gpu.',
    });
  }
  const gpuId = toNativeGpu(RUNPOD_GPU_MAP, request.gpu, PROVIDER_ID);
  const name = podName(request.name, ctx.idempotencyKey, randomSuffix);
  const marker = newCreateMarker();
  // Built (and checked) before any request: a bad providerOptions costs no round trip.
  const auth: AuthHandle | undefined = request.auth === 'bearer' ? await mintToken() : undefined;
  const body = toCreatePodBody(request, {
    name,
    gpuId,
    injectedEnv: { ...auth?.env, [CREATE_MARKER_ENV]: marker },
  });
  const client = makeClient();
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
