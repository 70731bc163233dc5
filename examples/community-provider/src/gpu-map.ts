import { defineGpuMap } from '@atlas/core/provider';

/**
 * Canonical Atlas GPU ids -> Acme's own names. The provider owns this map: adding Acme to Atlas
 * needs no change in @atlas/core. A canonical id may map to several native ids (preferred first).
 */
export const ACME_GPU_MAP = defineGpuMap({
  h100: ['acme-h100-80g', 'acme-h100-80g-sxm'],
  h100_sxm: 'acme-h100-80g-sxm',
  a100_80g: 'acme-a100-80g',
  l4: 'acme-l4',
});
