import { AtlasError, type ComputeRequest } from '@atlas/core';
import { nativeGpuIds } from '@atlas/core/provider';
import type { Filter, SearchOffersBody } from '../api/offers.js';
import { GPU_RAM_MB, VAST_GPU_MAP } from '../gpu-map.js';
import type { VastProviderOptions } from '../provider-options.js';
import { PROVIDER_ID } from '../settings.js';

/** Offers fetched per search: enough to fail over a few times, small enough to stay fast. */
const SEARCH_LIMIT = 32;
const COUNTRY = /^[A-Z]{2}$/;

/** The disk a request asks for, in GB: Vast has one disk per instance. */
export function diskGbOf(request: ComputeRequest, options: VastProviderOptions): number {
  if (options.diskGb !== undefined) return options.diskGb;
  if (request.containerDiskGb === undefined && request.volumeGb === undefined) return 10;
  return (request.containerDiskGb ?? 0) + (request.volumeGb ?? 0);
}

/** Region hints are country codes (`US`, `DE`): Vast's `geolocation` filter takes nothing finer. */
export function countriesOf(request: ComputeRequest): string[] | undefined {
  if (request.regionHints === undefined || request.regionHints.length === 0) return undefined;
  const countries = request.regionHints.map((hint) => hint.trim().toUpperCase());
  const bad = countries.filter((c) => !COUNTRY.test(c));
  if (bad.length > 0) {
    throw new AtlasError({
      kind: 'validation',
      provider: PROVIDER_ID,
      message: `vast: regionHints must be two-letter country codes (Vast filters offers by country), got ${bad.map((b) => `'${b}'`).join(', ')}.`,
      issues: bad.map((b) => ({ path: 'regionHints', message: `'${b}' is not a two-letter country code` })),
    });
  }
  return countries;
}

/**
 * The search for a spawn: the canonical GPU's exact names (its RAM range where names are shared),
 * at least the GPU count, rentable and unrented, verified hosts unless told otherwise, the
 * caller's constraints, cheapest first. Interruptible searches price by the minimum bid.
 */
export function offerQuery(request: ComputeRequest, options: VastProviderOptions): SearchOffersBody {
  const gpu = request.gpu;
  if (gpu === undefined) {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: 'vast: CPU-only instances are not wired yet; ask for a gpu.',
      issues: [{ path: 'cpu', message: 'not supported by this provider yet' }],
    });
  }
  const names = nativeGpuIds(VAST_GPU_MAP, gpu);
  const ram = Object.hasOwn(GPU_RAM_MB, gpu) ? GPU_RAM_MB[gpu] : undefined;
  const countries = countriesOf(request);
  const disk = diskGbOf(request, options);
  const spot = request.spot === true;
  const query: Record<string, Filter | unknown> = {
    gpu_name: names.length === 1 ? { eq: names[0] } : { in: [...names] },
    num_gpus: { eq: request.gpuCount },
    rentable: { eq: true },
    rented: { eq: false },
    disk_space: { gte: disk },
  };
  if (ram !== undefined) query.gpu_ram = { ...ram };
  if (options.verified !== false) query.verified = { eq: true };
  if (request.cloudType === 'secure') query.datacenter = { eq: true };
  if (countries !== undefined) query.geolocation = { in: countries };
  if (options.minReliability !== undefined) query.reliability = { gte: options.minReliability };
  if (options.maxPricePerHour !== undefined) {
    query[spot ? 'min_bid' : 'dph_total'] = { lte: options.maxPricePerHour };
  }
  if (request.ports.length > 0) query.direct_port_count = { gte: request.ports.length };
  return {
    ...query,
    type: spot ? 'bid' : 'ondemand',
    // Ties go to the more reliable host. (Two entries also meet the spec, whose minItems: 2 sits on the list.)
    order: [
      [spot ? 'min_bid' : 'dph_total', 'asc'],
      ['reliability', 'desc'],
    ],
    limit: SEARCH_LIMIT,
    allocated_storage: disk,
  };
}
