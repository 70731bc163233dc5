import { ensureBoundary } from './provider/ensure-boundary.js';
import type { CallContext, LogOptions, Provider } from './provider.js';
import { requireOptionalMethod } from './provider-guard.js';
import type { Compute } from './specs/compute.js';
import type { CpuType } from './specs/cpu-type.js';
import type { GpuType } from './specs/gpu-type.js';
import type { Job, JobChunk, JobRef, JobRequest } from './specs/job.js';

/**
 * The single path from a public entry point (createAtlas or a top-level function) to a provider:
 * through the provider's boundary (see provider/boundary.ts), which validates, registers secrets,
 * links signals and converts errors exactly as a direct call on a defineProvider provider does.
 * Input arrives unvalidated (`unknown`): the boundary parses it.
 */

export async function spawnComputeOn(provider: Provider, input: unknown, ctx: CallContext): Promise<Compute> {
  return ensureBoundary(provider).spawnCompute(input as never, ctx);
}

export async function getComputeOn(provider: Provider, id: unknown, ctx: CallContext): Promise<Compute> {
  return ensureBoundary(provider).getCompute(id as string, ctx);
}

export async function listComputeOn(provider: Provider, input: unknown, ctx: CallContext): Promise<Compute[]> {
  return ensureBoundary(provider).listCompute(input as never, ctx);
}

export type LifecycleOperation = 'stop' | 'start' | 'terminate';

export async function lifecycleOn(
  provider: Provider,
  operation: LifecycleOperation,
  id: unknown,
  ctx: CallContext,
): Promise<void> {
  await ensureBoundary(provider)[operation](id as string, ctx);
}

export async function runJobOn(provider: Provider, input: unknown, ctx: CallContext): Promise<Job> {
  return requireOptionalMethod(ensureBoundary(provider), 'runJob')(input as JobRequest, ctx);
}

export async function getJobOn(provider: Provider, input: unknown, ctx: CallContext): Promise<Job> {
  return requireOptionalMethod(ensureBoundary(provider), 'getJob')(input as JobRef, ctx);
}

export async function cancelJobOn(provider: Provider, input: unknown, ctx: CallContext): Promise<void> {
  await requireOptionalMethod(ensureBoundary(provider), 'cancelJob')(input as JobRef, ctx);
}

/** Lazy like every AsyncIterable: validation and capability errors reject the first `next()`. */
export async function* streamJobOn(provider: Provider, input: unknown, ctx: CallContext): AsyncGenerator<JobChunk> {
  yield* requireOptionalMethod(ensureBoundary(provider), 'streamJob')(input as JobRef, ctx);
}

export async function listGpuTypesOn(provider: Provider, ctx: CallContext): Promise<GpuType[]> {
  return requireOptionalMethod(ensureBoundary(provider), 'listGpuTypes')(ctx);
}

export async function listCpuTypesOn(provider: Provider, ctx: CallContext): Promise<CpuType[]> {
  return requireOptionalMethod(ensureBoundary(provider), 'listCpuTypes')(ctx);
}

/** Lazy like streamJobOn: a bad id or a missing capability rejects the first `next()`. */
export async function* logsOn(
  provider: Provider,
  computeId: unknown,
  options: LogOptions,
  ctx: CallContext,
): AsyncGenerator<string> {
  yield* requireOptionalMethod(ensureBoundary(provider), 'logs')(computeId as string, options, ctx);
}
