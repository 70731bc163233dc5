import { type Capability, isCapability } from '../capabilities.js';
import { toNativeGpu } from '../catalog/gpu-map.js';
import { AtlasError } from '../errors/atlas-error.js';
import { computeSecrets } from '../errors/compute-secrets.js';
import { holdSecrets, registerSecret } from '../errors/redact.js';
import { guardCall } from '../errors/to-atlas-error.js';
import { CAPABILITY_METHODS, type CallContext, type LogOptions, type Provider } from '../provider.js';
import { type Compute, type ComputeFilter, ComputeFilterSchema, type ComputeRequest } from '../specs/compute.js';
import type { CpuType } from '../specs/cpu-type.js';
import type { GpuType } from '../specs/gpu-type.js';
import type { Job, JobChunk, JobRef, JobRequest } from '../specs/job.js';
import { parseComputeRequest, parseJobRef, parseJobRequest, parseWith } from '../specs/parse.js';
import { idProblem } from '../specs/resource-id.js';
import { openCallScope, signalsOf, withSignals } from './call-scope.js';
import { guardStream } from './guard-stream.js';
import { traceCall } from './trace-call.js';

/**
 * What a provider implements: plain operations on validated input. Each receives one CallContext
 * whose `signal` is real (every signal of the call, linked) and whose other fields already hold the
 * provider's settings under the call's own.
 */
export interface ProviderOperations {
  spawnCompute(request: ComputeRequest, ctx: CallContext): Promise<Compute>;
  getCompute(id: string, ctx: CallContext): Promise<Compute>;
  listCompute(filter: ComputeFilter, ctx: CallContext): Promise<Compute[]>;
  /** Leave out when the cloud cannot stop a machine: the boundary rejects `unsupported`. */
  stop?(id: string, ctx: CallContext): Promise<void>;
  start?(id: string, ctx: CallContext): Promise<void>;
  terminate(id: string, ctx: CallContext): Promise<void>;
  runJob?(request: JobRequest, ctx: CallContext): Promise<Job>;
  getJob?(ref: JobRef, ctx: CallContext): Promise<Job>;
  cancelJob?(ref: JobRef, ctx: CallContext): Promise<void>;
  streamJob?(ref: JobRef, ctx: CallContext): AsyncIterable<JobChunk>;
  listGpuTypes?(ctx: CallContext): Promise<GpuType[]>;
  listCpuTypes?(ctx: CallContext): Promise<CpuType[]>;
  logs?(id: string, options: LogOptions, ctx: CallContext): AsyncIterable<string>;
}

/** Everything the boundary needs to know about the provider it guards. */
export interface BoundaryTarget {
  readonly id: string;
  readonly capabilities: readonly Capability[];
  readonly gpuMap?: Provider['gpuMap'];
  /** Defaults under every call's context (the provider's factory settings). */
  readonly defaults?: CallContext;
  /** Why stop or start are unsupported, when the operation is left out. */
  readonly unsupported?: Partial<Record<'stop' | 'start', string>>;
  /** Checks on a parsed request that only this provider can make (owned providerOptions, ...). */
  readonly checkRequest?: (request: ComputeRequest) => void;
  readonly operations: Partial<ProviderOperations>;
}

type OptionalMethod = keyof typeof OPTIONAL_METHOD_CAPABILITY;

const OPTIONAL_METHOD_CAPABILITY = Object.freeze(
  Object.fromEntries(
    Object.entries(CAPABILITY_METHODS).flatMap(([capability, methods]) =>
      methods.map((method) => [method, capability]),
    ),
  ) as Record<'runJob' | 'getJob' | 'cancelJob' | 'streamJob' | 'listGpuTypes' | 'listCpuTypes' | 'logs', Capability>,
);

const BOUNDARY = Symbol.for('atlas.core.provider-boundary');

/** True for a provider whose every method already runs through the boundary (defineProvider's). */
export function hasBoundary(provider: Provider): boolean {
  return (provider as { [BOUNDARY]?: unknown })[BOUNDARY] === true;
}

/**
 * The one path into a provider. For every method, direct or through createAtlas: arguments are
 * validated before any request (`validation` naming the argument, zero requests), an unknown GPU
 * fails naming the known ones, every secret of the call is registered for redaction, the capability
 * is checked, the call's signals are linked for this call only, and whatever the provider throws,
 * while a stream is iterated too, becomes an AtlasError naming the provider.
 */
