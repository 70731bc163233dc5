import { type Offer, type SearchOffersBody, SearchOffersResponseSchema } from '../api/offers.js';
import type { VastApi } from '../client.js';

/** `POST /api/v0/bundles/`: a read, so the HTTP layer may repeat it. */
export async function searchOffers(api: VastApi, query: SearchOffersBody): Promise<Offer[]> {
  const body = await api.request('search', {
    method: 'POST',
    path: 'api/v0/bundles/',
    json: query,
    schema: SearchOffersResponseSchema,
    idempotent: true,
  });
  return body.offers;
}
