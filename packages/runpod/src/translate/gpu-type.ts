import { type GpuType, gpuInfo, STOCK_LEVELS, type StockLevel } from '@atlas/core';
import { type GpuMap, scrubRaw, toCanonicalGpu } from '@atlas/core/provider';
import type { CatalogGpu } from '../api/catalog.js';
import { PROVIDER_ID } from '../settings.js';

/** A cloud's availability for one GPU type, as the catalog reports it (undefined: not reported). */
export type CloudStock = CatalogGpu['availability'];

/**
 * A catalog entry as an Atlas GpuType. Prices are per GPU per hour; a cloud that lacks the GPU has
 * none. `stock` is the best of the clouds' stock, `stockByCloud` each one.
 */
export function toGpuType(
  entry: CatalogGpu,
  gpuMap: GpuMap,
  observedAt: string,
  stockByCloud: { readonly secure: CloudStock; readonly community: CloudStock },
): GpuType {
  const canonical = toCanonicalGpu(gpuMap, entry.id);
  const memoryGb = entry.memory ?? (canonical === undefined ? undefined : gpuInfo(canonical)?.memoryGb);
  const secure = entry.secure === false ? undefined : (entry.price.secure ?? undefined);
  const community = entry.community === false ? undefined : (entry.price.community ?? undefined);
  const secureStock = level(stockByCloud.secure);
  const communityStock = level(stockByCloud.community);
  const stock = best(secureStock, communityStock);
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
    ...(stock === undefined ? {} : { stock }),
    ...(stock === undefined
      ? {}
      : {
          stockByCloud: {
            ...(secureStock === undefined ? {} : { secure: secureStock }),
            ...(communityStock === undefined ? {} : { community: communityStock }),
          },
        }),
    observedAt,
    raw: scrubRaw(entry),
  };
}

function level(stock: CloudStock): StockLevel | undefined {
  return stock === undefined ? undefined : (stock.toLowerCase() as StockLevel);
}

function best(a: StockLevel | undefined, b: StockLevel | undefined): StockLevel | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return STOCK_LEVELS.indexOf(a) >= STOCK_LEVELS.indexOf(b) ? a : b;
}
