import {
  AtlasError,
  type CallContext,
  type CloudType,
  type CpuRequest,
  type GpuId,
  type GpuType,
  type Provider,
} from '@atlas/core';
import { nativeGpuIds, toAtlasError } from '@atlas/core/provider';
import { type CatalogCache, sharedCatalogCache } from './catalog-cache.js';
import { type Offer, offersOf, wantedCloudTypes } from './offer.js';

/** What to price: GPUs (`gpu`, `gpuCount`) or a CPU machine (`cpu`), and where. */
export interface QuoteRequest {
  readonly gpu?: GpuId;
  readonly gpuCount?: number;
  readonly cpu?: CpuRequest;
  readonly cloudType?: CloudType;
  readonly spot?: boolean;
}

/** Providers by name (their order is the tie-break and the `ordered` strategy's order), or a list. */
export type ProviderSet = Readonly<Record<string, Provider>> | readonly Provider[];

export interface QuoteOptions {
  readonly providers: ProviderSet;
  /** How long a catalog read is reused (default 60 s; 0 reads every catalog again). */
  readonly cacheTtlMs?: number;
  readonly cache?: CatalogCache;
  readonly signal?: AbortSignal;
  /** Call context for the catalog reads (keys, base URLs, hooks, timeouts). */
  readonly context?: CallContext;
}

export interface Quote {
  /** Every offer, cheapest first. */
  readonly offers: readonly Offer[];
  /** Providers whose catalog could not be read: the quote is made from the others. */
  readonly errors: readonly { readonly provider: string; readonly error: AtlasError }[];
}

export const DEFAULT_CACHE_TTL_MS = 60_000;

/**
 * Offers across providers for one request, read from their catalogs in parallel. One provider
 * failing (401, timeout, 5xx, no catalog) yields its error beside the others' offers, never a
 * rejection of the whole quote. Only a bad request rejects (`validation`, before any read).
 */
export async function quote(request: QuoteRequest, options: QuoteOptions): Promise<Quote> {
  checkQuoteRequest(request);
  const providers = providerList(options.providers);
  const ttl = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const cache = options.cache ?? sharedCatalogCache;
  const ctx: CallContext = { ...options.context, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  const settled = await Promise.allSettled(providers.map((provider) => offersFrom(provider, request, ttl, cache, ctx)));
  const offers: Offer[] = [];
  const errors: { provider: string; error: AtlasError }[] = [];
  settled.forEach((result, index) => {
    const provider = providers[index]!;
    if (result.status === 'fulfilled') offers.push(...result.value);
    else errors.push({ provider: provider.id, error: toAtlasError(result.reason, provider.id, 'quote') });
  });
  return { offers: offers.sort((a, b) => a.pricePerHour - b.pricePerHour), errors };
}

export function providerList(set: ProviderSet): Provider[] {
  return Array.isArray(set) ? [...set] : Object.values(set as Readonly<Record<string, Provider>>);
}

async function offersFrom(
  provider: Provider,
  request: QuoteRequest,
  ttlMs: number,
  cache: CatalogCache,
  ctx: CallContext,
): Promise<Offer[]> {
  const cloudTypes = wantedCloudTypes(request);
  if (request.cpu !== undefined) {
    const cpu = request.cpu;
    const flavors = await cache.cpus(provider, ttlMs, ctx);
    return flavors
      .filter(
        (flavor) =>
          (cpu.flavor === undefined || flavor.id === cpu.flavor) &&
          flavor.vcpus >= cpu.vcpus &&
          (cpu.memoryGb === undefined || (flavor.memoryGb ?? 0) >= cpu.memoryGb),
      )
      .flatMap((flavor) => offersOf(flavor, { provider: provider.id, count: 0, multiplier: 1 }, cloudTypes));
  }
  const gpu = request.gpu as GpuId;
  const count = request.gpuCount ?? 1;
  const types = await cache.gpus(provider, ttlMs, ctx);
  return (
    types
      .filter((type) => servesGpu(type, gpu, provider))
      // The offer names the entry's own model (h100_pcie rather than h100), so that placement asks the
      // provider for exactly the card it priced, not the provider's preferred one for the family.
      .flatMap((type) =>
        offersOf(type, { provider: provider.id, gpu: type.canonical ?? gpu, count, multiplier: count }, cloudTypes),
      )
  );
}

/** A catalog entry serves `h100` when it is an h100 model, or one of the provider's native ids for it. */
function servesGpu(type: GpuType, gpu: GpuId, provider: Provider): boolean {
  if (type.canonical === gpu) return true;
  if (provider.gpuMap === undefined) return false;
  const natives = nativeGpuIds(provider.gpuMap, gpu).map((id) => id.toLowerCase());
  return natives.includes(type.id.toLowerCase());
}

function checkQuoteRequest(request: QuoteRequest): void {
  const problems: { path: string; message: string }[] = [];
  const hasGpu = typeof request?.gpu === 'string' && request.gpu.trim() !== '';
  const hasCpu = request?.cpu !== undefined;
  if (hasGpu === hasCpu) problems.push({ path: 'gpu', message: 'ask for either GPUs (gpu) or a CPU machine (cpu)' });
  if (hasCpu && !(Number.isInteger(request.cpu?.vcpus) && (request.cpu?.vcpus ?? 0) >= 1)) {
    problems.push({ path: 'cpu.vcpus', message: 'must be an integer of at least 1' });
  }
  const count = request?.gpuCount;
  if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= 16)) {
    problems.push({ path: 'gpuCount', message: 'must be an integer from 1 to 16' });
  }
  if (problems.length === 0) return;
  throw new AtlasError({
    kind: 'validation',
    message: `Invalid quote request: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    issues: problems,
  });
}