export function createBoundary(target: BoundaryTarget): Provider {
  const { id, capabilities, gpuMap, operations: ops } = target;
  checkTarget(target);
  const defaults = target.defaults ?? {};
  registerSecret(defaults.apiKey);

  /** Runs one call in its scope: defaults under the call's context, signals linked, errors converted. */
  async function call<T>(
    operation: string,
    ctx: CallContext | undefined,
    run: (ctx: CallContext) => Promise<T>,
    secrets: readonly string[] = [],
  ) {
    const scope = openCallScope(withDefaults(defaults, ctx));
    // Held, not just registered: under load the registry may evict what nobody holds.
    const release = holdSecrets([scope.ctx.apiKey, ...secrets]);
    const end = traceCall(scope.ctx.hooks, id, operation);
    try {
      const result = await guardCall(id, operation, () => run(scope.ctx));
      end(undefined);
      return result;
    } catch (error) {
      end(error);
      throw error;
    } finally {
      release();
      scope.dispose();
    }
  }

  async function* stream<T>(
    operation: string,
    ctx: CallContext | undefined,
    open: (ctx: CallContext) => AsyncIterable<T>,
  ) {
    const scope = openCallScope(withDefaults(defaults, ctx));
    const release = holdSecrets([scope.ctx.apiKey]);
    const end = traceCall(scope.ctx.hooks, id, operation);
    let failure: unknown;
    try {
      yield* guardStream(id, operation, () => open(scope.ctx));
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      end(failure);
      release();
      scope.dispose();
    }
  }

  const computeId = (value: unknown): string => parseId(value, 'id', id);
  const knownGpu = (gpu: string | undefined): void => {
    if (gpu !== undefined && gpuMap !== undefined) toNativeGpu(gpuMap, gpu, id);
  };
  const unsupported = (operation: 'stop' | 'start'): AtlasError => {
    const reason = target.unsupported?.[operation] ?? `${id} does not implement ${operation}`;
    return new AtlasError({ kind: 'unsupported', provider: id, message: `${id} cannot ${operation}: ${reason}` });
  };

  const provider: Provider = {
    id,
    capabilities,
    ...(gpuMap === undefined ? {} : { gpuMap }),
    async spawnCompute(input, ctx) {
      const request = guardSync(id, 'spawnCompute', () => {
        const parsed = parseComputeRequest(input, id);
        knownGpu(parsed.gpu);
        target.checkRequest?.(parsed);
        return parsed;
      });
      const spawn = async (c: CallContext) => registerDeclared(await ops.spawnCompute!(request, c));
      return call('spawnCompute', ctx, spawn, requestSecrets(request));
    },
    async getCompute(computeIdInput, ctx) {
      const computeIdValue = computeId(computeIdInput);
      return call('getCompute', ctx, async (c) => registerDeclared(await ops.getCompute!(computeIdValue, c)));
    },
    async listCompute(input, ctx) {
      // valibot's object schemas accept arrays; a filter of `[]` is a caller's mistake.
      if (Array.isArray(input)) throw invalid(id, 'filter', 'must be an object, got an array');
      const filter = parseWith(ComputeFilterSchema, input ?? {}, 'compute filter', id);
      knownGpu(filter.gpu);
      return call('listCompute', ctx, (c) => ops.listCompute!(filter, c));
    },
    async stop(computeIdInput, ctx) {
      const computeIdValue = computeId(computeIdInput);
      if (ops.stop === undefined) throw unsupported('stop');
      return call('stop', ctx, (c) => ops.stop!(computeIdValue, c));
    },
    async start(computeIdInput, ctx) {
      const computeIdValue = computeId(computeIdInput);
      if (ops.start === undefined) throw unsupported('start');
      return call('start', ctx, (c) => ops.start!(computeIdValue, c));
    },
    async terminate(computeIdInput, ctx) {
      const computeIdValue = computeId(computeIdInput);
      return call('terminate', ctx, (c) => ops.terminate!(computeIdValue, c));
    },
  };
  const optional: Partial<Provider> = {
    async runJob(input, ctx) {
      const request = parseJobRequest(input, id);
      return call('runJob', ctx, (c) => ops.runJob!(request, c));
    },
    async getJob(input, ctx) {
      const ref = parseJobRef(input, id);
      return call('getJob', ctx, (c) => ops.getJob!(ref, c));
    },
    async cancelJob(input, ctx) {
      const ref = parseJobRef(input, id);
      return call('cancelJob', ctx, (c) => ops.cancelJob!(ref, c));
    },
    async *streamJob(input, ctx) {
      const ref = parseJobRef(input, id);
      yield* stream('streamJob', ctx, (c) => ops.streamJob!(ref, c));
    },
    async listGpuTypes(ctx) {
      return call('listGpuTypes', ctx, (c) => ops.listGpuTypes!(c));
    },
    async listCpuTypes(ctx) {
      return call('listCpuTypes', ctx, (c) => ops.listCpuTypes!(c));
    },
    async *logs(computeIdInput, options, ctx) {
      const computeIdValue = computeId(computeIdInput);
      const logOptions = parseLogOptions(options, id);
      yield* stream('logs', ctx, (c) => ops.logs!(computeIdValue, logOptions, c));
    },
  };
  for (const method of Object.keys(OPTIONAL_METHOD_CAPABILITY) as OptionalMethod[]) {
    if (ops[method] !== undefined) Object.assign(provider, { [method]: optional[method] });
  }
  Object.defineProperty(provider, BOUNDARY, { value: true });
  // Not frozen: tests spy on provider methods (vi.spyOn), which needs writable properties.
  return provider;
}

