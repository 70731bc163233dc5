import { vi } from 'vitest';
import type { Capability, Compute, Job, Provider } from '../src/index.js';

/** A provider whose every method is a spy, so tests can prove that bad input never reached it. */
export function createSpyProvider(id = 'spy', capabilities: readonly Capability[] = ['serverless', 'gpu_catalog', 'stop_start']) {
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
    spawnCompute: vi.fn(async (request) => compute({ name: request.name, image: request.image })),
    getCompute: vi.fn(async (computeId: string) => compute({ id: computeId })),
    listCompute: vi.fn(async () => [compute()]),
    stop: vi.fn(async () => {}),
    start: vi.fn(async () => {}),
    terminate: vi.fn(async () => {}),
    runJob: vi.fn(async (request) => job({ endpoint: request.endpoint })),
    getJob: vi.fn(async (ref) => job({ id: ref.id, endpoint: ref.endpoint })),
    cancelJob: vi.fn(async () => {}),
    streamJob: vi.fn(async function* () {
      yield { index: 0, output: 'a' };
      yield { index: 1, output: 'b' };
    }),
    listGpuTypes: vi.fn(async () => []),
  } satisfies Provider;
  const calls = () =>
    Object.values(provider)
      .filter((value) => typeof value === 'function' && 'mock' in value)
      .reduce((sum, spy) => sum + (spy as { mock: { calls: unknown[] } }).mock.calls.length, 0);
  return { provider, calls };
}
