import { AtlasError, type CloudType, GPU_CATALOG, type GpuType, isKnownGpuId } from '@atlas/core';
import type { MockOffer } from './catalog.js';

export function toGpuType(offer: MockOffer, provider: string, observedAt: string): GpuType {
  const info = isKnownGpuId(offer.canonical) ? GPU_CATALOG[offer.canonical] : undefined;
  return {
    id: offer.id,
    provider,
    canonical: offer.canonical,
    displayName: info?.displayName ?? offer.id,
    ...(info === undefined ? {} : { memoryGb: info.memoryGb }),
    pricePerHour: {
      secure: offer.secure,
      ...(offer.community === undefined ? {} : { community: offer.community }),
      spot: offer.spot,
    },
    stock: offer.stock,
    observedAt,
    raw: { ...offer },
  };
}

/**
 * The hourly price for a whole compute and the cloud type it lands on. `any` takes the cheaper of
 * secure and community; asking for community hosts of a datacenter-only GPU is a capacity error.
 */
export function priceFor(
  offer: MockOffer,
  request: { cloudType?: CloudType | undefined; spot?: boolean | undefined; gpuCount: number },
  provider: string,
): { costPerHour: number; cloudType: Exclude<CloudType, 'any'> } {
  const wanted = request.cloudType ?? 'secure';
  let cloudType: Exclude<CloudType, 'any'> = 'secure';
  if (wanted === 'community' || (wanted === 'any' && offer.community !== undefined && offer.community < offer.secure)) {
    if (offer.community === undefined) {
      throw new AtlasError({
        kind: 'capacity',
        provider,
        status: 503,
        message: `${offer.id} is only offered in the secure cloud on ${provider}`,
      });
    }
    cloudType = 'community';
  }
  const perGpu = request.spot
    ? offer.spot
    : cloudType === 'community'
      ? (offer.community ?? offer.secure)
      : offer.secure;
  return { costPerHour: Math.round(perGpu * request.gpuCount * 100) / 100, cloudType };
}
