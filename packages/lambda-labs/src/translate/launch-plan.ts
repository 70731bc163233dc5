import type { InstanceTypesEntry } from '../api/instance-types.js';
import { gpuCountOf } from '../gpu-map.js';

/** One launch to try: an instance type in a region that reported capacity for it. */
export interface LaunchCandidate {
  readonly instanceType: string;
  readonly region: string;
}

export interface LaunchPlanInput {
  /** The GPU's native instance types, preferred first (from the gpuMap). */
  readonly natives: readonly string[];
  readonly gpuCount: number;
  /** The caller's regions, in order; when given, only these are tried. */
  readonly regionHints?: readonly string[] | undefined;
  /** A mounted filesystem's region: the only region that can mount it. */
  readonly requiredRegion?: string | undefined;
  /** The least local disk the caller asked for (containerDiskGb). */
  readonly minStorageGib?: number | undefined;
}

/**
 * Where to launch, in order: each matching instance type (the gpuMap's order) in each of its
 * regions with capacity, hinted regions in the caller's order. Pure: the catalog is read by the caller.
 */
export function launchCandidates(
  types: Readonly<Record<string, InstanceTypesEntry>>,
  input: LaunchPlanInput,
): LaunchCandidate[] {
  const candidates: LaunchCandidate[] = [];
  for (const name of input.natives) {
    if (gpuCountOf(name) !== input.gpuCount || !Object.hasOwn(types, name)) continue;
    const entry = types[name]!;
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
