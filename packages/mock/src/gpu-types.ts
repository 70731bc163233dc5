import { AtlasError, type CloudType, type CpuType, GPU_CATALOG, type GpuType, isKnownGpuId } from '@atlas/core';
import { MOCK_CPU_FLAVORS, type MockCpuFlavor, type MockOffer } from './catalog.js';

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

export function toCpuType(flavor: MockCpuFlavor, provider: string, observedAt: string): CpuType {
  return {
    id: flavor.id,
    provider,
    displayName: `${flavor.vcpus} vCPU, ${flavor.memoryGb} GB`,
    vcpus: flavor.vcpus,
    memoryGb: flavor.memoryGb,
    pricePerHour: { secure: flavor.secure },
    stock: flavor.stock,
    observedAt,
    raw: { ...flavor },
  };
}

/**
 * The flavor a CPU request gets: the one it names, else the cheapest with at least the vCPUs and
 * memory asked for. None fits: `validation` naming the field, nothing created.
 */
export function flavorFor(
  cpu: { vcpus: number; memoryGb?: number | undefined; flavor?: string | undefined },
  provider: string,
): MockCpuFlavor {
  const named = cpu.flavor === undefined ? undefined : MOCK_CPU_FLAVORS.find((f) => f.id === cpu.flavor);
  if (cpu.flavor !== undefined && named === undefined) {
    throw invalid(
      provider,
      'cpu.flavor',
      `unknown flavor '${cpu.flavor}' (known: ${MOCK_CPU_FLAVORS.map((f) => f.id).join(', ')})`,
    );
  }
  const fits = (f: MockCpuFlavor) => f.vcpus >= cpu.vcpus && (cpu.memoryGb === undefined || f.memoryGb >= cpu.memoryGb);
  const flavor = named ?? [...MOCK_CPU_FLAVORS].sort((a, b) => a.secure - b.secure).find(fits);
  if (flavor === undefined || !fits(flavor)) {
    const largest = MOCK_CPU_FLAVORS.at(-1)!;
    throw invalid(
      provider,
      'cpu.vcpus',
      `no ${provider} CPU flavor has ${cpu.vcpus} vCPUs${cpu.memoryGb === undefined ? '' : ` and ${cpu.memoryGb} GB`} (largest: ${largest.vcpus} vCPUs, ${largest.memoryGb} GB)`,
    );
  }
  return flavor;
}

function invalid(provider: string, path: string, message: string): AtlasError {
  return new AtlasError({
    kind: 'validation',
    provider,
    message: `${provider}: ${path}: ${message}`,
    issues: [{ path, message }],
  });
}
