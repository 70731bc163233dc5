import type { CpuRequest } from '@atlas/core';
import type { InstanceTypesEntry } from '../api/instance-types.js';
import { gpuCountOf } from '../gpu-map.js';

/** One launch to try: an instance type in a region that reported capacity for it. */
export interface LaunchCandidate {
  readonly instanceType: string;
  readonly region: string;
}

export interface LaunchPlanInput {
  /** The instance types that fit the request, preferred first. */
  readonly typeNames: readonly string[];
  /** The caller's regions, in order; when given, only these are tried. */
  readonly regionHints?: readonly string[] | undefined;
  /** A mounted filesystem's region: the only region that can mount it. */
  readonly requiredRegion?: string | undefined;
  /** The least local disk the caller asked for (containerDiskGb). */
  readonly minStorageGib?: number | undefined;
}

type Catalog = Readonly<Record<string, InstanceTypesEntry>>;

/** A GPU's instance types (from the gpuMap, in its order) with the requested count. */
export function gpuTypeNames(natives: readonly string[], gpuCount: number): string[] {
  return natives.filter((name) => gpuCountOf(name) === gpuCount);
}

/**
 * CPU-only types (`cpu_4x_general`) that fit: the named flavor, or every one with at least the
 * vCPUs and memory asked for, cheapest first.
 */
export function cpuTypeNames(catalog: Catalog, cpu: CpuRequest): string[] {
  return Object.values(catalog)
    .map((entry) => entry.instance_type)
    .filter((type) => type.specs.gpus === 0)
    .filter((type) =>
      cpu.flavor !== undefined
        ? type.name === cpu.flavor
        : type.specs.vcpus >= cpu.vcpus && (cpu.memoryGb === undefined || type.specs.memory_gib >= cpu.memoryGb),
    )
    .sort((a, b) => a.price_cents_per_hour - b.price_cents_per_hour)
    .map((type) => type.name);
}

/**
 * Where to launch, in order: each type in each of its regions with capacity, hinted regions in
 * the caller's order. Pure: the catalog is read by the caller.
 */
export function launchCandidates(catalog: Catalog, input: LaunchPlanInput): LaunchCandidate[] {
  const candidates: LaunchCandidate[] = [];
  for (const name of input.typeNames) {
    if (!Object.hasOwn(catalog, name)) continue;
    const entry = catalog[name] as InstanceTypesEntry;
    if (input.minStorageGib !== undefined && entry.instance_type.specs.storage_gib < input.minStorageGib) continue;
    const withCapacity = entry.regions_with_capacity_available.map((r) => r.name);
    for (const region of orderRegions(withCapacity, input)) candidates.push({ instanceType: name, region });
  }
  return candidates;
}

function orderRegions(withCapacity: readonly string[], input: LaunchPlanInput): string[] {
  let regions = [...withCapacity];
  if (input.requiredRegion !== undefined) regions = regions.filter((r) => r === input.requiredRegion);
  const hints = input.regionHints;
  if (hints === undefined || hints.length === 0) return regions;
  return hints.filter((hint) => regions.includes(hint));
}
