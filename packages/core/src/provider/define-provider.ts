import type { Capability } from '../capabilities.js';
import type { GpuMap } from '../catalog/gpu-map.js';
import { registerSecret } from '../errors/redact.js';
import { guardCall, toAtlasError } from '../errors/to-atlas-error.js';
import type { HttpHooks, RetryOptions } from '../http/events.js';
import type { CallContext, LogOptions } from '../provider.js';
import type { Compute, ComputeFilter, ComputeRequest, ComputeRequestInput } from '../specs/compute.js';
import type { CpuType } from '../specs/cpu-type.js';
import type { GpuType } from '../specs/gpu-type.js';
import type { Job, JobChunk, JobRef, JobRequestInput } from '../specs/job.js';
import { type BoundaryTarget, createBoundary, type ProviderOperations } from './boundary.js';
import { guardStream } from './guard-stream.js';

/** What every provider factory accepts: defaults under each call's own CallContext. */
export interface ProviderSettings {
  /** Wins over the provider's environment variable; a per-call `apiKey` wins over it. */
  readonly apiKey?: string;
  /** The cloud's API (a fake on loopback, a proxy). */
  readonly baseUrl?: string;
  /** Named base URLs for providers with several APIs, e.g. `{ runtime: 'http://127.0.0.1:9000' }`. */
  readonly baseUrls?: Readonly<Record<string, string>>;
  readonly fetch?: typeof globalThis.fetch;
  /** Time limit for each HTTP attempt (default 30 s). */
  readonly timeoutMs?: number;
  readonly hooks?: HttpHooks;
  readonly retry?: RetryOptions;
}

/** Handed to `extras`: the provider's id and the context an extra call runs with. */
export interface ProviderKit {
  readonly id: string;
  /** The call's context over the provider's settings, its API key registered for redaction. */
  context(ctx?: CallContext): CallContext;
}

export interface ProviderDefinition<
  Id extends string,
  Caps extends readonly Capability[],
  Ops extends ProviderOperations,
  Extras extends object,
  Map extends GpuMap | undefined,
> {
  readonly id: Id;
  /** Honest: exactly what `operations` implement (checked when the provider is created). */
  readonly capabilities: Caps;
  /** Canonical GPU id -> native id(s). With it, an unknown GPU fails before any request. */
  readonly gpuMap?: Map;
  readonly settings?: ProviderSettings;
  /** Why stop or start are unsupported, when the cloud has no such thing and the operation is left out. */
  readonly unsupported?: Partial<Record<'stop' | 'start', string>>;
  /** Checks on a validated request that only this provider can make; throw AtlasError `validation`. */
  readonly checkRequest?: (request: ComputeRequest) => void;
  readonly operations: Ops;
  /**
   * The provider's own calls beyond the contract. Every function in it (one level of namespaces deep)
   * is guarded: an async one rejects only with AtlasError, a synchronous one throws only AtlasError.
   */
  readonly extras?: (kit: ProviderKit) => Extras;
}

/** The public form of each operation: input as callers write it, the context optional. */
interface PublicOperations {
  spawnCompute(request: ComputeRequestInput, ctx?: CallContext): Promise<Compute>;
  getCompute(id: string, ctx?: CallContext): Promise<Compute>;
  listCompute(filter?: ComputeFilter, ctx?: CallContext): Promise<Compute[]>;
  stop(id: string, ctx?: CallContext): Promise<void>;
  start(id: string, ctx?: CallContext): Promise<void>;
  terminate(id: string, ctx?: CallContext): Promise<void>;
  runJob(request: JobRequestInput, ctx?: CallContext): Promise<Job>;
  getJob(ref: JobRef, ctx?: CallContext): Promise<Job>;
  cancelJob(ref: JobRef, ctx?: CallContext): Promise<void>;
  streamJob(ref: JobRef, ctx?: CallContext): AsyncIterable<JobChunk>;
  listGpuTypes(ctx?: CallContext): Promise<GpuType[]>;
  listCpuTypes(ctx?: CallContext): Promise<CpuType[]>;
  logs(id: string, options?: LogOptions, ctx?: CallContext): AsyncIterable<string>;
}

type RequiredMethod = 'spawnCompute' | 'getCompute' | 'listCompute' | 'stop' | 'start' | 'terminate';
type OptionalMethod = Exclude<keyof PublicOperations, RequiredMethod>;

