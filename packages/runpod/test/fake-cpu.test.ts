import { describe, expect, it } from 'vitest';
import { createRunPod } from '../src/index.js';
import { FAKE_CPU_TYPES } from '../src/testing/index.js';
import { useFake } from './contract/fake-http.js';

type Cpu = {
  id: string;
  vcpu: { min: number; max: number };
  ramGbPerVcpu: number;
  price: { securePerVcpu: number };
  availability?: string;
  dataCenters?: Array<{ id: string; availability: string }>;
};

const cpuBody = (cpu: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  name: 'cpu-pod',
  image: 'python:3.12',
  cpu,
  ...overrides,
});

describe('RunPod fake: CPU flavors and CPU pods', () => {
  const t = useFake();

  const cpus = async (query = '') => ((await t.api('GET', `/v2/catalog/cpus${query}`)).body as { cpus: Cpu[] }).cpus;

  it('lists the CPU flavors with prices per vCPU, stock only when asked (and only with product)', async () => {
    const plain = await cpus();
    expect(plain.map((c) => c.id)).toEqual(FAKE_CPU_TYPES.map((c) => c.id));
    expect(plain[0]).toMatchObject({ id: 'cpu3c', vcpu: { min: 2, max: 32 }, price: { securePerVcpu: 0.02 } });
    expect(plain[0]?.availability).toBeUndefined();
    const withStock = await cpus('?include=AVAILABILITY&product=POD');
    expect(withStock[0]?.availability).toBe('HIGH');
    expect(withStock[0]?.dataCenters).toContainEqual({ id: 'US-KS-2', name: 'US Kansas 2', availability: 'HIGH' });
    expect((await t.api('GET', '/v2/catalog/cpus?include=AVAILABILITY')).status).toBe(400);
    expect((await t.api('GET', '/v2/catalog/cpus?product=POD')).status).toBe(400);
    expect((await t.api('GET', '/v2/catalog/cpus?include=AVAILABILITY&product=POD&vcpuCount=3')).status).toBe(400);
    expect((await t.api('GET', '/v2/catalog/cpus/cpu5m')).body).toMatchObject({ id: 'cpu5m', ramGbPerVcpu: 8 });
    expect((await t.api('GET', '/v2/catalog/cpus/cpu9x')).status).toBe(404);
  });

  it('reflects setStock on a flavor: out everywhere, it loses its data centers and CPU spawns fail for capacity', async () => {
    t.fake.catalog.setStock('cpu3c', 'NONE');
    const cpu3c = (await cpus('?include=AVAILABILITY&product=POD')).find((c) => c.id === 'cpu3c')!;
    expect(cpu3c.availability).toBe('NONE');
    expect(cpu3c.dataCenters).toBeUndefined();
    const dc = (await t.api('GET', '/v2/catalog/datacenters/US-KS-2?include=CPU_AVAILABILITY')).body as {
      cpuAvailability: Array<{ id: string; availability: string }>;
    };
    expect(dc.cpuAvailability).toContainEqual({ id: 'cpu3c', name: 'Compute-Optimized', availability: 'NONE' });
    const res = await t.api('POST', '/v2/pods', cpuBody({ id: 'cpu3c', vcpuCount: 2 }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ detail: expect.stringContaining('no longer any instances') });
  });

  it('creates a CPU pod with memory and cost from its flavor and size, and no GPU', async () => {
    const res = await t.api('POST', '/v2/pods', cpuBody({ id: 'cpu3g', vcpuCount: 8 }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ cpu: { id: 'cpu3g', vcpuCount: 8, memory: 32 }, cost: 0.2, cudaVersion: null });
    expect(res.body).not.toHaveProperty('gpu');
  });

  it('refuses a size the flavor does not offer, a persistent mount, an unknown flavor and community cloud', async () => {
    const status = async (body: Record<string, unknown>) => (await t.api('POST', '/v2/pods', body)).status;
    expect(await status(cpuBody({ id: 'cpu3c', vcpuCount: 6 }))).toBe(400);
    expect(await status(cpuBody({ id: 'cpu3m', vcpuCount: 32 }))).toBe(400);
    expect(await status(cpuBody({ id: 'cpu9x', vcpuCount: 2 }))).toBe(400);
    expect(await status(cpuBody({ id: 'cpu3c', vcpuCount: 2 }, { cloud: 'COMMUNITY' }))).toBe(400);
    expect(
      await status(cpuBody({ id: 'cpu3c', vcpuCount: 2 }, { mounts: { persistent: { size: 20, path: '/w' } } })),
    ).toBe(400);
    expect(t.fake.pods.count()).toBe(0);
  });

  it('the provider spawns, reads and lists a CPU pod against the fake', async () => {
    const provider = createRunPod({ apiKey: t.fake.apiKey, baseUrl: t.fake.url, runtimeBaseUrl: t.fake.runtimeUrl });
    const compute = await provider.spawnCompute({ cpu: { vcpus: 4, memoryGb: 16 }, image: 'python:3.12' });
    // cpu3c would need 8 vCPUs for 16 GB (0.16/h); cpu3g has it at 4 (0.10/h).
    expect(compute).toMatchObject({ gpuCount: 0, vcpus: 4, memoryGb: 16, costPerHour: 0.1 });
    expect(await provider.getCompute(compute.id)).toMatchObject({ id: compute.id, vcpus: 4, gpuCount: 0 });
    const listed = await provider.listCompute({ name: compute.name });
    expect(listed.map((c) => c.id)).toEqual([compute.id]);
    const types = await provider.listCpuTypes();
    expect(types.find((type) => type.id === 'cpu3g' && type.vcpus === 4)).toMatchObject({
      memoryGb: 16,
      pricePerHour: { secure: 0.1 },
      stock: 'high',
    });
  });
});
