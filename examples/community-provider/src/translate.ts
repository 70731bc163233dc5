import { AtlasError, type Compute, type ComputeRequest, type ComputeStatus, type GpuType } from '@atlas/core';
import { scrubRaw, toCanonicalGpu, toNativeGpu } from '@atlas/core/provider';
import type { AcmeCreateInstanceBody, AcmeGpuType, AcmeInstance } from './api.js';
import { ACME_GPU_MAP } from './gpu-map.js';

// Pure translation between Atlas specs and Acme's native shapes: no I/O, easy to unit test.

export const ACME = 'acme';

const STATUS: Record<AcmeInstance['state'], ComputeStatus> = {
  pending: 'provisioning',
  running: 'running',
  stopped: 'stopped',
  error: 'failed',
};

/** The POST /instances body. Throws before any request when Acme cannot honour the request. */
export function toCreateBody(request: ComputeRequest, env: Record<string, string>): AcmeCreateInstanceBody {
  if (request.image === undefined) {
    throw new AtlasError({ kind: 'unsupported', provider: ACME, message: 'acme has no templates: pass an image.' });
  }
  if (request.gpu === undefined) {
    throw new AtlasError({ kind: 'unsupported', provider: ACME, message: 'acme rents GPU machines only: pass a gpu.' });
  }
  return {
    // providerOptions first, so that the normalized fields always win over a stray duplicate
    ...request.providerOptions,
    ...(request.name === undefined ? {} : { name: request.name }),
    gpu_type: toNativeGpu(ACME_GPU_MAP, request.gpu, ACME),
    gpu_count: request.gpuCount,
    image: request.image,
    ports: request.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
    env,
    ...(request.regionHints?.[0] === undefined ? {} : { region: request.regionHints[0] }),
  };
}

/** An Acme instance as an Atlas Compute; `raw` keeps every native field, minus secrets. */
export function toCompute(instance: AcmeInstance): Compute {
  const gpuType = toCanonicalGpu(ACME_GPU_MAP, instance.gpu_type);
  return {
    id: instance.id,
    provider: ACME,
    status: STATUS[instance.state],
    ...(instance.name === null ? {} : { name: instance.name }),
    image: instance.image,
    ...(gpuType === undefined ? {} : { gpuType }),
    gpuCount: instance.gpu_count,
    ...(instance.ip === null ? {} : { publicIp: instance.ip }),
    ports: instance.ports.map((p) => ({
      internal: p.port,
      protocol: p.protocol,
      ...(p.url === undefined ? {} : { url: p.url }),
    })),
    costPerHour: instance.hourly_price,
    region: instance.region,
    createdAt: instance.created_at,
    raw: scrubRaw(instance),
  };
}

export function toGpuType(native: AcmeGpuType, observedAt: string): GpuType {
  const canonical = toCanonicalGpu(ACME_GPU_MAP, native.name);
  return {
    id: native.name,
    provider: ACME,
    ...(canonical === undefined ? {} : { canonical }),
    displayName: native.description,
    memoryGb: native.memory_gb,
    pricePerHour: { secure: native.price_per_hour },
    stock: native.available === 0 ? 'none' : native.available < 4 ? 'low' : 'high',
    observedAt,
    raw: scrubRaw(native),
  };
}
