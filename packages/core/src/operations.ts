import * as v from 'valibot';
import { registerSecretEnv } from './errors/redact.js';
import { guardCall } from './errors/to-atlas-error.js';
import type { CallContext, LogOptions, Provider } from './provider.js';
import { guardStream, requireOptionalMethod } from './provider-guard.js';
import { objectMessage } from './specs/common.js';
import { type Compute, type ComputeFilter, ComputeFilterSchema } from './specs/compute.js';
import type { GpuType } from './specs/gpu-type.js';
import type { Job, JobChunk } from './specs/job.js';
import { parseComputeRequest, parseJobRef, parseJobRequest, parseWith } from './specs/parse.js';

/**
 * The single path from a public entry point (createAtlas or a top-level function) to a provider:
 * validate the input first (bad input never reaches the provider), check the capability, call,
 * and turn anything that is not an AtlasError into one.
 */

const IdSchema = v.object(
  { id: v.pipe(v.string('must be a string'), v.trim(), v.nonEmpty('must not be empty')) },
  objectMessage,
);

function parseId(id: unknown, provider: Provider): string {
  return parseWith(IdSchema, { id }, 'compute id', provider.id).id;
}

export async function spawnComputeOn(provider: Provider, input: unknown, ctx: CallContext): Promise<Compute> {
  const request = parseComputeRequest(input, provider.id);
  registerSecretEnv(request.env);
  return guardCall(provider.id, 'spawnCompute', () => provider.spawnCompute(request, ctx));
}

export async function getComputeOn(provider: Provider, id: unknown, ctx: CallContext): Promise<Compute> {
  const computeId = parseId(id, provider);
  return guardCall(provider.id, 'getCompute', () => provider.getCompute(computeId, ctx));
}

export async function listComputeOn(provider: Provider, input: unknown, ctx: CallContext): Promise<Compute[]> {
  const filter: ComputeFilter = parseWith(ComputeFilterSchema, input ?? {}, 'compute filter', provider.id);
  return guardCall(provider.id, 'listCompute', () => provider.listCompute(filter, ctx));
}

export type LifecycleOperation = 'stop' | 'start' | 'terminate';

/** stop and start are always called through: the provider's own `unsupported` says why best. */
export async function lifecycleOn(
  provider: Provider,
  operation: LifecycleOperation,
  id: unknown,
  ctx: CallContext,
): Promise<void> {
  const computeId = parseId(id, provider);
  await guardCall(provider.id, operation, () => provider[operation](computeId, ctx));
}

export async function runJobOn(provider: Provider, input: unknown, ctx: CallContext): Promise<Job> {
  const request = parseJobRequest(input, provider.id);
  const runJob = requireOptionalMethod(provider, 'runJob');
  return guardCall(provider.id, 'runJob', () => runJob(request, ctx));
}

export async function getJobOn(provider: Provider, input: unknown, ctx: CallContext): Promise<Job> {
  const ref = parseJobRef(input, provider.id);
  const getJob = requireOptionalMethod(provider, 'getJob');
  return guardCall(provider.id, 'getJob', () => getJob(ref, ctx));
}

export async function cancelJobOn(provider: Provider, input: unknown, ctx: CallContext): Promise<void> {
  const ref = parseJobRef(input, provider.id);
  const cancelJob = requireOptionalMethod(provider, 'cancelJob');
  await guardCall(provider.id, 'cancelJob', () => cancelJob(ref, ctx));
}

/** Lazy like every AsyncIterable: validation and capability errors reject the first `next()`. */
export async function* streamJobOn(provider: Provider, input: unknown, ctx: CallContext): AsyncGenerator<JobChunk> {
  const ref = parseJobRef(input, provider.id);
  const streamJob = requireOptionalMethod(provider, 'streamJob');
  yield* guardStream(provider, 'streamJob', () => streamJob(ref, ctx));
}

export async function listGpuTypesOn(provider: Provider, ctx: CallContext): Promise<GpuType[]> {
  const listGpuTypes = requireOptionalMethod(provider, 'listGpuTypes');
  return guardCall(provider.id, 'listGpuTypes', () => listGpuTypes(ctx));
}

/** Lazy like streamJobOn: a bad id or a missing capability rejects the first `next()`. */
export async function* logsOn(
  provider: Provider,
  computeId: unknown,
  options: LogOptions,
  ctx: CallContext,
): AsyncGenerator<string> {
  const id = parseId(computeId, provider);
  const logs = requireOptionalMethod(provider, 'logs');
  yield* guardStream(provider, 'logs', () => logs(id, options, ctx));
}
