import {
  AtlasError,
  type CallContext,
  type Compute,
  type ComputeRequestInput,
  isAtlasError,
  type Provider,
  spawnCompute,
  terminate,
} from '@atlas/core';
import { sleep } from '@atlas/core/provider';
import { type AttemptOutcome, outcomeOf } from './attempt.js';
import { type CatalogCache, sharedCatalogCache } from './catalog-cache.js';
import type { Offer } from './offer.js';
import { orderOffers, type PlacementStrategy } from './order.js';
import { type ProviderSet, providerList, type QuoteRequest, quote } from './quote.js';

/** One try of one offer, for the caller's records and for the error when nothing was placed. */
export interface PlacementAttempt {
  readonly offer: Offer;
  readonly outcome: AttemptOutcome;
  /** The AtlasError kind of a failed try. */
  readonly errorKind?: AtlasError['kind'];
  readonly message?: string;
  readonly durationMs: number;
}

/** Emitted for every try, as it ends. */
export interface PlacementEvent {
  readonly type: 'attempt';
  readonly attempt: PlacementAttempt;
}

export interface PlaceOptions {
  /** Where to look. Quoted (with the cache) unless `offers` are given. */
  readonly providers: ProviderSet;
  /** Offers from an earlier quote: tried in the strategy's order, no catalog read. */
  readonly offers?: readonly Offer[];
  readonly strategy?: PlacementStrategy;
  /** Never rent above this (USD per hour for the whole machine). */
  readonly maxPricePerHour?: number;
  /**
   * How far above its quoted price a machine may come back before it is terminated and the next
   * offer tried (a fraction: 0.05 = 5 %; default 0.05).
   */
  readonly priceTolerance?: number;
  /** At most this many creates in all (default 5). */
  readonly maxAttempts?: number;
  /**
   * When every offer is out of capacity, quote again with backoff until this long has passed
   * (ms; default 0: one round). SkyPilot's retry-until-up, as a library call.
   */
  readonly retryForMs?: number;
  readonly signal?: AbortSignal;
  /** Call context for every call (keys, hooks, timeouts). */
  readonly context?: CallContext;
  readonly cacheTtlMs?: number;
  readonly cache?: CatalogCache;
  readonly onEvent?: (event: PlacementEvent) => void;
}

export interface Placement {
  readonly compute: Compute;
  readonly offer: Offer;
  readonly attempts: readonly PlacementAttempt[];
}

const DEFAULT_TOLERANCE = 0.05;
const DEFAULT_MAX_ATTEMPTS = 5;
const FIRST_REQUOTE_MS = 1_000;
const MAX_REQUOTE_MS = 30_000;

/**
 * Rents the requested machine from the best offer that has one: tries the offers in order, moving
 * on after `capacity`, `rate_limited` (that provider is skipped for now), a provider that is down,
 * and a machine pricier than the guard allows (terminated first). It stops at once on a wrong
 * request (`validation`), and it NEVER moves on after a create whose outcome is unknown (a
 * timeout, a reset, an abort mid-create, an error with `details.possiblyCreated`): that could
 * leave two machines, so the provider's own error is rethrown, with the attempts in `details`.
 */
export async function place(request: ComputeRequestInput, options: PlaceOptions): Promise<Placement> {
  const providers = providerList(options.providers);
  const byId = new Map(providers.map((provider) => [provider.id, provider]));
  const attempts: PlacementAttempt[] = [];
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const deadline = Date.now() + (options.retryForMs ?? 0);
  let offers = options.offers ?? (await quoteFor(request, options));
  let wait = FIRST_REQUOTE_MS;
  for (;;) {
    const ordered = orderOffers(offers, {
      providerOrder: providers.map((provider) => provider.id),
      ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
      ...(options.maxPricePerHour === undefined ? {} : { maxPricePerHour: options.maxPricePerHour }),
    });
    const skipped = new Set<string>();
    for (const offer of ordered) {
      if (attempts.length >= maxAttempts) throw nothingPlaced(attempts, 'the attempt budget is used up');
      if (skipped.has(offer.provider)) continue;
      const provider = byId.get(offer.provider);
      if (provider === undefined) continue;
      const placed = await tryOffer(provider, offer, request, options, attempts);
      if (placed !== undefined) return { compute: placed, offer, attempts };
      const last = attempts.at(-1)!;
      if (last.outcome === 'rate_limited' || last.outcome === 'provider_down') skipped.add(offer.provider);
    }
    const onlyCapacity = attempts.length > 0 && attempts.every((attempt) => attempt.outcome === 'capacity');
    const noOffers = ordered.length === 0;
    if (!(onlyCapacity || noOffers) || Date.now() + wait > deadline || attempts.length >= maxAttempts) {
      throw nothingPlaced(attempts, noOffers ? 'no offer matched the request' : 'every offer failed');
    }
    if (!(await sleep(wait, options.signal))) throw nothingPlaced(attempts, 'aborted by the caller');
    wait = Math.min(wait * 2, MAX_REQUOTE_MS);
    // A new round reads the catalogs again: the cached ones said there was stock.
    offers = await quoteFor(request, { ...options, cacheTtlMs: 0 });
  }
}

