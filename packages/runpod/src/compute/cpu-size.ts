import { AtlasError, type CpuRequest } from '@atlas/core';
import type { CatalogCpu } from '../api/catalog.js';
import { PROVIDER_ID } from '../settings.js';
import { type CpuSize, cpuSizes } from '../translate/cpu-type.js';

/**
 * The size a CPU request gets: of the named flavor, or of any flavor in stock, the cheapest with
 * at least the vCPUs and memory asked for (RunPod sizes are powers of two, so 3 vCPUs become 4).
 * Ties go to fewer vCPUs, then to the catalog's order. Pure: the catalog is read by the caller.
 */
export function pickCpuSize(catalog: readonly CatalogCpu[], want: CpuRequest): CpuSize {
  const flavors = want.flavor === undefined ? catalog.filter((f) => f.availability !== 'NONE') : named(catalog, want);
  const fitting = flavors
    .flatMap(cpuSizes)
    .filter((size) => size.vcpus >= want.vcpus && size.memoryGb >= (want.memoryGb ?? 0));
  const best = fitting.reduce<CpuSize | undefined>(
    (cheapest, size) =>
      cheapest === undefined ||
      size.pricePerHour < cheapest.pricePerHour ||
      (size.pricePerHour === cheapest.pricePerHour && size.vcpus < cheapest.vcpus)
        ? size
        : cheapest,
    undefined,
  );
  if (best !== undefined) return best;
  if (want.flavor === undefined && flavors.length < catalog.length && fitsAny(catalog, want)) {
    throw new AtlasError({
      kind: 'capacity',
      provider: PROVIDER_ID,
      message: `runpod: no CPU flavor with ${describe(want)} is in stock right now.`,
    });
  }
  throw new AtlasError({
    kind: 'validation',
    provider: PROVIDER_ID,
    message: `Invalid compute request: cpu: no ${want.flavor ?? 'RunPod CPU flavor'} size has ${describe(want)}; the largest is ${largest(want.flavor === undefined ? catalog : flavors)}.`,
    issues: [
      { path: want.memoryGb === undefined ? 'cpu.vcpus' : 'cpu', message: `no RunPod CPU pod has ${describe(want)}` },
    ],
  });
}

function named(catalog: readonly CatalogCpu[], want: CpuRequest): CatalogCpu[] {
  const flavor = catalog.find((f) => f.id === want.flavor);
  if (flavor !== undefined) return [flavor];
  throw new AtlasError({
    kind: 'validation',
    provider: PROVIDER_ID,
    message: `Invalid compute request: cpu.flavor: '${want.flavor}' is not a RunPod CPU flavor (known: ${catalog.map((f) => f.id).join(', ')}).`,
    issues: [{ path: 'cpu.flavor', message: 'is not a RunPod CPU flavor' }],
  });
}

function fitsAny(catalog: readonly CatalogCpu[], want: CpuRequest): boolean {
  return catalog.flatMap(cpuSizes).some((size) => size.vcpus >= want.vcpus && size.memoryGb >= (want.memoryGb ?? 0));
}

function describe(want: CpuRequest): string {
  return `${want.vcpus} vCPUs${want.memoryGb === undefined ? '' : ` and ${want.memoryGb} GB of memory`}`;
}

function largest(flavors: readonly CatalogCpu[]): string {
  const sizes = flavors.flatMap(cpuSizes);
  if (sizes.length === 0) return 'none';
  const vcpus = Math.max(...sizes.map((s) => s.vcpus));
  const memoryGb = Math.max(...sizes.map((s) => s.memoryGb));
  return `${vcpus} vCPUs, ${memoryGb} GB`;
}
