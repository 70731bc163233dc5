import { mergeContexts, splitCallOptions } from './call-options.js';
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

/**
 * Functions that take a provider instance directly: no createAtlas, no registration, so a
 * community provider works the moment it is constructed. One rule for where the provider goes:
 * inside the object for the calls that take one (spawnCompute, listCompute, runJob), first
 * argument for the others. Call options (apiKey, signal, timeoutMs, ...) ride in the same object
 * or in a last `options` argument. Every function validates before it calls the provider and
 * rejects only with AtlasError.
 */

/** `provider` is an instance here; createAtlas's methods also take a registered name. */
export interface WithProvider {
  readonly provider: Provider;
}

function providerFrom(value: unknown): Provider {
  assertProvider(value, 'provider');
  return value;
}

export async function spawnCompute(
  request: ComputeRequestInput & CallContext & WithProvider,
  options?: CallContext,
): Promise<Compute> {
  const split = splitCallOptions(request);
  return spawnComputeOn(providerFrom(split.provider), split.request, mergeContexts(split.context, options));
}

export async function getCompute(provider: Provider, id: string, options?: CallContext): Promise<Compute> {
  return getComputeOn(providerFrom(provider), id, mergeContexts(options));
}

export async function listCompute(
  filter: ComputeFilter & CallContext & WithProvider,
  options?: CallContext,
): Promise<Compute[]> {
  const split = splitCallOptions(filter);
  return listComputeOn(providerFrom(split.provider), split.request, mergeContexts(split.context, options));
}

export async function stop(provider: Provider, id: string, options?: CallContext): Promise<void> {
  return lifecycleOn(providerFrom(provider), 'stop', id, mergeContexts(options));
}

export async function start(provider: Provider, id: string, options?: CallContext): Promise<void> {
  return lifecycleOn(providerFrom(provider), 'start', id, mergeContexts(options));
}

export async function terminate(provider: Provider, id: string, options?: CallContext): Promise<void> {
  return lifecycleOn(providerFrom(provider), 'terminate', id, mergeContexts(options));
}

/** In a job request `timeoutMs` is the job's own limit; pass the HTTP timeout in `options`. */
export async function runJob(
  request: JobRequestInput & CallContext & WithProvider,
  options?: CallContext,
): Promise<Job> {
  const split = splitCallOptions(request, ['timeoutMs']);
  return runJobOn(providerFrom(split.provider), split.request, mergeContexts(split.context, options));
}

export async function getJob(provider: Provider, ref: JobRef, options?: CallContext): Promise<Job> {
  return getJobOn(providerFrom(provider), ref, mergeContexts(options));
}

export async function cancelJob(provider: Provider, ref: JobRef, options?: CallContext): Promise<void> {
  return cancelJobOn(providerFrom(provider), ref, mergeContexts(options));
}

/** Lazy: nothing is validated or called until the first `next()`, which rejects on bad input. */
export async function* streamJob(provider: Provider, ref: JobRef, options?: CallContext): AsyncGenerator<JobChunk> {
  yield* streamJobOn(providerFrom(provider), ref, mergeContexts(options));
}

export async function listGpuTypes(provider: Provider, options?: CallContext): Promise<GpuType[]> {
  return listGpuTypesOn(providerFrom(provider), mergeContexts(options));
}

/** CPU machine flavors with prices (providers with the `cpu` capability). */
export async function listCpuTypes(provider: Provider, options?: CallContext): Promise<CpuType[]> {
  return listCpuTypesOn(providerFrom(provider), mergeContexts(options));
}

/** A machine's log lines (providers with the `logs` capability). Lazy, like streamJob. */
export async function* logs(
  provider: Provider,
  id: string,
  logOptions?: LogOptions,
  options?: CallContext,
): AsyncGenerator<string> {
  yield* logsOn(providerFrom(provider), id, logOptions ?? {}, mergeContexts(options));
}