/** A provider made by defineProvider: the contract's methods (the optional ones it implements) plus its extras. */
export type DefinedProvider<
  Id extends string,
  Caps extends readonly Capability[],
  Ops extends ProviderOperations,
  Extras extends object,
  Map extends GpuMap | undefined = undefined,
> = {
  readonly id: Id;
  readonly capabilities: Caps;
} & (Map extends GpuMap ? { readonly gpuMap: Map } : { readonly gpuMap?: GpuMap }) &
  Pick<PublicOperations, RequiredMethod | Extract<keyof Ops, OptionalMethod>> &
  Extras;

/**
 * Turns a provider author's plain operations into a Provider whose every method runs through one
 * boundary (see boundary.ts): validation before any request, secrets registered, capabilities
 * checked, signals linked, every error an AtlasError naming the provider. A direct call is exactly
 * as safe as a call through createAtlas. Nothing of this is written again in a provider package.
 *
 * @example
 * export const createAcme = (settings: ProviderSettings = {}) =>
 *   defineProvider({
 *     id: 'acme',
 *     capabilities: ['gpu_catalog'],
 *     gpuMap: ACME_GPU_MAP,
 *     settings,
 *     unsupported: { stop: 'Acme machines cannot be stopped', start: 'Acme machines cannot be stopped' },
 *     operations: { spawnCompute, getCompute, listCompute, terminate, listGpuTypes },
 *   });
 */
export function defineProvider<
  const Id extends string,
  const Caps extends readonly Capability[],
  Ops extends ProviderOperations,
  Extras extends object = Record<never, never>,
  Map extends GpuMap | undefined = undefined,
>(definition: ProviderDefinition<Id, Caps, Ops, Extras, Map>): DefinedProvider<Id, Caps, Ops, Extras, Map> {
  const defaults = contextOf(definition.settings ?? {});
  const target: BoundaryTarget = {
    id: definition.id,
    capabilities: definition.capabilities,
    defaults,
    operations: definition.operations,
    ...(definition.gpuMap === undefined ? {} : { gpuMap: definition.gpuMap }),
    ...(definition.unsupported === undefined ? {} : { unsupported: definition.unsupported }),
    ...(definition.checkRequest === undefined ? {} : { checkRequest: definition.checkRequest }),
  };
  const core = createBoundary(target);
  if (definition.extras === undefined) return core as unknown as DefinedProvider<Id, Caps, Ops, Extras, Map>;
  const kit: ProviderKit = {
    id: definition.id,
    context: (ctx) => {
      const merged = { ...defaults, ...definedFields(ctx) };
      registerSecret(merged.apiKey);
      return merged;
    },
  };
  const extras = guardExtras(definition.id, definition.extras(kit), '');
  // The boundary's object is branded: copy its properties, the brand included.
  return Object.defineProperties({ ...extras }, Object.getOwnPropertyDescriptors(core)) as unknown as DefinedProvider<
    Id,
    Caps,
    Ops,
    Extras,
    Map
  >;
}

function contextOf(settings: ProviderSettings): CallContext {
  return definedFields(settings as CallContext);
}

function definedFields(ctx: CallContext | undefined): CallContext {
  if (ctx === undefined) return {};
  return Object.fromEntries(Object.entries(ctx).filter(([, value]) => value !== undefined)) as CallContext;
}

/**
 * Wraps every function of the extras (and of one level of namespaces, `provider.templates.list`)
 * so that it rejects only with AtlasError: a promise through guardCall, an async iterable through
 * guardStream. Other values pass through.
 */
function guardExtras<T extends object>(provider: string, extras: T, prefix: string): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(extras)) {
    const operation = `${prefix}${name}`;
    if (typeof value === 'function') {
      out[name] = (...args: unknown[]) => guardResult(provider, operation, () => value.apply(extras, args));
    } else if (prefix === '' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[name] = guardExtras(provider, value, `${operation}.`);
    } else {
      out[name] = value;
    }
  }
  return out as T;
}

/**
 * What a wrapped extra returns: a promise or an async iterable, guarded; a plain value as it is (a
 * synchronous test control such as `reset()` stays synchronous, and what it throws is converted
 * and thrown at once).
 */
function guardResult(provider: string, operation: string, run: () => unknown): unknown {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    throw toAtlasError(error, provider, operation);
  }
  if (isThenable(result)) return guardCall(provider, operation, () => result);
  if (isAsyncIterable(result)) return guardStream(provider, operation, () => result as AsyncIterable<unknown>);
  return result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && Symbol.asyncIterator in value;
}
