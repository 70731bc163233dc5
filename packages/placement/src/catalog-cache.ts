import { type CallContext, type CpuType, type GpuType, listCpuTypes, listGpuTypes, type Provider } from '@atlas/core';

/** Catalog reads per provider instance, each kept for a time to live. */
export interface CatalogCache {
  gpus(provider: Provider, ttlMs: number, ctx: CallContext): Promise<GpuType[]>;
  cpus(provider: Provider, ttlMs: number, ctx: CallContext): Promise<CpuType[]>;
  /** Forget everything (the next quote reads every catalog again). */
  clear(): void;
}

interface Entry<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

/**
 * A cache keyed by provider instance (held weakly, so a provider dropped by the app is not kept).
 * A read that fails is not cached: the next quote asks again. Concurrent quotes share one read.
 */
export function createCatalogCache(now: () => number = Date.now): CatalogCache {
  let gpus = new WeakMap<Provider, Entry<GpuType[]>>();
  let cpus = new WeakMap<Provider, Entry<CpuType[]>>();
  function read<T>(store: WeakMap<Provider, Entry<T>>, provider: Provider, ttlMs: number, load: () => Promise<T>) {
    const cached = store.get(provider);
    if (cached !== undefined && now() - cached.at < ttlMs) return cached.value;
    const value = load();
    store.set(provider, { at: now(), value });
    value.catch(() => {
      if (store.get(provider)?.value === value) store.delete(provider);
    });
    return value;
  }
  return {
    gpus: (provider, ttlMs, ctx) => read(gpus, provider, ttlMs, () => listGpuTypes(provider, ctx)),
    cpus: (provider, ttlMs, ctx) => read(cpus, provider, ttlMs, () => listCpuTypes(provider, ctx)),
    clear: () => {
      gpus = new WeakMap();
      cpus = new WeakMap();
    },
  };
}

/** The cache quotes use unless given one. */
export const sharedCatalogCache: CatalogCache = createCatalogCache();
