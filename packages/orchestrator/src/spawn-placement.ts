import { AtlasError, type AtlasIssue, type CallContext, type Compute, type ComputeRequestInput } from '@atlas/core';
import { type PlacementAttempt, type PlacementStrategy, place } from '@atlas/placement';
import type { Backends, ComputeBackend } from './backend.js';
import type { SessionPlacement, SessionPlacementAttempt } from './session.js';

/** `spawn({ placement })`: which of the orchestrator's providers may take the session, and how to choose. */
export interface PlacementRequest {
  /**
   * Provider ids, all of them the orchestrator's; default every one, in the orchestrator's order.
   * The order breaks price ties, and is the order the `ordered` strategy tries.
   */
  readonly providers?: readonly string[];
  /** `cheapest` (default): by price. `ordered`: by the providers' order, then by price. */
  readonly strategy?: PlacementStrategy;
  /** Never rent above this (USD per hour for the whole machine). */
  readonly maxPricePerHour?: number;
  /** At most this many creates in all (default 5). */
  readonly maxAttempts?: number;
  /**
   * When every offer is out of capacity, quote again with backoff (1 s doubling to 30 s) until this
   * long has passed (ms; default 0). Each try that ends keeps the spawning session fresh for the
   * reaper, so this may exceed graceMs as long as graceMs is above 30 s (the longest wait).
   */
  readonly retryForMs?: number;
  /** How far above its quote a machine may bill before it is terminated and the next tried (default 0.05). */
  readonly priceTolerance?: number;
}

/** Where a spawn goes: one provider, or placement across several (the first is the record's until it lands). */
export type Destination =
  | { readonly kind: 'pinned'; readonly backend: ComputeBackend }
  | { readonly kind: 'placed'; readonly backends: readonly ComputeBackend[]; readonly request: PlacementRequest };

/** Checks `provider` and `placement` of a spawn request before anything is stored or rented. */
export function destinationOf(backends: Backends, provider?: string, placement?: PlacementRequest): Destination {
  const issues: AtlasIssue[] = [];
  const known = (id: unknown, path: string) => {
    const backend = typeof id === 'string' ? backends.get(id) : undefined;
    if (backend === undefined) issues.push({ path, message: `must be one of ${backends.ids.join(', ')}` });
    return backend;
  };
  let destination: Destination | undefined;
  if (placement === undefined) {
    const backend = provider === undefined ? backends.first : known(provider, 'provider');
    if (backend !== undefined) destination = { kind: 'pinned', backend };
  } else if (typeof placement !== 'object' || placement === null) {
    issues.push({ path: 'placement', message: 'must be an object (`{}` places across every provider)' });
  } else {
    if (provider !== undefined) issues.push({ path: 'provider', message: 'pin a provider or place, not both' });
    const ids = placement.providers ?? backends.ids;
    if (!Array.isArray(ids) || ids.length === 0) {
      issues.push({ path: 'placement.providers', message: 'must list at least one provider id' });
    }
    const chosen = Array.isArray(ids) ? ids.map((id, i) => known(id, `placement.providers.${i}`)) : [];
    checkPlacementNumbers(placement, issues);
    if (issues.length === 0) destination = { kind: 'placed', backends: chosen as ComputeBackend[], request: placement };
  }
  if (destination === undefined || issues.length > 0) {
    throw new AtlasError({
      kind: 'validation',
      message: `Invalid spawn request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    });
  }
  return destination;
}

function checkPlacementNumbers(placement: PlacementRequest, issues: AtlasIssue[]): void {
  const { strategy, maxPricePerHour, maxAttempts, retryForMs, priceTolerance } = placement;
  if (strategy !== undefined && strategy !== 'cheapest' && strategy !== 'ordered') {
    issues.push({ path: 'placement.strategy', message: "must be 'cheapest' or 'ordered'" });
  }
  const check = (value: number | undefined, path: string, ok: (n: number) => boolean, message: string) => {
    if (value !== undefined && !(typeof value === 'number' && ok(value))) issues.push({ path, message });
  };
  check(maxPricePerHour, 'placement.maxPricePerHour', (n) => Number.isFinite(n) && n > 0, 'must be a positive number');
  check(maxAttempts, 'placement.maxAttempts', (n) => Number.isSafeInteger(n) && n >= 1, 'must be an integer >= 1');
  check(retryForMs, 'placement.retryForMs', (n) => Number.isSafeInteger(n) && n >= 0, 'must be an integer >= 0 (ms)');
  check(priceTolerance, 'placement.priceTolerance', (n) => Number.isFinite(n) && n >= 0, 'must be a number >= 0');
}

export interface PlaceInput {
  readonly destination: Extract<Destination, { kind: 'placed' }>;
  /** The request with the owner-stamped name. */
  readonly request: ComputeRequestInput;
  readonly context: CallContext;
  readonly signal?: AbortSignal;
  /** Each try as it ends (the orchestrator's placement_attempt event). */
  readonly onAttempt: (attempt: SessionPlacementAttempt) => void;
}

/**
 * One placed create through @atlas/placement's place(): the same single-create rules as a pinned
 * spawn (it never moves on after a create whose outcome is unknown). No idempotency key: one key
 * would name several different creates, and a provider could hand back the machine an earlier try
 * rented and the price guard terminated; each provider settles an ambiguous create by its own
 * per-call marker instead.
 */
export async function placeCompute(input: PlaceInput): Promise<{ compute: Compute; placement: SessionPlacement }> {
  const { destination, request } = input;
  const options = destination.request;
  const placed = await place(request, {
    providers: destination.backends.map((backend) => backend.provider),
    context: input.context,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
    ...(options.maxPricePerHour === undefined ? {} : { maxPricePerHour: options.maxPricePerHour }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.retryForMs === undefined ? {} : { retryForMs: options.retryForMs }),
    ...(options.priceTolerance === undefined ? {} : { priceTolerance: options.priceTolerance }),
    onEvent: (event) => input.onAttempt(toSessionAttempt(event.attempt)),
  });
  const { offer } = placed;
  const readAt = Date.parse(offer.observedAt);
  return {
    compute: placed.compute,
    placement: {
      offer: {
        provider: offer.provider,
        ...(offer.region === undefined ? {} : { region: offer.region }),
        pricePerHour: offer.pricePerHour,
        readAt: Number.isNaN(readAt) ? 0 : readAt,
      },
      attempts: placed.attempts.map(toSessionAttempt),
    },
  };
}

/** Plain JSON for the store and the events: no Offer internals beyond where and at what price. */
export function toSessionAttempt(attempt: PlacementAttempt): SessionPlacementAttempt {
  return {
    provider: attempt.offer.provider,
    ...(attempt.offer.region === undefined ? {} : { region: attempt.offer.region }),
    pricePerHour: attempt.offer.pricePerHour,
    outcome: attempt.outcome,
    ...(attempt.errorKind === undefined ? {} : { errorKind: attempt.errorKind }),
    ...(attempt.message === undefined ? {} : { message: attempt.message }),
    durationMs: attempt.durationMs,
  };
}
