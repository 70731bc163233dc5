import { mergeContexts, splitCallOptions } from './call-options.js';
import { AtlasError } from './errors/atlas-error.js';
import {
  cancelJobOn,
  getComputeOn,
  getJobOn,
  lifecycleOn,
  listComputeOn,
  listCpuTypesOn,
  listGpuTypesOn,
  logsOn,
  runJobOn,
  spawnComputeOn,
  streamJobOn,
} from './operations.js';
import type { CallContext, LogOptions, Provider } from './provider.js';
import { assertProvider } from './provider-guard.js';
import type { Compute, ComputeFilter, ComputeRequestInput } from './specs/compute.js';
import type { CpuType } from './specs/cpu-type.js';
import type { GpuType } from './specs/gpu-type.js';
import type { Job, JobChunk, JobRef, JobRequestInput } from './specs/job.js';

/** Per-call options: the CallContext fields plus which provider to use (a registered name or an instance). */
export interface CallOptions<Name extends string = string> extends CallContext {
  readonly provider?: Name | Provider;
}

export interface AtlasOptions<
  Providers extends Readonly<Record<string, Provider>> = Readonly<Record<string, Provider>>,
> {
  readonly providers: Providers;
  /** Used when a call names no provider. Optional when exactly one provider is configured. */
  readonly defaultProvider?: keyof Providers & string;
  /** Defaults under every call's own options (hooks, timeouts, fetch); the call's fields win. */
  readonly context?: CallContext;
}

/**
 * One entry point over several providers. Methods that take an object (spawnCompute, listCompute,
 * runJob) accept call options in it; every method also takes them as its last argument. Every
 * method validates first and rejects only with AtlasError.
 */
export interface Atlas<Name extends string = string> {
  /** The configured provider names. */
  readonly providers: readonly Name[];
  /** A configured provider by name, or the default one. Throws AtlasError `validation` for an unknown name. */
  provider(name?: Name): Provider;
  spawnCompute(request: ComputeRequestInput & CallOptions<Name>, options?: CallOptions<Name>): Promise<Compute>;
  getCompute(id: string, options?: CallOptions<Name>): Promise<Compute>;
  listCompute(filter?: ComputeFilter & CallOptions<Name>, options?: CallOptions<Name>): Promise<Compute[]>;
  stop(id: string, options?: CallOptions<Name>): Promise<void>;
  start(id: string, options?: CallOptions<Name>): Promise<void>;
  terminate(id: string, options?: CallOptions<Name>): Promise<void>;
  /** In a job request `timeoutMs` is the job's own limit; pass the HTTP timeout in `options`. */
  runJob(request: JobRequestInput & CallOptions<Name>, options?: CallOptions<Name>): Promise<Job>;
  getJob(ref: JobRef, options?: CallOptions<Name>): Promise<Job>;
  cancelJob(ref: JobRef, options?: CallOptions<Name>): Promise<void>;
  /** Lazy: a bad ref or a missing capability rejects the first `next()`. */
  streamJob(ref: JobRef, options?: CallOptions<Name>): AsyncIterable<JobChunk>;
  listGpuTypes(options?: CallOptions<Name>): Promise<GpuType[]>;
  /** CPU machine flavors with prices (providers with the `cpu` capability). */
  listCpuTypes(options?: CallOptions<Name>): Promise<CpuType[]>;
  /** A machine's log lines (providers with the `logs` capability). Lazy, like streamJob. */
  logs(id: string, logOptions?: LogOptions, options?: CallOptions<Name>): AsyncIterable<string>;
}

/**
 * Routes each call to a provider chosen per call (`provider: 'mock'` or an instance), falling back
 * to `defaultProvider`. Configuration mistakes (no providers, a default that is not configured, a
 * value that is not a provider) throw AtlasError `validation` here, at creation.
 */
