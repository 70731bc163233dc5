import { defineGpuMap } from '@atlas/core/provider';

/**
 * Canonical GPU ids -> RunPod's native GPU type ids (the ids `POST /v2/pods` takes in `gpu.id`
 * and `GET /v2/catalog/gpus` returns). The first native id is the one spawnCompute sends.
 *
 * `h100` means any H100 (SXM preferred when spawning); `h100_sxm` / `h100_pcie` pin one form
 * factor. A pod reports the most specific id (core's toCanonicalGpu), so an SXM pod says
 * `h100_sxm`; listCompute({ gpu: 'h100' }) still finds it, because the gpu filter matches every
 * native id of the canonical one. RunPod offers no A100 40GB and no A10.
 */
export const RUNPOD_GPU_MAP = defineGpuMap({
  h200: ['NVIDIA H200', 'NVIDIA H200 NVL'],
  h100: ['NVIDIA H100 80GB HBM3', 'NVIDIA H100 PCIe', 'NVIDIA H100 NVL'],
  h100_sxm: 'NVIDIA H100 80GB HBM3',
  h100_pcie: 'NVIDIA H100 PCIe',
  a100_80g: ['NVIDIA A100-SXM4-80GB', 'NVIDIA A100 80GB PCIe'],
  l40s: 'NVIDIA L40S',
  l40: 'NVIDIA L40',
  l4: 'NVIDIA L4',
  a6000: 'NVIDIA RTX A6000',
  a5000: 'NVIDIA RTX A5000',
  a4000: 'NVIDIA RTX A4000',
  rtx_6000_ada: 'NVIDIA RTX 6000 Ada Generation',
  rtx_5090: 'NVIDIA GeForce RTX 5090',
  rtx_4090: 'NVIDIA GeForce RTX 4090',
  rtx_3090: 'NVIDIA GeForce RTX 3090',
  mi300x: 'AMD Instinct MI300X OAM',
  b200: 'NVIDIA B200',
});
