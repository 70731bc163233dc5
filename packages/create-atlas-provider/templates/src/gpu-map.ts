import { defineGpuMap } from '@atlas/core/provider';

/**
 * Canonical Atlas GPU ids -> __PROVIDER_ID__'s own GPU names. The provider owns this map: adding
 * __PROVIDER_ID__ to Atlas needs no change in @atlas/core. A canonical id may map to several native ids
 * (preferred first). An unknown GPU is refused before any request, naming the ones listed here.
 *
 * TODO: replace these placeholder names with the ids your cloud's API uses.
 */
export const __PROVIDER_CONST___GPU_MAP = defineGpuMap({
  h100: ['__PROVIDER_ID__-h100-80g', '__PROVIDER_ID__-h100-80g-sxm'],
  h100_sxm: '__PROVIDER_ID__-h100-80g-sxm',
  a100_80g: '__PROVIDER_ID__-a100-80g',
  l4: '__PROVIDER_ID__-l4',
});
