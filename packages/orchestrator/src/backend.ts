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
import type { Logger } from './options.js';

type Routed = { readonly provider?: string | Provider };

/**
 * The part of core's `Atlas` (createAtlas) the orchestrator uses, structurally, so any Atlas
 * instance fits. Calls go through it rather than to the provider directly: core validates every
 * request and turns whatever a provider throws into an AtlasError. `stop` and `start` are only
 * needed by the orchestrator's stop() and start().
 */
export interface AtlasLike {
  provider(name?: string): Provider;
  spawnCompute(request: ComputeRequestInput & Routed, options?: CallContext & Routed): Promise<Compute>;
  getCompute(id: string, options?: CallContext & Routed): Promise<Compute>;
  listCompute(filter?: ComputeFilter & Routed, options?: CallContext & Routed): Promise<Compute[]>;
  terminate(id: string, options?: CallContext & Routed): Promise<void>;
  stop?(id: string, options?: CallContext & Routed): Promise<void>;
  start?(id: string, options?: CallContext & Routed): Promise<void>;
}

/** The calls the orchestrator makes, bound to one provider and one call context. */
export interface ComputeBackend {
  readonly providerId: string;
  /** The provider instance, for placement (which rents through core's calls directly). */
  readonly provider: Provider;
  spawn(request: ComputeRequestInput, ctx: CallContext): Promise<Compute>;
  get(id: string, ctx?: CallContext): Promise<Compute>;
  list(filter: ComputeFilter): Promise<Compute[]>;
  terminate(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  start(id: string): Promise<void>;
}

/** One backend per provider the orchestrator works with, by provider id, in the order given. */
export interface Backends {
  /** The provider ids, in the order given (the first is where an unpinned, unplaced spawn goes). */
  readonly ids: readonly string[];
  readonly first: ComputeBackend;
  /** The backend of a configured provider, or undefined. */
  get(providerId: string): ComputeBackend | undefined;
  /** Says once per provider id that sessions on it are left alone (it is not configured here). */
  ignore(providerId: string): void;
}

export interface BackendOptions {
  readonly atlas?: AtlasLike;
  readonly provider?: Provider | string;
  readonly providers?: readonly (Provider | string)[];
  readonly context?: CallContext;
}

export function createBackends(options: BackendOptions, logger: Logger): Backends {
  const { atlas, provider, providers } = options;
  if (provider !== undefined && providers !== undefined) {
    throw invalid('provider', 'pass either provider (one) or providers (several), not both');
  }
  const entries: readonly (Provider | string | undefined)[] = providers ?? [provider];
  if (entries.length === 0) throw invalid('providers', 'name at least one provider');
  if (atlas === undefined && entries.some((entry) => entry === undefined || typeof entry === 'string')) {
    throw invalid('provider', 'pass provider instances, or an atlas and optionally provider names');
  }
  const instances = entries.filter((entry): entry is Provider => typeof entry === 'object');
  const target: AtlasLike = atlas ?? createAtlas({ providers: Object.fromEntries(instances.map((p) => [p.id, p])) });
  const byId = new Map<string, ComputeBackend>();
  for (const entry of entries) {
    const backend = createBackend(target, entry, options.context ?? {});
    if (byId.has(backend.providerId)) {
      throw invalid('providers', `two providers have the id ${backend.providerId}: sessions record the id`);
    }
    byId.set(backend.providerId, backend);
  }
  const ignored = new Set<string>();
  return {
    ids: [...byId.keys()],
    first: byId.values().next().value!,
    get: (providerId) => byId.get(providerId),
    ignore(providerId) {
      if (ignored.has(providerId)) return;
      ignored.add(providerId);
      logger.warn?.('orchestrator: sessions on a provider not configured here are left alone', {
        provider: providerId,
      });
    },
  };
}

/** With an atlas, `provider` (a registered name or an instance) picks one; without it, the default. */
function createBackend(target: AtlasLike, provider: Provider | string | undefined, context: CallContext) {
  const route: Routed = provider === undefined ? {} : { provider };
  const instance = typeof provider === 'object' ? provider : target.provider(provider);
  const providerId = instance.id;
  const withContext = (extra?: CallContext): CallContext & Routed => ({ ...context, ...extra, ...route });
  const lifecycle = (operation: 'stop' | 'start', id: string) => {
    const call = target[operation];
    if (call === undefined) {
      throw new AtlasError({
        kind: 'unsupported',
        provider: providerId,
        message: `The atlas given to the orchestrator has no ${operation}()`,
      });
    }
    return call.call(target, id, withContext());
  };

  return {
    providerId,
    provider: instance,
    spawn: (request, ctx) => guard(providerId, () => target.spawnCompute({ ...request, ...route }, withContext(ctx))),
    get: (id, ctx) => guard(providerId, () => target.getCompute(id, withContext(ctx))),
    list: (filter) => guard(providerId, () => target.listCompute({ ...filter, ...route }, withContext())),
    terminate: (id) => guard(providerId, () => target.terminate(id, withContext())),
    stop: (id) => guard(providerId, async () => lifecycle('stop', id)),
    start: (id) => guard(providerId, async () => lifecycle('start', id)),
  } satisfies ComputeBackend;
}

function invalid(path: string, message: string): AtlasError {
  return new AtlasError({
    kind: 'validation',
    message: `createOrchestrator needs { atlas } or { provider } (a provider instance): ${message}`,
    issues: [{ path, message }],
  });
}

/** Core already normalizes errors; this also covers a hand-written AtlasLike that does not. */
async function guard<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAtlasError(error, provider);
  }
}
