export type { AttemptOutcome } from './attempt.js';
export { type CatalogCache, createCatalogCache, sharedCatalogCache } from './catalog-cache.js';
export type { Offer } from './offer.js';
export { orderOffers, type PlacementStrategy } from './order.js';
export { type Placement, type PlacementAttempt, type PlacementEvent, type PlaceOptions, place } from './place.js';
export {
  DEFAULT_CACHE_TTL_MS,
  type ProviderSet,
  type Quote,
  type QuoteOptions,
  type QuoteRequest,
  quote,
} from './quote.js';
export { msUntilBudget, spendUsd } from './spend.js';
export { VERSION } from './version.js';
