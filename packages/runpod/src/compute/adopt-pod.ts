import { AtlasError, type Compute, PRESHARED_KEY_ENV } from '@atlas/core';
import { bearerHandle } from '@atlas/core/provider';
import type { Pod } from '../api/pods.js';
import { RUNPOD_GPU_MAP } from '../gpu-map.js';
import { PROVIDER_ID } from '../settings.js';
import { podToCompute } from '../translate/pod.js';

/**
 * A pod an earlier spawn with the same idempotency key made, returned as that spawn returned it.
 * Under auth 'bearer' the handle is rebuilt from the token the pod really holds: a freshly minted
 * one would open nothing, since the pod checks the key it was created with.
 */
export async function adoptPod(pod: Pod, bearer: boolean): Promise<Compute> {
  const compute = podToCompute(pod, RUNPOD_GPU_MAP);
  if (!bearer) return compute;
  const token = pod.env?.[PRESHARED_KEY_ENV];
  if (typeof token !== 'string' || token === '') {
    throw new AtlasError({
      kind: 'conflict',
      provider: PROVIDER_ID,
      message:
        `runpod: pod '${pod.id}' (named '${pod.name}') already answers this idempotency key, but it has no ${PRESHARED_KEY_ENV}, ` +
        "so no bearer token can open it. Terminate it, or spawn with another key (or without auth 'bearer').",
      retryable: false,
    });
  }
  return { ...compute, auth: await bearerHandle(token) };
}
