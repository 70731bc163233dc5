import { AtlasError, type AuthHandle, type Compute, hashToken, PRESHARED_KEY_ENV } from '@atlas/core';
import { registerSecret } from '@atlas/core/provider';
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
  registerSecret(token);
  return { ...compute, auth: await handleFor(token) };
}

/** The same shape mintToken() returns, for a token that already exists. */
async function handleFor(token: string): Promise<AuthHandle> {
  return {
    scheme: 'bearer',
    token,
    hash: await hashToken(token),
    header: `Bearer ${token}`,
    env: { [PRESHARED_KEY_ENV]: token },
  };
}
