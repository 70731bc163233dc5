import {
  AtlasError,
  type CallContext,
  type Compute,
  type ComputeFilter,
  type ComputeRequestInput,
  createAtlas,
  type Provider,
} from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';

type Routed = { readonly provider?: string | Provider };

/**
 * The part of core's `Atlas` (createAtlas) the orchestrator uses, structurally, so any Atlas
 * instance fits. Calls go through it rather than to the provider directly: core validates every
 * request and turns whatever a provider throws into an AtlasError.
 */
export interface AtlasLike {
  provider(name?: string): Provider;
  spawnCompute(request: ComputeRequestInput & Routed, options?: CallContext & Routed): Promise<Compute>;
  getCompute(id: string, options?: CallContext & Routed): Promise<Compute>;
  listCompute(filter?: ComputeFilter & Routed, options?: CallContext & Routed): Promise<Compute[]>;
  terminate(id: string, options?: CallContext & Routed): Promise<void>;
}

/** The four calls the orchestrator makes, bound to one provider and one call context. */
export interface ComputeBackend {
  readonly providerId: string;
  spawn(request: ComputeRequestInput, ctx: CallContext): Promise<Compute>;
  get(id: string, ctx?: CallContext): Promise<Compute>;
  list(filter: ComputeFilter): Promise<Compute[]>;
  terminate(id: string): Promise<void>;
}

export interface BackendOptions {
  readonly atlas?: AtlasLike;
  readonly provider?: Provider | string;
  readonly context?: CallContext;
}

export function createBackend(options: BackendOptions): ComputeBackend {
  const { atlas, provider, context = {} } = options;
  if (atlas === undefined && (provider === undefined || typeof provider === 'string')) {
    throw new AtlasError({
      kind: 'validation',
      message: 'createOrchestrator needs { atlas } or { provider } (a provider instance)',
      issues: [{ path: 'provider', message: 'pass a provider instance, or an atlas and optionally a provider name' }],
    });
  }
  const target: AtlasLike = atlas ?? createAtlas({ providers: { [(provider as Provider).id]: provider as Provider } });
  // With an atlas, `provider` (a registered name or an instance) picks one; without it, the default.
  const route: Routed = provider === undefined ? {} : { provider };
  const providerId = (typeof provider === 'object' ? provider : target.provider(provider)).id;
  const withContext = (extra?: CallContext): CallContext & Routed => ({ ...context, ...extra, ...route });

  return {
    providerId,
    spawn: (request, ctx) => guard(providerId, () => target.spawnCompute({ ...request, ...route }, withContext(ctx))),
    get: (id, ctx) => guard(providerId, () => target.getCompute(id, withContext(ctx))),
    list: (filter) => guard(providerId, () => target.listCompute({ ...filter, ...route }, withContext())),
    terminate: (id) => guard(providerId, () => target.terminate(id, withContext())),
  };
}

/** Core already normalizes errors; this also covers a hand-written AtlasLike that does not. */
async function guard<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAtlasError(error, provider);
  }
}
