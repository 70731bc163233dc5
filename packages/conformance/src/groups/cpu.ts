import { type Compute, ComputeSchema, type CpuType, CpuTypeSchema, isAtlasError, type Provider } from '@atlas/core';
import { parseComputeRequest } from '@atlas/core/provider';
import { expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { schemaProblems } from '../schema-check.js';

/**
 * CPU machines (the `cpu` capability): the flavor catalog is well-formed and priced, a request for
 * vCPUs gets a machine with at least that many and no GPU, on every read path, and a request no
 * flavor can meet is refused without creating anything.
 */
export function cpuGroup(h: Harness): void {
  const { testMs } = h.timeouts;
  const flavors = async (): Promise<CpuType[]> => {
    const provider: Provider = h.provider();
    if (typeof provider.listCpuTypes !== 'function')
      return expect.fail("'cpu' needs listCpuTypes, which the provider lacks");
    return provider.listCpuTypes(h.ctx());
  };
  /** The smallest flavor, as the request that every CPU provider must be able to serve. */
  const smallest = async () => {
    const sorted = (await flavors()).sort((a, b) => a.vcpus - b.vcpus);
    expect(sorted.length, 'listCpuTypes lists no flavor').toBeGreaterThan(0);
    return sorted[0]!;
  };
  const spawnCpu = async (vcpus: number): Promise<Compute> => {
    // A CPU request has no gpu: built here rather than from the options' GPU.
    const request = parseComputeRequest({ cpu: { vcpus }, image: h.options.image });
    const compute = await h.provider().spawnCompute(request, h.ctx());
    h.track(compute.id);
    return compute;
  };

  it(
    'listCpuTypes: every entry is well-formed, names the provider and has a price',
    async () => {
      const entries = await flavors();
      expect(entries.length, 'listCpuTypes lists no flavor').toBeGreaterThan(0);
      for (const entry of entries) {
        expect(schemaProblems(CpuTypeSchema, entry, 'CPU type'), `entry ${entry.id} against CpuTypeSchema`).toEqual([]);
        expect(entry.provider, `entry ${entry.id}: provider id`).toBe(h.provider().id);
        const prices = Object.values(entry.pricePerHour).filter((p) => typeof p === 'number');
        expect(prices.length, `entry ${entry.id}: no price for any cloud type`).toBeGreaterThan(0);
      }
    },
    testMs,
  );

  it(
    'a CPU request gets a machine with at least the vCPUs asked for, no GPU, on spawn, get and list',
    async () => {
      const flavor = await smallest();
      const spawned = await spawnCpu(flavor.vcpus);
      const read = [
        ['spawn', spawned],
        ['getCompute', await h.provider().getCompute(spawned.id, h.ctx())],
        ['listCompute', (await h.provider().listCompute({}, h.ctx())).find((c) => c.id === spawned.id)],
      ] as const;
      for (const [path, compute] of read) {
        expect(compute, `${path}: the CPU machine is missing`).toBeDefined();
        expect(schemaProblems(ComputeSchema, compute, 'compute'), `${path}: against ComputeSchema`).toEqual([]);
        expect(compute!.provider, `${path}: provider id`).toBe(h.provider().id);
        expect(compute!.gpuCount, `${path}: a CPU machine has gpuCount 0`).toBe(0);
        expect(compute!.gpuType, `${path}: a CPU machine has no gpuType`).toBeUndefined();
        expect(compute!.vcpus, `${path}: vcpus (rule: at least what was asked)`).toBeGreaterThanOrEqual(flavor.vcpus);
      }
      await h.waitForStatus(spawned.id, ['running'], `CPU machine ${spawned.id} should become running`);
    },
    testMs,
  );

  it(
    'a CPU request no flavor can meet is refused (validation, unsupported or capacity) and creates nothing',
    async () => {
      const largest = Math.max(...(await flavors()).map((f) => f.vcpus));
      const before = (await h.provider().listCompute({}, h.ctx())).length;
      const wanted = Math.min(512, largest * 2 + 1);
      if (wanted <= largest) return; // a provider whose flavors reach the contract's own bound
      const error = await spawnCpu(wanted).then(
        (c) => expect.fail(`spawned ${c.id} with ${c.vcpus} vCPUs for ${wanted} asked`),
        (e: unknown) => e,
      );
      expect(isAtlasError(error) && ['validation', 'unsupported', 'capacity'].includes(error.kind), String(error)).toBe(
        true,
      );
      expect((await h.provider().listCompute({}, h.ctx())).length, 'a refused request created a machine').toBe(before);
    },
    testMs,
  );

  it(
    'a request for both GPUs and a CPU machine is a validation error',
    async () => {
      await h.rejects(
        // Unparsed on purpose: the provider's own boundary must refuse it.
        () =>
          h
            .provider()
            .spawnCompute({ gpu: h.options.gpu, cpu: { vcpus: 2 }, image: h.options.image } as never, h.ctx()),
        ['validation'],
        'spawn with gpu and cpu',
      );
    },
    testMs,
  );
}
