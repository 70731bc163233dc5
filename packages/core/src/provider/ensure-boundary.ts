import { AtlasError } from '../errors/atlas-error.js';
import { CAPABILITY_METHODS, type Provider } from '../provider.js';
import { type BoundaryTarget, createBoundary, hasBoundary, type ProviderOperations } from './boundary.js';

/** One boundary per plain provider object, made on its first call through Atlas. */
const wrapped = new WeakMap<Provider, Provider>();

/**
 * The provider behind the boundary. One made by defineProvider already is; a plain object (a
 * community provider that satisfies the interface structurally) is wrapped once, so a call through
 * createAtlas or a top-level function gets the same checks either way.
 */
export function ensureBoundary(provider: Provider): Provider {
  if (hasBoundary(provider)) return provider;
  let guarded = wrapped.get(provider);
  if (guarded === undefined) {
    guarded = createBoundary(targetOf(provider));
    wrapped.set(provider, guarded);
  }
  return guarded;
}

/**
 * A plain provider's methods as boundary operations. Its optional methods count only when their
 * capability is declared; a declared capability without its method rejects `unsupported` when
 * called, as it always has, rather than refusing the whole provider.
 */
function targetOf(provider: Provider): BoundaryTarget {
  const operations: Partial<ProviderOperations> = {
    spawnCompute: (request, ctx) => provider.spawnCompute(request, ctx),
    getCompute: (id, ctx) => provider.getCompute(id, ctx),
    listCompute: (filter, ctx) => provider.listCompute(filter, ctx),
    stop: (id, ctx) => provider.stop(id, ctx),
    start: (id, ctx) => provider.start(id, ctx),
    terminate: (id, ctx) => provider.terminate(id, ctx),
  };
  const capabilities = provider.capabilities.filter((capability) => {
    const methods: readonly string[] = CAPABILITY_METHODS[capability as keyof typeof CAPABILITY_METHODS] ?? [];
    return methods.length === 0 || methods.every((method) => typeof provider[method as keyof Provider] === 'function');
  });
  for (const [capability, methods] of Object.entries(CAPABILITY_METHODS)) {
    if (!provider.capabilities.includes(capability as Provider['capabilities'][number])) continue;
    for (const method of methods) {
      const implementation = provider[method] as ((...args: unknown[]) => unknown) | undefined;
      Object.assign(operations, {
        [method]:
          typeof implementation === 'function' && capabilities.includes(capability as Provider['capabilities'][number])
            ? (...args: unknown[]) => implementation.apply(provider, args)
            : missing(provider, capability, method),
      });
    }
  }
  return {
    id: provider.id,
    capabilities: provider.capabilities,
    ...(provider.gpuMap === undefined ? {} : { gpuMap: provider.gpuMap }),
    operations,
  };
}

function missing(provider: Provider, capability: string, method: string) {
  const error = () =>
    new AtlasError({
      kind: 'unsupported',
      provider: provider.id,
      message: `${provider.id} cannot ${method}: it declares '${capability}' but has no ${method}() method.`,
    });
  return method === 'streamJob' || method === 'logs'
    ? () => ({
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.reject(error()),
        }),
      })
    : () => Promise.reject(error());
}
