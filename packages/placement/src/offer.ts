import type { CloudType, CpuType, GpuId, GpuType, StockLevel } from '@atlas/core';

/** One way to get the requested machine: a provider, a catalog entry and a cloud type, at a price. */
export interface Offer {
  /** The provider's id ('runpod', 'vast', ...). */
  readonly provider: string;
  /** The catalog entry's native id (a GPU type or a CPU flavor). */
  readonly nativeId: string;
  /** The canonical GPU, for GPU offers. */
  readonly gpu?: GpuId;
  readonly gpuCount: number;
  /** Which price this offer is: `spot` rents interruptible machines. */
  readonly cloudType: Exclude<CloudType, 'any'> | 'spot';
  /** USD per hour for the whole machine (the per-GPU price times the count). */
  readonly pricePerHour: number;
  readonly stock?: StockLevel;
  readonly region?: string;
  /** When the provider's catalog said so (ISO 8601). */
  readonly observedAt: string;
}

type PricedEntry = Pick<GpuType | CpuType, 'id' | 'pricePerHour' | 'stock' | 'observedAt'>;

/** Which prices a request may pay: `any` takes both clouds, `spot` only the interruptible price. */
export function wantedCloudTypes(request: { cloudType?: CloudType; spot?: boolean }): Offer['cloudType'][] {
  if (request.spot === true) return ['spot'];
  if (request.cloudType === 'secure' || request.cloudType === 'community') return [request.cloudType];
  return ['secure', 'community'];
}

/** The offers one catalog entry makes, one per wanted cloud type it has a price for. */
export function offersOf(
  entry: PricedEntry,
  base: { provider: string; gpu?: GpuId; count: number; multiplier: number },
  cloudTypes: readonly Offer['cloudType'][],
): Offer[] {
  const offers: Offer[] = [];
  for (const cloudType of cloudTypes) {
    const price = entry.pricePerHour[cloudType];
    if (price === undefined) continue;
    offers.push({
      provider: base.provider,
      nativeId: entry.id,
      ...(base.gpu === undefined ? {} : { gpu: base.gpu }),
      gpuCount: base.count,
      cloudType,
      pricePerHour: roundCents(price * base.multiplier),
      ...(entry.stock === undefined ? {} : { stock: entry.stock }),
      observedAt: entry.observedAt,
    });
  }
  return offers;
}

/** Prices are compared and summed in cents so that 0.1 + 0.2 orders like money does. */
export function roundCents(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
