import { defineGpuMap } from '@atlas/core/provider';

/** Lambda sells machines of 1, 2, 4 or 8 GPUs of one model: `gpu_{N}x_{model}`. */
const COUNTS = [1, 2, 4, 8] as const;

/** Every instance type name of these models, one GPU first. Types Lambda does not sell never appear in /instance-types. */
function types(...models: readonly string[]): string[] {
  return models.flatMap((model) => COUNTS.map((count) => `gpu_${count}x_${model}`));
}

const H100_SXM = types('h100_sxm5', 'h100_sxm5gdr');
const H100_PCIE = types('h100_pcie');

/**
 * Canonical GPU ids -> Lambda instance type names. A spawn picks the names whose count matches
 * gpuCount, in this order, and keeps those /instance-types lists. `h100` means any H100 (SXM
 * first); `h100_sxm` / `h100_pcie` pin the form factor. Lambda's `gpu_{N}x_a100` is 40 GB (PCIe
 * up to 4, SXM4 at 8); the 80 GB part is `a100_80gb_sxm4`. Lambda offers no RTX 4090. `gh200`
 * and `v100` are not in Atlas's catalog but the union is open, so they map too.
 */
export const LAMBDA_GPU_MAP = defineGpuMap({
  h100: [...H100_SXM, ...H100_PCIE],
  h100_sxm: H100_SXM,
  h100_pcie: H100_PCIE,
  a100_80g: types('a100_80gb_sxm4', 'a100_80gb_pcie'),
  a100_40g: types('a100', 'a100_sxm4'),
  b200: types('b200_sxm6'),
  l40s: types('l40s'),
  a10: types('a10'),
  a6000: types('a6000'),
  gh200: types('gh200'),
  v100: types('v100'),
});

const TYPE_NAME = /^gpu_(\d+)x_(.+)$/;

/** The GPU count a `gpu_{N}x_{model}` name says, or undefined for another shape (`cpu_4x_general`). */
export function gpuCountOf(instanceType: string): number | undefined {
  const match = TYPE_NAME.exec(instanceType);
  return match ? Number(match[1]) : undefined;
}
