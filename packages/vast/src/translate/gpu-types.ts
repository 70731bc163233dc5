import type { GpuType, StockLevel } from '@atlas/core';
import type { Offer } from '../api/offers.js';
import { canonicalGpu } from '../gpu-map.js';
import { PROVIDER_ID } from '../settings.js';

export interface PriceSummary {
  readonly lowest: number;
  readonly median: number;
}

function summary(prices: readonly number[]): PriceSummary | undefined {
  if (prices.length === 0) return undefined;
  const sorted = [...prices].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { lowest: sorted[0]!, median };
}

function stockOf(count: number): StockLevel {
  if (count === 0) return 'none';
  if (count < 3) return 'low';
  if (count < 10) return 'medium';
  return 'high';
}

/** Vast shares one name between RAM sizes (A100): the group key keeps them apart. */
function groupKey(offer: Offer): string {
  const canonical = canonicalGpu(offer.gpu_name, offer.gpu_ram ?? undefined);
  return `${offer.gpu_name}\u0000${canonical ?? ''}`;
}

/**
 * The market as a catalog: one entry per GPU (per RAM size where names are shared), prices per
 * GPU per hour. `community` is the lowest on-demand price, `spot` the lowest minimum bid; `raw`
 * has lowest and median of both and the number of offers, which is also the stock level.
 */
export function offersToGpuTypes(offers: readonly Offer[], observedAt: Date): GpuType[] {
  const groups = new Map<string, Offer[]>();
  for (const offer of offers) {
    if (!(offer.num_gpus > 0)) continue;
    const key = groupKey(offer);
    const list = groups.get(key);
    if (list) list.push(offer);
    else groups.set(key, [offer]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const canonical = canonicalGpu(first.gpu_name, first.gpu_ram ?? undefined);
    const onDemand = summary(group.map((o) => o.dph_total / o.num_gpus));
    const interruptible = summary(
      group.flatMap((o) => (typeof o.min_bid === 'number' ? [o.min_bid / o.num_gpus] : [])),
    );
    const ramMb = Math.min(...group.map((o) => o.gpu_ram ?? Number.POSITIVE_INFINITY));
    const memoryGb = Number.isFinite(ramMb) ? Math.round(ramMb / 1024) : undefined;
    const shared = canonical === 'a100_80g' || canonical === 'a100_40g';
    return {
      id: first.gpu_name,
      provider: PROVIDER_ID,
      ...(canonical === undefined ? {} : { canonical }),
      displayName: shared && memoryGb !== undefined ? `${first.gpu_name} ${memoryGb}GB` : first.gpu_name,
      ...(memoryGb === undefined ? {} : { memoryGb }),
      pricePerHour: {
        ...(onDemand === undefined ? {} : { community: onDemand.lowest }),
        ...(interruptible === undefined ? {} : { spot: interruptible.lowest }),
      },
      stock: stockOf(group.length),
      observedAt: observedAt.toISOString(),
      raw: { gpu_name: first.gpu_name, offers: group.length, onDemand, interruptible },
    };
  });
}
