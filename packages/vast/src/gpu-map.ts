import type { GpuId } from '@atlas/core';
import { defineGpuMap, nativeGpuIds } from '@atlas/core/provider';

/**
 * Canonical GPU ids -> Vast's exact `gpu_name` strings (specs/vast/gpu_names.txt). A spawn
 * searches every native name of the canonical id at once and rents the cheapest offer.
 * Vast's names do not tell an A100 40GB from an 80GB one: GPU_RAM_MB below does, by `gpu_ram`.
 * No MI300X is listed on Vast.
 */
export const VAST_GPU_MAP = defineGpuMap({
  h200: ['H200', 'H200 NVL'],
  h100: ['H100 SXM', 'H100 PCIE', 'H100 NVL'],
  h100_sxm: 'H100 SXM',
  h100_pcie: 'H100 PCIE',
  a100_80g: ['A100 SXM4', 'A100 PCIE', 'A100 SXM', 'A100X'],
  a100_40g: ['A100 SXM4', 'A100 PCIE', 'A100 SXM', 'A100X'],
  l40s: 'L40S',
  l40: 'L40',
  l4: 'L4',
  a10: ['A10', 'A10g'],
  a6000: 'RTX A6000',
  a5000: 'RTX A5000',
  a4000: 'RTX A4000',
  rtx_6000_ada: 'RTX 6000Ada',
  rtx_5090: 'RTX 5090',
  rtx_4090: 'RTX 4090',
  rtx_3090: 'RTX 3090',
  b200: 'B200',
});

/** `gpu_ram` bounds (MB per GPU) for canonical ids that share native names. */
export const GPU_RAM_MB: Readonly<Partial<Record<GpuId, { readonly gte?: number; readonly lt?: number }>>> = {
  a100_80g: { gte: 79_000 },
  a100_40g: { lt: 79_000 },
};

function ramFits(canonical: GpuId, gpuRamMb: number | undefined): boolean {
  const bounds = Object.hasOwn(GPU_RAM_MB, canonical) ? GPU_RAM_MB[canonical] : undefined;
  if (bounds === undefined) return true;
  if (gpuRamMb === undefined) return false;
  return (bounds.gte === undefined || gpuRamMb >= bounds.gte) && (bounds.lt === undefined || gpuRamMb < bounds.lt);
}

/**
 * The canonical id of a Vast GPU, told apart by its RAM where the name is shared. Among several
 * candidates the most specific wins (listed earliest, then fewest names), as in core's
 * toCanonicalGpu: an 'H100 SXM' is `h100_sxm`, not `h100`.
 */
export function canonicalGpu(gpuName: string, gpuRamMb: number | undefined): GpuId | undefined {
  const wanted = gpuName.trim().toLowerCase();
  let best: { id: GpuId; position: number; size: number } | undefined;
  for (const canonical of Object.keys(VAST_GPU_MAP)) {
    const names = nativeGpuIds(VAST_GPU_MAP, canonical);
    const position = names.findIndex((name) => name.toLowerCase() === wanted);
    if (position === -1 || !ramFits(canonical, gpuRamMb)) continue;
    if (!best || position < best.position || (position === best.position && names.length < best.size)) {
      best = { id: canonical, position, size: names.length };
    }
  }
  return best?.id;
}
