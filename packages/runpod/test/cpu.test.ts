import { CpuTypeSchema } from '@atlas/core';
import nock from 'nock';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { RUNPOD_CAPABILITIES } from '../src/index.js';
import { pod, provider, REST, rejection, useNock } from './helpers.js';

useNock();

/** A flavor as `GET /v2/catalog/cpus` lists it (schema `CpuType`). */
const flavor = (overrides: Record<string, unknown> = {}) => ({
  id: 'cpu3c',
  name: 'Compute-Optimized',
  group: 'Gen 3',
  vcpu: { min: 2, max: 8 },
  ramGbPerVcpu: 2,
  price: { securePerVcpu: 0.02, serverlessPerVcpu: 0.016 },
  availability: 'HIGH',
  ...overrides,
});

const CATALOG = [
  flavor(),
  flavor({ id: 'cpu3g', name: 'General Purpose', ramGbPerVcpu: 4, price: { securePerVcpu: 0.025 } }),
  flavor({
    id: 'cpu5m',
    vcpu: { min: 4, max: 32 },
    ramGbPerVcpu: 8,
    price: { securePerVcpu: 0.045 },
    availability: 'LOW',
  }),
];

/** The catalog read a CPU spawn makes first. */
function catalog(cpus: unknown[] = CATALOG) {
  return nock(REST).get('/v2/catalog/cpus').query({ include: 'AVAILABILITY', product: 'POD' }).reply(200, { cpus });
}

/** A CPU pod as REST v2 returns it: `cpu` instead of `gpu`. */
const cpuPod = (overrides: Record<string, unknown> = {}) => {
  const { gpu: _gpu, ...base } = pod({ cudaVersion: null, ...overrides });
  return { cpu: { id: 'cpu3g', vcpuCount: 4, memory: 16 }, ...base };
};

function captureCreate() {
  const seen: { body?: Record<string, unknown> } = {};
  nock(REST)
    .post('/v2/pods')
    .reply(async (req: Request) => {
      seen.body = (await req.json()) as Record<string, unknown>;
      const cpu = seen.body.cpu as { id: string; vcpuCount: number };
      return [201, cpuPod({ name: seen.body.name, status: 'PROVISIONING', runtime: null, cpu: { ...cpu, memory: 8 } })];
    });
  return seen;
}

describe('spawnCompute({ cpu }): POST /v2/pods with a cpu block', () => {
  it('picks the cheapest flavor size with the vCPUs and memory asked for, and sends cpu instead of gpu', async () => {
    catalog();
    const seen = captureCreate();
    // cpu3c needs 8 vCPUs for 16 GB (0.16/h); cpu3g has 16 GB at 4 vCPUs (0.10/h); cpu5m starts at 0.18/h.
    const compute = await provider().spawnCompute({ cpu: { vcpus: 4, memoryGb: 16 }, image: 'python:3.12' });
    expect(seen.body?.cpu).toEqual({ id: 'cpu3g', vcpuCount: 4 });
    expect(seen.body).not.toHaveProperty('gpu');
    expect(seen.body).toMatchObject({ image: 'python:3.12', name: expect.stringMatching(/^atlas-/) });
    expect(compute).toMatchObject({ gpuCount: 0, vcpus: 4, memoryGb: 8, status: 'provisioning' });
    expect(compute).not.toHaveProperty('gpuType');
  });

  it('rounds the vCPUs up to the power of two RunPod sizes pods by', async () => {
    catalog();
    const seen = captureCreate();
    await provider().spawnCompute({ cpu: { vcpus: 3 }, image: 'x' });
    expect(seen.body?.cpu).toEqual({ id: 'cpu3c', vcpuCount: 4 });
  });

  it("starts at the flavor's own minimum size", async () => {
    catalog();
    const seen = captureCreate();
    await provider().spawnCompute({ cpu: { vcpus: 2, flavor: 'cpu5m' }, image: 'x' });
    expect(seen.body?.cpu).toEqual({ id: 'cpu5m', vcpuCount: 4 });
  });

  it('keeps to the flavor named in cpu.flavor even when another is cheaper', async () => {
    catalog();
    const seen = captureCreate();
    await provider().spawnCompute({ cpu: { vcpus: 8, flavor: 'cpu5m' }, image: 'x', cloudType: 'secure' });
    expect(seen.body?.cpu).toEqual({ id: 'cpu5m', vcpuCount: 8 });
    expect(seen.body?.cloud).toBe('SECURE');
  });

  it('skips a flavor that is out of stock', async () => {
    catalog([flavor({ availability: 'NONE' }), ...CATALOG.slice(1)]);
    const seen = captureCreate();
    await provider().spawnCompute({ cpu: { vcpus: 2 }, image: 'x' });
    expect(seen.body?.cpu).toEqual({ id: 'cpu3g', vcpuCount: 2 });
  });

  it('an unknown flavor is a validation error naming the known ones, and nothing is created', async () => {
    catalog();
    const error = await rejection(provider().spawnCompute({ cpu: { vcpus: 2, flavor: 'cpu9x' }, image: 'x' }));
    expect(error.kind).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toEqual(['cpu.flavor']);
    expect(error.message).toContain('cpu3c, cpu3g, cpu5m');
  });

  it('more than any flavor offers is a validation error naming the largest, and nothing is created', async () => {
    catalog();
    const error = await rejection(provider().spawnCompute({ cpu: { vcpus: 64 }, image: 'x' }));
    expect(error.kind).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toEqual(['cpu.vcpus']);
    expect(error.message).toContain('32 vCPUs, 256 GB');
  });

  it('more than any flavor offers, in stock or not, names the largest of the whole catalog', async () => {
    catalog([flavor(), flavor({ id: 'cpu5m', vcpu: { min: 2, max: 32 }, availability: 'NONE' })]);
    const error = await rejection(provider().spawnCompute({ cpu: { vcpus: 64 }, image: 'x' }));
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('the largest is 32 vCPUs, 64 GB');
  });

  it('a size that only out-of-stock flavors have is capacity, and nothing is created', async () => {
    catalog([flavor(), flavor({ id: 'cpu5m', vcpu: { min: 2, max: 32 }, ramGbPerVcpu: 8, availability: 'NONE' })]);
    const error = await rejection(provider().spawnCompute({ cpu: { vcpus: 2, memoryGb: 64 }, image: 'x' }));
    expect(error.kind).toBe('capacity');
  });

  it('refuses, before any request, what RunPod CPU pods cannot have', async () => {
    const community = await rejection(
      provider().spawnCompute({ cpu: { vcpus: 2 }, image: 'x', cloudType: 'community' }),
    );
    expect(community).toMatchObject({ kind: 'unsupported' });
    expect(community.issues.map((issue) => issue.path)).toEqual(['cloudType']);
    const volume = await rejection(provider().spawnCompute({ cpu: { vcpus: 2 }, image: 'x', volumeGb: 20 }));
    expect(volume.kind).toBe('validation');
    expect(volume.issues.map((issue) => issue.path)).toEqual(['volumeGb']);
    const gpuBlock = await rejection(
      provider().spawnCompute({
        cpu: { vcpus: 2 },
        image: 'x',
        providerOptions: { gpu: { allowedCudaVersions: ['12.8'] } },
      }),
    );
    expect(gpuBlock.issues.map((issue) => issue.path)).toEqual(['providerOptions.gpu']);
    const owned = await rejection(
      provider().spawnCompute({ cpu: { vcpus: 2 }, image: 'x', providerOptions: { cpu: { vcpuCount: 64 } } }),
    );
    expect(owned.issues.map((issue) => issue.path)).toEqual(['providerOptions.cpu.vcpuCount']);
  });

  it('a GPU spawn cannot smuggle in a cpu block', async () => {
    const error = await rejection(provider().spawnCompute({ gpu: 'l4', image: 'x', providerOptions: { cpu: {} } }));
    expect(error.kind).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toEqual(['providerOptions.cpu']);
  });

  it('a network volume is mounted as for a GPU pod', async () => {
    catalog();
    const seen = captureCreate();
    await provider().spawnCompute({ cpu: { vcpus: 2 }, image: 'x', networkVolumeId: 'vol1' });
    expect(seen.body?.mounts).toEqual({ network: [{ volumeId: 'vol1', path: '/workspace' }] });
  });
});