async function quoteFor(request: ComputeRequestInput, options: PlaceOptions): Promise<Offer[]> {
  const quoteRequest: QuoteRequest = {
    ...(request.gpu === undefined ? {} : { gpu: request.gpu }),
    ...(request.gpuCount === undefined ? {} : { gpuCount: request.gpuCount }),
    ...(request.cpu === undefined ? {} : { cpu: request.cpu }),
    ...(request.cloudType === undefined ? {} : { cloudType: request.cloudType }),
    ...(request.spot === undefined ? {} : { spot: request.spot }),
  };
  const result = await quote(quoteRequest, {
    providers: options.providers,
    cache: options.cache ?? sharedCatalogCache,
    ...(options.cacheTtlMs === undefined ? {} : { cacheTtlMs: options.cacheTtlMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.context === undefined ? {} : { context: options.context }),
  });
  return [...result.offers];
}

/** One create on one offer; undefined when placement should move on (the attempt says why). */
async function tryOffer(
  provider: Provider,
  offer: Offer,
  request: ComputeRequestInput,
  options: PlaceOptions,
  attempts: PlacementAttempt[],
): Promise<Compute | undefined> {
  const started = Date.now();
  const record = (attempt: Omit<PlacementAttempt, 'offer' | 'durationMs'>) => {
    const full: PlacementAttempt = { offer, durationMs: Date.now() - started, ...attempt };
    attempts.push(full);
    options.onEvent?.({ type: 'attempt', attempt: full });
    return full;
  };
  const ctx: CallContext = { ...options.context, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  let compute: Compute;
  try {
    compute = await spawnCompute({ ...request, ...offerFields(offer), provider }, ctx);
  } catch (error) {
    const outcome = outcomeOf(error);
    const kind = isAtlasError(error) ? error.kind : 'unknown';
    record({ outcome, errorKind: kind, message: isAtlasError(error) ? error.message : String(error) });
    if (outcome === 'ambiguous' || outcome === 'rejected') throw withAttempts(error, attempts);
    return undefined;
  }
  const guard = priceProblem(compute, offer, options);
  if (guard === undefined) {
    record({ outcome: 'placed' });
    return compute;
  }
  // Terminated before the next try: a machine we will not use must not keep billing.
  try {
    await terminate(provider, compute.id, ctx);
  } catch (error) {
    // It still bills: another offer would make two machines. Stop, keep the history, name the machine.
    const why = `${guard}; terminating ${compute.id} failed: ${isAtlasError(error) ? error.message : String(error)}`;
    record({ outcome: 'price_guard', message: why });
    throw withAttempts(error, attempts, { possiblyCreated: true, computeId: compute.id });
  }
  record({ outcome: 'price_guard', message: guard });
  return undefined;
}

/** The offer as request fields: its exact GPU model, and its cloud type (spot rents interruptible). */
function offerFields(offer: Offer): Partial<ComputeRequestInput> {
  return {
    ...(offer.gpu === undefined ? {} : { gpu: offer.gpu }),
    ...(offer.cloudType === 'spot' ? { spot: true } : { cloudType: offer.cloudType }),
  };
}

function priceProblem(compute: Compute, offer: Offer, options: PlaceOptions): string | undefined {
  const actual = compute.costPerHour;
  if (actual === undefined) return undefined;
  const tolerance = options.priceTolerance ?? DEFAULT_TOLERANCE;
  if (options.maxPricePerHour !== undefined && actual > options.maxPricePerHour) {
    return `${compute.provider} billed $${actual}/h, above the maximum of $${options.maxPricePerHour}/h`;
  }
  if (actual > offer.pricePerHour * (1 + tolerance)) {
    return `${compute.provider} billed $${actual}/h where $${offer.pricePerHour}/h was quoted (tolerance ${tolerance * 100} %)`;
  }
  return undefined;
}

function withAttempts(
  error: unknown,
  attempts: readonly PlacementAttempt[],
  extra: Record<string, unknown> = {},
): unknown {
  if (!isAtlasError(error)) return error;
  return new AtlasError({
    kind: error.kind,
    provider: error.provider,
    message: error.message,
    retryable: error.retryable,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    issues: error.issues,
    details: { ...error.details, ...extra, attempts: attempts.map(describeAttempt) },
    cause: error,
  });
}

function nothingPlaced(attempts: readonly PlacementAttempt[], why: string): AtlasError {
  const tried = attempts.map(describeAttempt);
  const summary = tried.map((a) => `${a.provider} ${a.nativeId} $${a.pricePerHour}/h: ${a.outcome}`).join('; ');
  return new AtlasError({
    kind:
      attempts.some((attempt) => attempt.outcome === 'rate_limited') && !attempts.some((a) => a.outcome === 'capacity')
        ? 'rate_limited'
        : 'capacity',
    provider: 'placement',
    message: `No machine placed: ${why}.${summary === '' ? '' : ` Tried: ${summary}.`}`,
    details: { attempts: tried },
  });
}

function describeAttempt(attempt: PlacementAttempt) {
  return {
    provider: attempt.offer.provider,
    nativeId: attempt.offer.nativeId,
    cloudType: attempt.offer.cloudType,
    pricePerHour: attempt.offer.pricePerHour,
    outcome: attempt.outcome,
    ...(attempt.errorKind === undefined ? {} : { errorKind: attempt.errorKind }),
    durationMs: attempt.durationMs,
  };
}
