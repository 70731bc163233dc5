import type { CpuType } from '@atlas/core';
import { scrubRaw } from '@atlas/core/provider';
import type { InstanceTypesEntry } from '../api/instance-types.js';
import { PROVIDER_ID } from '../settings.js';
import { stockOf } from './gpu-type.js';

/** A CPU-only instance type (`cpu_4x_general`) as an Atlas CpuType; GPU types give undefined. */
export function toCpuType(entry: InstanceTypesEntry, observedAt: string): CpuType | undefined {
  const type = entry.instance_type;
  if (type.specs.gpus > 0 || type.specs.vcpus < 1) return undefined;
  return {
    id: type.name,
    provider: PROVIDER_ID,
    displayName: type.description ?? type.name,
    vcpus: type.specs.vcpus,
    memoryGb: type.specs.memory_gib,
    pricePerHour: { secure: type.price_cents_per_hour / 100 },
    stock: stockOf(entry.regions_with_capacity_available.length),
    observedAt,
    raw: scrubRaw(entry),
  };
}