describe('CPU pods in getCompute and listCompute', () => {
  it('report gpuCount 0, their vCPUs and memory', async () => {
    nock(REST)
      .get('/v2/pods/cpu1')
      .reply(200, cpuPod({ id: 'cpu1' }));
    expect(await provider().getCompute('cpu1')).toMatchObject({ id: 'cpu1', gpuCount: 0, vcpus: 4, memoryGb: 16 });
  });

  it('a gpu filter leaves CPU pods out; no filter keeps them', async () => {
    const pods = [cpuPod({ id: 'cpu1' }), pod({ id: 'gpu1' })];
    nock(REST).get('/v2/pods').twice().reply(200, { pods });
    const all = await provider().listCompute();
    expect(all.map((c) => [c.id, c.gpuCount, c.vcpus])).toEqual([
      ['cpu1', 0, 4],
      ['gpu1', 1, undefined],
    ]);
    expect((await provider().listCompute({ gpu: 'rtx_4090' })).map((c) => c.id)).toEqual(['gpu1']);
  });
});

describe('listCpuTypes: GET /v2/catalog/cpus?include=AVAILABILITY&product=POD', () => {
  it('one entry per flavor and size, priced per machine, with memory and stock', async () => {
    catalog();
    const types = await provider().listCpuTypes();
    for (const type of types) expect(v.safeParse(CpuTypeSchema, type).issues).toBeUndefined();
    expect(types.map((t) => [t.id, t.vcpus, t.memoryGb, t.pricePerHour.secure, t.stock])).toEqual([
      ['cpu3c', 2, 4, 0.04, 'high'],
      ['cpu3c', 4, 8, 0.08, 'high'],
      ['cpu3c', 8, 16, 0.16, 'high'],
      ['cpu3g', 2, 8, 0.05, 'high'],
      ['cpu3g', 4, 16, 0.1, 'high'],
      ['cpu3g', 8, 32, 0.2, 'high'],
      ['cpu5m', 4, 32, 0.18, 'low'],
      ['cpu5m', 8, 64, 0.36, 'low'],
      ['cpu5m', 16, 128, 0.72, 'low'],
      ['cpu5m', 32, 256, 1.44, 'low'],
    ]);
    expect(types[0]).toMatchObject({ provider: 'runpod', displayName: 'Gen 3 Compute-Optimized, 2 vCPU' });
    expect(types[0]?.raw).toMatchObject({ id: 'cpu3c', ramGbPerVcpu: 2 });
  });

  it('a catalog entry without the fields it is read for is a contract error', async () => {
    catalog([{ id: 'cpu3c', name: 'x' }]);
    expect((await rejection(provider().listCpuTypes())).kind).toBe('contract');
  });

  it("'cpu' is declared, so the conformance suite and placement see it", () => {
    expect(RUNPOD_CAPABILITIES).toContain('cpu');
    expect(typeof provider().listCpuTypes).toBe('function');
  });
});