/** The call's context over the provider's defaults, field by field; the call wins, signals add up. */
function withDefaults(defaults: CallContext, ctx: CallContext | undefined): CallContext {
  if (ctx === undefined) return defaults;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(ctx)) if (value !== undefined && key !== 'signal') merged[key] = value;
  delete merged.signal;
  return withSignals(merged as CallContext, [...signalsOf(defaults), ...signalsOf(ctx)]);
}

/** A compute id as the URL path will carry it, or `validation` naming the argument. */
export function parseId(value: unknown, path: string, provider: string): string {
  // Surrounding blanks (an id pasted from a terminal) are dropped, as ResourceIdSchema does.
  const id = typeof value === 'string' ? value.trim() : undefined;
  const problem = id === undefined ? `must be a string, got ${describeType(value)}` : idProblem(id);
  if (problem === undefined && id !== undefined) return id;
  throw invalid(provider, path, problem ?? 'is not a valid id');
}

function invalid(provider: string, path: string, problem: string): AtlasError {
  return new AtlasError({
    kind: 'validation',
    provider,
    message: `Invalid ${path}: ${problem}`,
    issues: [{ path, message: problem }],
  });
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * The contract's log options checked (`follow` a boolean, `tail` a whole number of lines, at least
 * 0); a provider's own options (RunPod's `since`) pass through for it to check.
 */
function parseLogOptions(options: unknown, provider: string): LogOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalid(provider, 'options', 'must be an object');
  const { follow, tail } = options as { follow?: unknown; tail?: unknown };
  if (follow !== undefined && typeof follow !== 'boolean') throw invalid(provider, 'follow', 'must be a boolean');
  if (tail !== undefined && !(typeof tail === 'number' && Number.isInteger(tail) && tail >= 0)) {
    throw invalid(provider, 'tail', 'must be a whole number of lines, at least 0');
  }
  return options as LogOptions;
}

/**
 * Registers the secrets the provider declared for one machine it read (declareSecrets): an app that
 * reads a machine it did not spawn then sees them redacted, as the spawning process would. Read
 * inside the call, so a declaration that throws is the provider's error like any other. Not for
 * listCompute: registering every env value of thousands of machines would push out of the registry
 * the secrets that are only registered; a list's Computes carry theirs for a caller to hold.
 */
function registerDeclared(compute: Compute): Compute {
  for (const secret of computeSecrets(compute)) registerSecret(secret);
  return compute;
}

/**
 * Every env value the request carries, its own and the native one in providerOptions. Held for the
 * call (holding registers them), so an echo of one is redacted however busy the registry is; once
 * released they stay registered, evictable, like any other.
 */
function requestSecrets(request: ComputeRequest): string[] {
  const values = Object.values(request.env);
  const nativeEnv = request.providerOptions?.env;
  if (nativeEnv !== null && typeof nativeEnv === 'object' && !Array.isArray(nativeEnv)) {
    for (const value of Object.values(nativeEnv)) if (typeof value === 'string') values.push(value);
  }
  return values;
}

function guardSync<T>(provider: string, operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    // Validation errors are AtlasErrors already; a throwing checkRequest is the provider's bug.
    if (error instanceof AtlasError) throw error;
    throw new AtlasError({
      kind: 'unknown',
      provider,
      message: `${provider}.${operation}: request check failed`,
      cause: error,
    });
  }
}

/** A definition that cannot work is refused when the provider is created, not at its first call. */
function checkTarget(target: BoundaryTarget): void {
  const problems: string[] = [];
  if (typeof target.id !== 'string' || target.id.trim() === '') problems.push('id must be a non-empty string');
  const unknown = (target.capabilities ?? []).filter((capability) => !isCapability(capability));
  if (unknown.length > 0) problems.push(`unknown capabilities: ${unknown.join(', ')}`);
  for (const method of ['spawnCompute', 'getCompute', 'listCompute', 'terminate'] as const) {
    if (typeof target.operations[method] !== 'function') problems.push(`operations.${method} is missing`);
  }
  for (const [method, capability] of Object.entries(OPTIONAL_METHOD_CAPABILITY)) {
    const has = typeof target.operations[method as OptionalMethod] === 'function';
    const declared = target.capabilities.includes(capability);
    if (has && !declared) problems.push(`operations.${method} is given but '${capability}' is not declared`);
    if (!has && declared) problems.push(`'${capability}' is declared but operations.${method} is missing`);
  }
  if (target.capabilities.includes('stop_start') && (!target.operations.stop || !target.operations.start)) {
    problems.push("'stop_start' is declared but operations.stop or operations.start is missing");
  }
  if (problems.length === 0) return;
  throw new AtlasError({
    kind: 'validation',
    provider: typeof target.id === 'string' ? target.id : 'atlas',
    message: `Invalid provider definition: ${problems.join('; ')}.`,
    issues: problems.map((message) => ({ path: 'definition', message })),
  });
}
