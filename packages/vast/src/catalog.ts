import type { GpuType } from '@atlas/core';
import type { VastApi } from './client.js';
import { searchOffers } from './compute/offers.js';
import { offersToGpuTypes } from './translate/gpu-types.js';

/** Offers read for the catalog: the whole visible market of verified, rentable machines. */
const CATALOG_LIMIT = 1000;

/** The GPU catalog as the market has it now: every rentable verified offer, grouped per GPU. */
export async function listGpuTypes(api: VastApi): Promise<GpuType[]> {
  const offers = await searchOffers(api, {
    verified: { eq: true },
    rentable: { eq: true },
    rented: { eq: false },
    type: 'ondemand',
    order: [
      ['dph_total', 'asc'],
      ['reliability', 'desc'],
    ],
    limit: CATALOG_LIMIT,
  });
  return offersToGpuTypes(offers, new Date());
}
