import { type AtlasError, isAtlasError } from '@atlas/core';

/** How one try of one offer ended. */
export type AttemptOutcome =
  /** The machine exists and is returned. */
  | 'placed'
  /** The cloud had no capacity for this offer: try the next. */
  | 'capacity'
  /** The provider asked us to slow down: its other offers are skipped for now. */
  | 'rate_limited'
  /** The provider is down or unusable (5xx, transport, unauthorized...): its other offers are skipped. */
  | 'provider_down'
  /** The machine came back pricier than quoted (or than the guard): it was terminated. */
  | 'price_guard'
  /** The request itself is wrong (`validation`): nothing else is tried. */
  | 'rejected'
  /** The create's outcome is unknown: a machine may exist, so nothing else is tried. */
  | 'ambiguous';

/** What a failed try means for the rest of the placement. */
export function outcomeOf(error: unknown): Exclude<AttemptOutcome, 'placed' | 'price_guard'> {
  if (!isAtlasError(error)) return 'provider_down';
  if (isPossiblyCreated(error)) return 'ambiguous';
  switch (error.kind) {
    case 'capacity':
      return 'capacity';
    case 'rate_limited':
      return 'rate_limited';
    case 'validation':
      return 'rejected';
    // A create that timed out or lost its connection may have rented a machine: never fail over.
    case 'timeout':
    case 'transport':
      return 'ambiguous';
    default:
      return 'provider_down';
  }
}

/** Set by providers (core's createOnce) when a create failed but a machine may exist. */
export function isPossiblyCreated(error: AtlasError): boolean {
  return error.details?.possiblyCreated === true;
}
