import type { GpuId, StockLevel } from '@atlas/core';
import { defineGpuMap } from '@atlas/core/provider';

/**
 * Canonical id -> the mock's native ids, named the way GPU clouds name them. `h100` accepts either
 * H100 variant (SXM preferred), as a real cloud's generic id would.
 */
export const MOCK_GPU_MAP = defineGpuMap({
  h200: 'NVIDIA H200',
  h100: ['NVIDIA H100 80GB HBM3', 'NVIDIA H100 PCIe'],
  h100_sxm: 'NVIDIA H100 80GB HBM3',
  h100_pcie: 'NVIDIA H100 PCIe',
  a100_80g: 'NVIDIA A100 80GB PCIe',
  a100_40g: 'NVIDIA A100-PCIE-40GB',
  l40s: 'NVIDIA L40S',
  l40: 'NVIDIA L40',
  l4: 'NVIDIA L4',
  a10: 'NVIDIA A10',
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

/** One native GPU offering: USD per GPU-hour by cloud type, and how much is in stock. */
export interface MockOffer {
  readonly id: string;
  readonly canonical: GpuId;
  readonly secure: number;
  readonly community?: number;
  readonly spot: number;
  readonly stock: StockLevel;
}

/** Prices in the range GPU clouds charged in late 2026; datacenter parts have no community hosts. */
export const MOCK_OFFERS: readonly MockOffer[] = [
  { id: 'NVIDIA B200', canonical: 'b200', secure: 5.99, spot: 3.79, stock: 'low' },
  { id: 'NVIDIA H200', canonical: 'h200', secure: 3.99, spot: 2.49, stock: 'medium' },
  { id: 'NVIDIA H100 80GB HBM3', canonical: 'h100_sxm', secure: 2.99, community: 2.69, spot: 1.75, stock: 'high' },
  { id: 'NVIDIA H100 PCIe', canonical: 'h100_pcie', secure: 2.39, community: 1.99, spot: 1.35, stock: 'medium' },
  { id: 'NVIDIA A100 80GB PCIe', canonical: 'a100_80g', secure: 1.64, community: 1.19, spot: 0.82, stock: 'high' },
  { id: 'NVIDIA A100-PCIE-40GB', canonical: 'a100_40g', secure: 1.29, community: 0.99, spot: 0.6, stock: 'low' },
  { id: 'NVIDIA L40S', canonical: 'l40s', secure: 0.86, community: 0.79, spot: 0.52, stock: 'high' },
  { id: 'NVIDIA L40', canonical: 'l40', secure: 0.99, community: 0.69, spot: 0.49, stock: 'medium' },
  { id: 'NVIDIA L4', canonical: 'l4', secure: 0.43, community: 0.39, spot: 0.24, stock: 'high' },
  { id: 'NVIDIA A10', canonical: 'a10', secure: 0.6, spot: 0.35, stock: 'medium' },
  { id: 'NVIDIA RTX A6000', canonical: 'a6000', secure: 0.76, community: 0.49, spot: 0.33, stock: 'high' },
  { id: 'NVIDIA RTX A5000', canonical: 'a5000', secure: 0.36, community: 0.27, spot: 0.17, stock: 'high' },
  { id: 'NVIDIA RTX A4000', canonical: 'a4000', secure: 0.32, community: 0.17, spot: 0.12, stock: 'medium' },
  {
    id: 'NVIDIA RTX 6000 Ada Generation',
    canonical: 'rtx_6000_ada',
    secure: 1.03,
    community: 0.77,
    spot: 0.5,
    stock: 'medium',
  },
  { id: 'NVIDIA GeForce RTX 5090', canonical: 'rtx_5090', secure: 0.94, community: 0.69, spot: 0.45, stock: 'low' },
  { id: 'NVIDIA GeForce RTX 4090', canonical: 'rtx_4090', secure: 0.69, community: 0.34, spot: 0.29, stock: 'high' },
  { id: 'NVIDIA GeForce RTX 3090', canonical: 'rtx_3090', secure: 0.43, community: 0.22, spot: 0.16, stock: 'medium' },
  { id: 'AMD Instinct MI300X OAM', canonical: 'mi300x', secure: 2.49, spot: 1.59, stock: 'low' },
];

/** One CPU machine size: USD per machine-hour (secure cloud only, as CPU hosts are datacenter machines). */
export interface MockCpuFlavor {
  readonly id: string;
  readonly vcpus: number;
  readonly memoryGb: number;
  readonly secure: number;
  readonly stock: StockLevel;
}

/** CPU machines, smallest first, priced like general-purpose instances. */
export const MOCK_CPU_FLAVORS: readonly MockCpuFlavor[] = [
  { id: 'mock-cpu-2', vcpus: 2, memoryGb: 8, secure: 0.06, stock: 'high' },
  { id: 'mock-cpu-4', vcpus: 4, memoryGb: 16, secure: 0.12, stock: 'high' },
  { id: 'mock-cpu-8', vcpus: 8, memoryGb: 32, secure: 0.24, stock: 'medium' },
  { id: 'mock-cpu-32', vcpus: 32, memoryGb: 128, secure: 0.96, stock: 'low' },
];
