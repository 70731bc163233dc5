import type { GpuType, StockLevel } from '@atlas/core';
import { scrubRaw, toCanonicalGpu } from '@atlas/core/provider';
import type { InstanceTypesEntry } from '../api/instance-types.js';
import { LAMBDA_GPU_MAP } from '../gpu-map.js';
import { PROVIDER_ID } from '../settings.js';

/** `A100 (40 GB SXM4)` -> 40. */
const MEMORY = /\((\d+(?:\.\d+)?)\s*GB\b/i;

/**
 * One instance type as an Atlas GpuType: `id` is the type name (`gpu_8x_h100_sxm5`), the price is
 * per GPU per hour in dollars (Lambda prices the machine in cents), memory is per GPU, and the
 * regions with capacity are the stock: none, one (low), two or three (medium), more (high).
 * CPU-only types (`cpu_4x_general`) are left out: the contract spawns GPUs.
 */
export function toGpuType(entry: InstanceTypesEntry, observedAt: string): GpuType | undefined {
  const type = entry.instance_type;
  const gpus = type.specs.gpus;
  if (gpus < 1) return undefined;
  const canonical = toCanonicalGpu(LAMBDA_GPU_MAP, type.name);
  const memory = MEMORY.exec(type.gpu_description ?? type.description ?? '');
  return {
    id: type.name,
    provider: PROVIDER_ID,
    ...(canonical === undefined ? {} : { canonical }),
    displayName: type.description ?? type.name,
    ...(memory?.[1] === undefined ? {} : { memoryGb: Number(memory[1]) }),
    pricePerHour: { secure: type.price_cents_per_hour / 100 / gpus },
    stock: stockOf(entry.regions_with_capacity_available.length),
    observedAt,
    raw: scrubRaw(entry),
  };
}

/** Regions with capacity as a stock level: none, one (low), two or three (medium), more (high). */
export function stockOf(regions: number): StockLevel {
  if (regions === 0) return 'none';
  if (regions === 1) return 'low';
  return regions <= 3 ? 'medium' : 'high';
}
