import { AtlasError, type AuthHandle, type CallContext, type Compute, isAtlasError, mintToken } from '@atlas/core';
import { type HttpClient, parseComputeRequest, toNativeGpu } from '@atlas/core/provider';
import { type CreatePodBody, isPod, type Pod, PodSchema } from '../api/pods.js';
import { RUNPOD_GPU_MAP } from '../gpu-map.js';
import { PROVIDER_ID } from '../settings.js';
import { toCreatePodBody } from '../translate/create-pod-body.js';
import { podToCompute } from '../translate/pod.js';
import { podName, randomSuffix } from '../translate/pod-name.js';
import { adoptPod } from './adopt-pod.js';
import { listPods } from './pods.js';

/** A pod older than this (by its createdAt) cannot be the one our create just made. */
const ADOPTION_WINDOW_MS = 10 * 60_000;
/** POSTs at most: the first, and one more when a lookup proved the first created nothing. */
const MAX_CREATES = 2;

/**
 * `POST /v2/pods`, never blindly re-sent. Validation, spot and the GPU are checked before any
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
  const client = makeClient();
  // An empty key cannot be told apart from none in a name (podName then draws a random one).
  if (ctx.idempotencyKey) {
    const existing = await existingFor(client, name);
    if (existing !== undefined) return adoptPod(existing, request.auth === 'bearer');
  }
  const auth: AuthHandle | undefined = request.auth === 'bearer' ? await mintToken() : undefined;
  const body = toCreatePodBody(request, { name, gpuId, injectedEnv: auth?.env ?? {} });
  const pod = await createPod(client, body, ctx.signal);
  const compute = podToCompute(pod, RUNPOD_GPU_MAP);
  return auth === undefined ? compute : { ...compute, auth };
}

/**
 * The pod an earlier spawn with this idempotency key made (in this process or another), if any.
 * RunPod keeps no keys, so the key lives in the name. No recency window here, unlike after an
 * ambiguous create: a key is meant to stay valid as long as its pod lives.
 */
async function existingFor(client: HttpClient, name: string): Promise<Pod | undefined> {
  const found = liveNamed(await listPods(client), name);
  if (found.length > 1) throw duplicates(name, found, 'for this idempotency key');
  return found[0];
}

/**
 * After a timeout, a lost connection or a 5xx we cannot know whether the pod exists. The name
 * says: one pod with it is adopted, none means the create did nothing (one more try), two or
 * more fail closed, because guessing could leave a GPU billing nobody.
 */
async function createPod(client: HttpClient, body: CreatePodBody, signal: AbortSignal | undefined): Promise<Pod> {
  const since = Date.now();
  let lastError: AtlasError | undefined;
  for (let attempt = 1; attempt <= MAX_CREATES; attempt++) {
    try {
      return await client.request({ method: 'POST', path: 'pods', json: body, schema: PodSchema, accepts: isPod });
    } catch (error) {
      // The caller's abort is an answer, not an ambiguity: they asked us to stop.
      if (!isAmbiguous(error) || signal?.aborted) throw error;
      lastError = error;
    }
    const found = await lookUp(client, body.name, since, lastError);
    if (found.length === 1 && found[0] !== undefined) return found[0];
    if (found.length > 1) throw duplicates(body.name, found, 'after an ambiguous create');
  }
  throw lastError;
}

function isAmbiguous(error: unknown): error is AtlasError {
  if (!isAtlasError(error)) return false;
  if (error.kind === 'timeout' || error.kind === 'transport') return true;
  return error.status !== undefined && error.status >= 500;
}

async function lookUp(client: HttpClient, name: string, since: number, cause: AtlasError): Promise<Pod[]> {
  let pods: Pod[];
  try {
    pods = await listPods(client);
  } catch (error) {
    throw new AtlasError({
      kind: cause.kind,
      provider: PROVIDER_ID,
      message: `runpod: creating pod '${name}' failed ambiguously (${cause.message}) and looking it up by name failed too; check for a pod named '${name}' before retrying.`,
      ...(cause.status === undefined ? {} : { status: cause.status }),
      retryable: false,
      cause: error,
    });
  }
  return liveNamed(pods, name).filter((pod) => recentEnough(pod, since));
}

function liveNamed(pods: readonly Pod[], name: string): Pod[] {
  return pods.filter((pod) => pod.name === name && pod.status !== 'TERMINATED');
}

function recentEnough(pod: Pod, since: number): boolean {
  const created = pod.createdAt ? Date.parse(pod.createdAt) : Number.NaN;
  return Number.isNaN(created) || created >= since - ADOPTION_WINDOW_MS;
}

function duplicates(name: string, pods: readonly Pod[], when: string): AtlasError {
  return new AtlasError({
    kind: 'conflict',
    provider: PROVIDER_ID,
    message:
      `runpod: ${pods.length} pods are named '${name}' (${pods.map((p) => p.id).join(', ')}) ${when}; ` +
      'refusing to guess which one is ours. Terminate the extra pods, or spawn with a unique name.',
    retryable: false,
  });
}
