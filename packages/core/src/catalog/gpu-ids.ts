/** Canonical GPU ids. The union stays open (`string & {}`) so new hardware needs no core release. */
export type KnownGpuId =
  | 'h200'
  | 'h100'
  | 'h100_sxm'
  | 'h100_pcie'
  | 'a100_80g'
  | 'a100_40g'
  | 'l40s'
  | 'l40'
  | 'l4'
  | 'a10'
  | 'a6000'
  | 'a5000'
  | 'a4000'
  | 'rtx_6000_ada'
  | 'rtx_5090'
  | 'rtx_4090'
  | 'rtx_3090'
  | 'mi300x'
  | 'b200';

// `string & {}` keeps editors autocompleting the known ids while any other string is still accepted.
export type GpuId = KnownGpuId | (string & {});

export interface GpuInfo {
  readonly id: KnownGpuId;
  readonly vendor: 'nvidia' | 'amd';
  readonly memoryGb: number;
  readonly displayName: string;
}

/** Metadata for every canonical id: vendor, memory and a human name. */
export const GPU_CATALOG: Readonly<Record<KnownGpuId, GpuInfo>> = {
  h200: { id: 'h200', vendor: 'nvidia', memoryGb: 141, displayName: 'NVIDIA H200' },
  h100: { id: 'h100', vendor: 'nvidia', memoryGb: 80, displayName: 'NVIDIA H100 80GB' },
  h100_sxm: { id: 'h100_sxm', vendor: 'nvidia', memoryGb: 80, displayName: 'NVIDIA H100 SXM 80GB' },
  h100_pcie: { id: 'h100_pcie', vendor: 'nvidia', memoryGb: 80, displayName: 'NVIDIA H100 PCIe 80GB' },
  a100_80g: { id: 'a100_80g', vendor: 'nvidia', memoryGb: 80, displayName: 'NVIDIA A100 80GB' },
  a100_40g: { id: 'a100_40g', vendor: 'nvidia', memoryGb: 40, displayName: 'NVIDIA A100 40GB' },
  l40s: { id: 'l40s', vendor: 'nvidia', memoryGb: 48, displayName: 'NVIDIA L40S' },
  l40: { id: 'l40', vendor: 'nvidia', memoryGb: 48, displayName: 'NVIDIA L40' },
  l4: { id: 'l4', vendor: 'nvidia', memoryGb: 24, displayName: 'NVIDIA L4' },
  a10: { id: 'a10', vendor: 'nvidia', memoryGb: 24, displayName: 'NVIDIA A10' },
  a6000: { id: 'a6000', vendor: 'nvidia', memoryGb: 48, displayName: 'NVIDIA RTX A6000' },
  a5000: { id: 'a5000', vendor: 'nvidia', memoryGb: 24, displayName: 'NVIDIA RTX A5000' },
  a4000: { id: 'a4000', vendor: 'nvidia', memoryGb: 16, displayName: 'NVIDIA RTX A4000' },
  rtx_6000_ada: { id: 'rtx_6000_ada', vendor: 'nvidia', memoryGb: 48, displayName: 'NVIDIA RTX 6000 Ada' },
  rtx_5090: { id: 'rtx_5090', vendor: 'nvidia', memoryGb: 32, displayName: 'NVIDIA GeForce RTX 5090' },
  rtx_4090: { id: 'rtx_4090', vendor: 'nvidia', memoryGb: 24, displayName: 'NVIDIA GeForce RTX 4090' },
  rtx_3090: { id: 'rtx_3090', vendor: 'nvidia', memoryGb: 24, displayName: 'NVIDIA GeForce RTX 3090' },
  mi300x: { id: 'mi300x', vendor: 'amd', memoryGb: 192, displayName: 'AMD Instinct MI300X' },
  b200: { id: 'b200', vendor: 'nvidia', memoryGb: 180, displayName: 'NVIDIA B200' },
};

export function isKnownGpuId(id: string): id is KnownGpuId {
  return Object.hasOwn(GPU_CATALOG, id);
}

/** Metadata for a canonical id, or undefined for hardware newer than this release. */
export function gpuInfo(id: GpuId): GpuInfo | undefined {
  return isKnownGpuId(id) ? GPU_CATALOG[id] : undefined;
}
