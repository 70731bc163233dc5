import type { ComputeRequest } from '@atlas/core';
import { deepMergeOptions } from '@atlas/core/provider';
import type { CreatePodBody } from '../api/pods.js';

/** Where a persistent or network volume is mounted (RunPod's own default). */
export const VOLUME_MOUNT_PATH = '/workspace';

export interface CreatePodParts {
  readonly name: string;
  /** What the pod runs on: the native GPU and count, or the CPU flavor and size picked from the catalog. */
  readonly machine: Pick<CreatePodBody, 'gpu'> | Pick<CreatePodBody, 'cpu'>;
  /** What Atlas injects into the env (ATLAS_PRESHARED_KEY, the create marker); nothing overrides it. */
  readonly injectedEnv: Readonly<Record<string, string>>;
}

/**
 * A ComputeRequest that passed checkRequest, as the `POST /v2/pods` body. Pure: the name, the
 * machine and the injected env are decided by the caller. providerOptions merge in last and
 * deeply (a `gpu: { allowedCudaVersions }` keeps the GPU's id and count; an `env` adds to the env);
 * checkRequest already refused any that set what the contract owns.
 */
export function toCreatePodBody(request: ComputeRequest, parts: CreatePodParts): CreatePodBody {
  const body: CreatePodBody = { name: parts.name, ...parts.machine };
  if (request.image !== undefined) body.image = request.image;
  if (request.templateId !== undefined) body.templateId = request.templateId;
  // 'any' sends nothing: v2 has no "either" value, and omitting keeps the API's own default.
  if (request.cloudType === 'secure') body.cloud = 'SECURE';
  if (request.cloudType === 'community') body.cloud = 'COMMUNITY';
  if (request.regionHints !== undefined && request.regionHints.length > 0)
    body.dataCenterIds = [...request.regionHints];
  if (request.ports.length > 0) body.ports = request.ports.map((p) => `${p.port}/${p.protocol}`);
  const env = { ...request.env, ...parts.injectedEnv };
  if (Object.keys(env).length > 0) body.env = env;
  if (request.containerDiskGb !== undefined) body.disk = request.containerDiskGb;
  const mounts = toMounts(request);
  if (mounts !== undefined) body.mounts = mounts;
  return deepMergeOptions(body, request.providerOptions);
}

function toMounts(request: ComputeRequest): CreatePodBody['mounts'] {
  if (request.networkVolumeId !== undefined) {
    return { network: [{ volumeId: request.networkVolumeId, path: VOLUME_MOUNT_PATH }] };
  }
  const volumeGb = request.volumeGb ?? 0;
  return volumeGb === 0 ? undefined : { persistent: { size: volumeGb, path: VOLUME_MOUNT_PATH } };
}
