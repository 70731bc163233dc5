import { AtlasError, type ComputeRequest, PRESHARED_KEY_ENV } from '@atlas/core';
import { applyProviderOptions, CREATE_MARKER_ENV } from '@atlas/core/provider';
import type { CreatePodBody } from '../api/pods.js';
import { PROVIDER_ID } from '../settings.js';

/** Where a persistent or network volume is mounted (RunPod's own default). */
export const VOLUME_MOUNT_PATH = '/workspace';
/** RunPod's floor for host-local persistent storage. */
const MIN_PERSISTENT_GB = 10;

export interface CreatePodParts {
  readonly name: string;
  readonly gpuId: string;
  /** What Atlas injects into the env (ATLAS_PRESHARED_KEY, the create marker); nothing overrides it. */
  readonly injectedEnv: Readonly<Record<string, string>>;
}

/**
 * The body fields the contract owns: providerOptions setting one is a validation error. The
 * injected env names are owned whether or not this spawn injects them.
 */
const OWNED_OPTIONS = [
  'name',
  'image',
  'gpu.id',
  'gpu.count',
  'ports',
  `env.${PRESHARED_KEY_ENV}`,
  `env.${CREATE_MARKER_ENV}`,
] as const;

/**
 * A validated ComputeRequest as the `POST /v2/pods` body. Pure: the name, the native GPU id and
 * the injected env are decided by the caller. providerOptions merge in last and deeply (a
 * `gpu: { allowedCudaVersions }` keeps the GPU's id and count; an `env` adds to the env), and
 * never set what the contract owns (OWNED_OPTIONS).
 */
export function toCreatePodBody(request: ComputeRequest, parts: CreatePodParts): CreatePodBody {
  const options = request.providerOptions;
  if (request.env[CREATE_MARKER_ENV] !== undefined) {
    throw invalid(`env.${CREATE_MARKER_ENV}`, 'is set by Atlas to find the pod after an ambiguous create');
  }
  if (options?.env !== undefined) envOption(options.env);
  const body: CreatePodBody = { name: parts.name, gpu: { id: parts.gpuId, count: request.gpuCount } };
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
  return applyProviderOptions(body, options, { provider: PROVIDER_ID, owned: OWNED_OPTIONS });
}

/** providerOptions.env must be the map of strings RunPod expects; anything else is refused. */
function envOption(value: unknown): void {
  const isStringMap =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string');
  if (!isStringMap) throw invalid('providerOptions.env', "must be a map of strings (prefer the request's own env)");
}

function toMounts(request: ComputeRequest): CreatePodBody['mounts'] {
  const volumeGb = request.volumeGb ?? 0;
  if (request.networkVolumeId !== undefined && volumeGb > 0) {
    throw invalid('volumeGb', 'RunPod mounts either a persistent volume or a network volume, not both');
  }
  if (request.networkVolumeId !== undefined) {
    return { network: [{ volumeId: request.networkVolumeId, path: VOLUME_MOUNT_PATH }] };
  }
  if (volumeGb === 0) return undefined;
  if (volumeGb < MIN_PERSISTENT_GB) throw invalid('volumeGb', `must be 0 or at least ${MIN_PERSISTENT_GB} on RunPod`);
  return { persistent: { size: volumeGb, path: VOLUME_MOUNT_PATH } };
}

function invalid(path: string, message: string): AtlasError {
  return new AtlasError({
    kind: 'validation',
    provider: PROVIDER_ID,
    message: `Invalid compute request: ${path}: ${message}`,
    issues: [{ path, message }],
  });
}
