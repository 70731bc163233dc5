// #if gpu_catalog
import type { GpuType } from '@atlas/core';
// #endif
import { AtlasError, type Compute, type ComputeRequest, type ComputeStatus } from '@atlas/core';
import { declareSecrets, envSecrets, scrubRaw, toCanonicalGpu, toNativeGpu } from '@atlas/core/provider';
// #if gpu_catalog
import type { NativeGpuType } from './api.js';
// #endif
import type { CreateInstanceBody, Instance } from './api.js';
import { __PROVIDER_CONST___GPU_MAP } from './gpu-map.js';

// Pure translation between Atlas specs and __PROVIDER_ID__'s native shapes: no I/O, unit-tested in
// test/translate.test.ts. TODO: adapt each function to your cloud's real shapes (see src/api.ts).

export const PROVIDER_ID = '__PROVIDER_ID__';

const STATUS: Record<Instance['state'], ComputeStatus> = {
  pending: 'provisioning',
  running: 'running',
  stopped: 'stopped',
  error: 'failed',
};

/** The create body, with the name and the whole env spawn settled. Throws before any request when __PROVIDER_ID__ cannot honour the request. */
export function toCreateBody(
  request: ComputeRequest,
  { name, env }: { name: string; env: Record<string, string> },
): CreateInstanceBody {
  if (request.image === undefined) {
    throw new AtlasError({ kind: 'unsupported', provider: PROVIDER_ID, message: `${PROVIDER_ID} needs an image.` });
  }
  if (request.gpu === undefined) {
    throw new AtlasError({ kind: 'unsupported', provider: PROVIDER_ID, message: `${PROVIDER_ID} rents GPUs only.` });
  }
  // #if !spot
  if (request.spot === true) {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: `${PROVIDER_ID} has no spot machines.`,
    });
  }
  // #endif
  return {
    // providerOptions first, so that the normalized fields always win over a stray duplicate
    ...request.providerOptions,
    name,
    gpu_type: toNativeGpu(__PROVIDER_CONST___GPU_MAP, request.gpu, PROVIDER_ID),
    gpu_count: request.gpuCount,
    image: request.image,
    ports: request.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
    env,
    ...(request.regionHints?.[0] === undefined ? {} : { region: request.regionHints[0] }),
    // #if spot
    ...(request.spot === true ? { spot: true } : {}),
    // #endif
  };
}

/**
 * An instance as an Atlas Compute; `raw` keeps every native field, minus secrets (env values, tokens).
 * The env values it echoes are declared as the compute's secrets: a process that adopts a machine it
 * did not spawn (an orchestrator after a restart) learns them only here. TODO: declare every
 * credential to the machine your cloud returns (a Jupyter token, an SSH password); not the marker.
 */
export function toCompute(instance: Instance): Compute {
  const gpuType = toCanonicalGpu(__PROVIDER_CONST___GPU_MAP, instance.gpu_type);
  const compute: Compute = {
    id: instance.id,
    provider: PROVIDER_ID,
    status: STATUS[instance.state],
    ...(instance.name === null ? {} : { name: instance.name }),
    image: instance.image,
    ...(gpuType === undefined ? {} : { gpuType }),
    gpuCount: instance.gpu_count,
    ...(instance.ip === null ? {} : { publicIp: instance.ip }),
    ports: instance.ports.map((p) => ({
      internal: p.port,
      protocol: p.protocol,
      ...(p.public_port === undefined ? {} : { external: p.public_port }),
      ...(p.url === undefined ? {} : { url: p.url }),
    })),
    costPerHour: instance.hourly_price,
    region: instance.region,
    createdAt: instance.created_at,
    raw: scrubRaw(instance),
  };
  return declareSecrets(compute, () => envSecrets(instance.env));
}
// #if gpu_catalog

/** A catalog entry; `canonical` only when the GPU map knows the native id. */
export function toGpuType(native: NativeGpuType, observedAt: string): GpuType {
  const canonical = toCanonicalGpu(__PROVIDER_CONST___GPU_MAP, native.name);
  return {
    id: native.name,
    provider: PROVIDER_ID,
    ...(canonical === undefined ? {} : { canonical }),
    displayName: native.description,
    memoryGb: native.memory_gb,
    pricePerHour: { secure: native.price_per_hour },
    stock: native.available === 0 ? 'none' : native.available < 4 ? 'low' : 'high',
    observedAt,
    raw: scrubRaw(native),
  };
}
// #endif
