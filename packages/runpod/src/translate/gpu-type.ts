import { type GpuType, gpuInfo, type StockLevel } from '@atlas/core';
import { type GpuMap, scrubRaw, toCanonicalGpu } from '@atlas/core/provider';
import type { CatalogGpu } from '../api/catalog.js';
import { PROVIDER_ID } from '../settings.js';

/** A catalog entry as an Atlas GpuType. Prices are per GPU per hour; a cloud that lacks the GPU has none. */
export function toGpuType(entry: CatalogGpu, gpuMap: GpuMap, observedAt: string): GpuType {
  const canonical = toCanonicalGpu(gpuMap, entry.id);
  const memoryGb = entry.memory ?? (canonical === undefined ? undefined : gpuInfo(canonical)?.memoryGb);
  const secure = entry.secure === false ? undefined : (entry.price.secure ?? undefined);
  const community = entry.community === false ? undefined : (entry.price.community ?? undefined);
  return {
    id: entry.id,
    provider: PROVIDER_ID,
    ...(canonical === undefined ? {} : { canonical }),
    displayName: entry.name,
    ...(memoryGb === undefined ? {} : { memoryGb }),
    pricePerHour: {
      ...(secure === undefined ? {} : { secure }),
      ...(community === undefined ? {} : { community }),
    },
    ...(entry.availability === undefined ? {} : { stock: entry.availability.toLowerCase() as StockLevel }),
    observedAt,
    raw: scrubRaw(entry),
  };
}
