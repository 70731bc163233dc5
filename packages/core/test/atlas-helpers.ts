import { vi } from 'vitest';
import {
  type AtlasError,
  type CallContext,
  type Capability,
  type Compute,
  type ComputeFilter,
  type ComputeRequest,
  isAtlasError,
  type Job,
  type JobRef,
  type JobRequest,
  type LogOptions,
  type Provider,
} from '../src/index.js';

/** The AtlasError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AtlasError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!isAtlasError(error)) throw new Error(`expected an AtlasError, got ${String(error)}`);
  return error;
}

/** A provider whose every method is a spy, so tests can prove that bad input never reached it. */
export function createSpyProvider(
  id = 'spy',
  capabilities: readonly Capability[] = ['serverless', 'gpu_catalog', 'stop_start'],
) {
  const compute = (overrides: Partial<Compute> = {}): Compute => ({
    id: 'c-1',
    provider: id,
    status: 'running',
    gpuCount: 1,
    ports: [],
    raw: {},
    ...overrides,
  });
  const job = (overrides: Partial<Job> = {}): Job => ({
    id: 'j-1',
    endpoint: 'ep',
    provider: id,
    status: 'in_queue',
    raw: {},
    ...overrides,
  });
  const provider = {
    id,
    capabilities,
    spawnCompute: vi.fn(async (request: ComputeRequest, _ctx?: CallContext) =>
      compute({ ...(request.name ? { name: request.name } : {}), ...(request.image ? { image: request.image } : {}) }),
    ),
    getCompute: vi.fn(async (computeId: string, _ctx?: CallContext) => compute({ id: computeId })),
    listCompute: vi.fn(async (_filter?: ComputeFilter, _ctx?: CallContext) => [compute()]),
    stop: vi.fn(async (_id: string, _ctx?: CallContext) => {}),
    start: vi.fn(async (_id: string, _ctx?: CallContext) => {}),
    terminate: vi.fn(async (_id: string, _ctx?: CallContext) => {}),
    runJob: vi.fn(async (request: JobRequest, _ctx?: CallContext) => job({ endpoint: request.endpoint })),
    getJob: vi.fn(async (ref: JobRef, _ctx?: CallContext) => job({ id: ref.id, endpoint: ref.endpoint })),
    cancelJob: vi.fn(async (_ref: JobRef, _ctx?: CallContext) => {}),
    streamJob: vi.fn(async function* (_ref: JobRef, _ctx?: CallContext) {
      yield { index: 0, output: 'a' };
      yield { index: 1, output: 'b' };
    }),
    listGpuTypes: vi.fn(async (_ctx?: CallContext) => []),
    logs: vi.fn(async function* (computeId: string, options?: LogOptions, _ctx?: CallContext) {
      yield `${computeId} line 1${options?.follow ? ' (following)' : ''}`;
      yield `${computeId} line 2`;
    }),
  } satisfies Provider;
  const calls = () =>
    Object.values(provider)
      .filter((value) => typeof value === 'function' && 'mock' in value)
      .reduce((sum, spy) => sum + (spy as { mock: { calls: unknown[] } }).mock.calls.length, 0);
  return { provider, calls };
}