export function createAtlas<const Providers extends Readonly<Record<string, Provider>>>(
  options: AtlasOptions<Providers>,
): Atlas<keyof Providers & string> {
  type Name = keyof Providers & string;
  if (typeof options?.providers !== 'object' || options.providers === null) {
    throw configError('createAtlas needs { providers: { name: provider, ... } }.', 'providers');
  }
  const registry = new Map<string, Provider>(Object.entries(options.providers));
  const names = [...registry.keys()] as Name[];
  for (const [name, provider] of registry) assertProvider(provider, `providers.${name}`);
  if (registry.size === 0) {
    throw configError('createAtlas needs at least one provider in { providers }.', 'providers');
  }
  const defaultName = options.defaultProvider ?? (registry.size === 1 ? names[0] : undefined);
  if (defaultName !== undefined && !registry.has(defaultName)) {
    throw configError(
      `defaultProvider '${defaultName}' is not configured. Configured providers: ${names.join(', ')}.`,
      'defaultProvider',
    );
  }

  function resolve(choice: unknown): Provider {
    if (choice !== undefined && typeof choice !== 'string') {
      assertProvider(choice, 'provider');
      return choice;
    }
    const name = choice ?? defaultName;
    if (name === undefined) {
      throw configError(
        `No provider chosen: pass { provider } on the call or set defaultProvider. Configured providers: ${names.join(', ')}.`,
        'provider',
      );
    }
    const provider = registry.get(name);
    if (provider === undefined) {
      throw configError(`Unknown provider '${name}'. Configured providers: ${names.join(', ')}.`, 'provider');
    }
    return provider;
  }

  /** The provider and merged context for a call: atlas defaults < options in the request < last argument. */
  function route(split: { context: CallContext; provider: unknown }, last: CallOptions<Name> | undefined) {
    const provider = resolve(last?.provider ?? split.provider);
    return { provider, ctx: mergeContexts(options.context, split.context, last) };
  }

  const plain = (last: CallOptions<Name> | undefined) => route({ context: {}, provider: undefined }, last);

  return {
    providers: names,
    provider: (name) => resolve(name),
    async spawnCompute(request, last) {
      const split = splitCallOptions(request);
      const { provider, ctx } = route(split, last);
      return spawnComputeOn(provider, split.request, ctx);
    },
    async getCompute(id, last) {
      const { provider, ctx } = plain(last);
      return getComputeOn(provider, id, ctx);
    },
    async listCompute(filter, last) {
      const split = splitCallOptions(filter ?? {});
      const { provider, ctx } = route(split, last);
      return listComputeOn(provider, split.request, ctx);
    },
    async stop(id, last) {
      const { provider, ctx } = plain(last);
      return lifecycleOn(provider, 'stop', id, ctx);
    },
    async start(id, last) {
      const { provider, ctx } = plain(last);
      return lifecycleOn(provider, 'start', id, ctx);
    },
    async terminate(id, last) {
      const { provider, ctx } = plain(last);
      return lifecycleOn(provider, 'terminate', id, ctx);
    },
    async runJob(request, last) {
      const split = splitCallOptions(request, ['timeoutMs']);
      const { provider, ctx } = route(split, last);
      return runJobOn(provider, split.request, ctx);
    },
    async getJob(ref, last) {
      const { provider, ctx } = plain(last);
      return getJobOn(provider, ref, ctx);
    },
    async cancelJob(ref, last) {
      const { provider, ctx } = plain(last);
      return cancelJobOn(provider, ref, ctx);
    },
    async *streamJob(ref, last) {
      const { provider, ctx } = plain(last);
      yield* streamJobOn(provider, ref, ctx);
    },
    async listGpuTypes(last) {
      const { provider, ctx } = plain(last);
      return listGpuTypesOn(provider, ctx);
    },
    async listCpuTypes(last) {
      const { provider, ctx } = plain(last);
      return listCpuTypesOn(provider, ctx);
    },
    async *logs(id, logOptions, last) {
      const { provider, ctx } = plain(last);
      yield* logsOn(provider, id, logOptions ?? {}, ctx);
    },
  };
}

function configError(message: string, path: string): AtlasError {
  return new AtlasError({ kind: 'validation', message, issues: [{ path, message }] });
}
