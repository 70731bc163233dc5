import type { Offer } from './offer.js';

export type PlacementStrategy = 'cheapest' | 'ordered';

/**
 * Offers in the order placement tries them. `cheapest`: by price, then by the providers' order
 * (a stable tie-break the caller controls). `ordered`: by the providers' order, then by price.
 * Offers with no stock, and offers above `maxPricePerHour`, are left out.
 */
export function orderOffers(
  offers: readonly Offer[],
  options: { strategy?: PlacementStrategy; providerOrder: readonly string[]; maxPricePerHour?: number },
): Offer[] {
  const rank = (offer: Offer) => {
    const index = options.providerOrder.indexOf(offer.provider);
    return index === -1 ? options.providerOrder.length : index;
  };
  const byPrice = (a: Offer, b: Offer) => a.pricePerHour - b.pricePerHour;
  const byProvider = (a: Offer, b: Offer) => rank(a) - rank(b);
  const compare =
    options.strategy === 'ordered'
      ? (a: Offer, b: Offer) => byProvider(a, b) || byPrice(a, b)
      : (a: Offer, b: Offer) => byPrice(a, b) || byProvider(a, b);
  const max = options.maxPricePerHour;
  return offers
    .filter((offer) => offer.stock !== 'none' && (max === undefined || offer.pricePerHour <= max))
    .sort(compare);
}
