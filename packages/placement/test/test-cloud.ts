import { AtlasError, type Compute, type ComputeRequest, type GpuType } from '@atlas/core';
import { defineProvider } from '@atlas/core/provider';

/** What the test cloud does with the next create. */
export type CreateBehaviour =
  | 'ok'
  | 'capacity'
  | 'rate_limited'
  | 'down'
  | 'invalid'
  | 'timeout'
  | 'possibly_created'
  /** Bills at this price; with `terminateFails`, the machine cannot be terminated (it keeps billing). */
  | { billAt: number; terminateFails?: boolean };

/**
 * A small in-memory cloud for placement tests: one H100 entry at a price, creates that behave as
 * told, and a count of the machines that really exist (so a test can prove none leaked).
 */
export function createTestCloud(id: string, pricePerGpuHour: number, behaviours: CreateBehaviour[] = []) {
  const machines = new Map<string, Compute>();
  const stuck = new Set<string>();
  let creates = 0;
  let catalogReads = 0;
  const queue = [...behaviours];
  const error = (kind: AtlasError['kind'], extra: object = {}) =>
    new AtlasError({ kind, provider: id, message: `${id}: ${kind}`, ...extra });

  async function spawnCompute(request: ComputeRequest): Promise<Compute> {
    creates++;
    const behaviour = queue.shift() ?? 'ok';
    const create = (price: number) => {
      const compute: Compute = {
        id: `${id}-${creates}`,
        provider: id,
        status: 'provisioning',
        gpuCount: request.gpuCount,
        ports: [],
        costPerHour: price,
        raw: {},
        ...(request.gpu === undefined ? {} : { gpuType: request.gpu }),
      };
      machines.set(compute.id, compute);
      return compute;
    };
    switch (behaviour) {
      case 'ok':
        return create(pricePerGpuHour * request.gpuCount);
      case 'capacity':
        throw error('capacity');
      case 'rate_limited':
        throw error('rate_limited', { retryAfterMs: 1000 });
      case 'down':
        throw error('provider', { status: 503 });
      case 'invalid':
        throw error('validation');
      case 'timeout':
        // The create landed after the client gave up: a machine nobody was told about.
        create(pricePerGpuHour);
        throw error('timeout');
      case 'possibly_created':
        create(pricePerGpuHour);
        throw error('transport', { details: { possiblyCreated: true, lookFor: { name: 'x', marker: 'm' } } });
      default: {
        const compute = create(behaviour.billAt);
        if (behaviour.terminateFails === true) stuck.add(compute.id);
        return compute;
      }
    }
  }

  const provider = defineProvider({
    id,
    capabilities: ['gpu_catalog'],
    gpuMap: { h100: 'H100', a100_80g: 'A100-80' },
    operations: {
      spawnCompute,
      getCompute: async (computeId) => {
        const found = machines.get(computeId);
        if (found === undefined) throw error('not_found');
        return found;
      },
      listCompute: async () => [...machines.values()],
      terminate: async (computeId) => {
        if (stuck.has(computeId)) throw error('provider', { status: 500 });
        machines.delete(computeId);
      },
      listGpuTypes: async (): Promise<GpuType[]> => {
        catalogReads++;
        return [
          {
            id: 'H100',
            provider: id,
            canonical: 'h100',
            displayName: 'H100',
            pricePerHour: { secure: pricePerGpuHour },
            stock: 'high',
            observedAt: new Date(0).toISOString(),
            raw: {},
          },
        ];
      },
    },
  });
  return {
    provider,
    machines,
    behave: (...next: CreateBehaviour[]) => queue.push(...next),
    get creates() {
      return creates;
    },
    get catalogReads() {
      return catalogReads;
    },
  };
}
