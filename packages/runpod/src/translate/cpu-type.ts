import type { CpuType, StockLevel } from '@atlas/core';
import { scrubRaw } from '@atlas/core/provider';
import type { CatalogCpu } from '../api/catalog.js';
import { PROVIDER_ID } from '../settings.js';

/** RunPod's floor for a CPU pod's vCPUs (`BaseCpuConfig.vcpuCount` minimum). */
const MIN_VCPUS = 2;

/** One size of a flavor: what `POST /v2/pods` takes as `cpu`, and what it costs. */
export interface CpuSize {
  readonly flavor: CatalogCpu;
  readonly vcpus: number;
  readonly memoryGb: number;
  /** USD per hour on secure cloud, the only cloud with CPU pods. */
  readonly pricePerHour: number;
}

/**
 * Every size a flavor offers: a pod's vCPU count must be a power of two within `vcpu.min..max`
 * (BaseCpuConfig), and memory and price scale with it (`ramGbPerVcpu`, `securePerVcpu`).
 */
export function cpuSizes(flavor: CatalogCpu): CpuSize[] {
  const sizes: CpuSize[] = [];
  for (let vcpus = MIN_VCPUS; vcpus <= flavor.vcpu.max; vcpus *= 2) {
    if (vcpus < flavor.vcpu.min) continue;
    sizes.push({
      flavor,
      vcpus,
      // The API reports a pod's memory in whole GB.
      memoryGb: Math.floor(flavor.ramGbPerVcpu * vcpus),
      pricePerHour: roundCents(flavor.price.securePerVcpu * vcpus),
    });
  }
  return sizes;
}

/**
 * The catalog as Atlas CpuTypes: one entry per flavor and size, each with the flavor's id (what
 * `cpu.flavor` names), its vCPUs, memory and price. Stock is the flavor's, for pods.
 */
export function toCpuTypes(flavor: CatalogCpu, observedAt: string): CpuType[] {
  const stock = flavor.availability?.toLowerCase() as StockLevel | undefined;
  return cpuSizes(flavor).map((size) => ({
    id: flavor.id,
    provider: PROVIDER_ID,
    displayName: `${flavor.group === undefined ? '' : `${flavor.group} `}${flavor.name}, ${size.vcpus} vCPU`,
    vcpus: size.vcpus,
    memoryGb: size.memoryGb,
    pricePerHour: { secure: size.pricePerHour },
    ...(stock === undefined ? {} : { stock }),
    observedAt,
    raw: scrubRaw(flavor),
  }));
}

/** Per-vCPU prices times a count leave float dust (0.03 * 3); prices are quoted to the cent and below. */
function roundCents(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
