import { type ComputeRequestInput, computeSecrets, PRESHARED_KEY_ENV, verifyToken } from '@atlas/core';
import { parseComputeRequest } from '@atlas/core/provider';
import { describe, expect, it } from 'vitest';
import { createMock } from '../src/index.js';
import { countingIds, manualClock, rejection } from './helpers.js';

const request = (extra: Partial<ComputeRequestInput> = {}) =>
  parseComputeRequest({ gpu: 'h100', image: 'ghcr.io/me/infer:1', ...extra });

function setUp() {
  const clock = manualClock();
  const provider = createMock({ clock: clock.now, ids: countingIds('pod'), provisioningMs: 1000 });
  return { clock, provider };
}

describe('compute state machine', () => {
  it('is provisioning until provisioningMs have passed on the clock, then running', async () => {
    const { clock, provider } = setUp();
    const compute = await provider.spawnCompute(request({ name: 'a' }));
    expect(compute).toMatchObject({
      id: 'pod-1',
      provider: 'mock',
      status: 'provisioning',
      createdAt: '2026-11-27T09:00:00.000Z',
    });
    clock.advance(999);
    expect((await provider.getCompute('pod-1')).status).toBe('provisioning');
    clock.advance(1);
    expect((await provider.getCompute('pod-1')).status).toBe('running');
  });

  it('gives the same results on every run when clock and ids are injected', async () => {
    const run = async () => {
      const { clock, provider } = setUp();
      await provider.spawnCompute(
        request({
          name: 'a',
          ports: [
            { port: 8000, protocol: 'http' },
            { port: 22, protocol: 'tcp' },
          ],
        }),
      );
      clock.advance(5000);
      return provider.listCompute();
    };
    expect(await run()).toEqual(await run());
  });

  it('stops, starts through provisioning again, and terminates', async () => {
    const { clock, provider } = setUp();
    const { id } = await provider.spawnCompute(request());
    clock.advance(1000);
    await provider.stop(id);
    expect((await provider.getCompute(id)).status).toBe('stopped');
    await provider.start(id);
    expect((await provider.getCompute(id)).status).toBe('provisioning');
    clock.advance(1000);
    expect((await provider.getCompute(id)).status).toBe('running');
    await provider.terminate(id);
    await provider.terminate(id);
    expect((await provider.getCompute(id)).status).toBe('terminated');
  });

  it('refuses to stop or start a terminated compute with conflict', async () => {
    const { provider } = setUp();
    const { id } = await provider.spawnCompute(request());
    await provider.terminate(id);
    expect((await rejection(provider.stop(id))).kind).toBe('conflict');
    expect((await rejection(provider.start(id))).kind).toBe('conflict');
  });

  it('setStatus simulates a preempted machine', async () => {
    const { provider } = setUp();
    const { id } = await provider.spawnCompute(request({ spot: true }));
    provider.setStatus(id, 'failed');
    expect((await provider.getCompute(id)).status).toBe('failed');
    expect((await rejection(provider.start(id))).kind).toBe('conflict');
  });

  it('rejects not_found for unknown ids, naming the provider', async () => {
    const { provider } = setUp();
    const error = await rejection(provider.getCompute('nope'));
    expect(error).toMatchObject({ kind: 'not_found', provider: 'mock' });
    // No HTTP is involved, so no HTTP status.
    expect(error.status).toBeUndefined();
    expect(() => provider.setStatus('nope', 'running')).toThrow(/not found/);
    expect(() => provider.readEnv('nope')).toThrow(/not found/);
  });

  it('filters listCompute by name, namePrefix and status', async () => {
    const { clock, provider } = setUp();
    await provider.spawnCompute(request({ name: 'web-1' }));
    clock.advance(1000);
    await provider.spawnCompute(request({ name: 'web-2' }));
    await provider.spawnCompute(request({ name: 'batch' }));
    const names = async (filter: Parameters<typeof provider.listCompute>[0]) =>
      (await provider.listCompute(filter)).map((c) => c.name);
    expect(await names({ name: 'web-2' })).toEqual(['web-2']);
    expect(await names({ namePrefix: 'web-' })).toEqual(['web-1', 'web-2']);
    expect(await names({ status: 'running' })).toEqual(['web-1']);
    expect(await names({ status: ['provisioning'] })).toEqual(['web-2', 'batch']);
  });

  it('filters listCompute by gpu through its GPU map, as a cloud would', async () => {
    const { provider } = setUp();
    await provider.spawnCompute(request({ name: 'sxm', gpu: 'h100_sxm' }));
    await provider.spawnCompute(request({ name: 'pcie', gpu: 'h100_pcie' }));
    await provider.spawnCompute(request({ name: 'l4', gpu: 'l4' }));
    const names = async (gpu: string) => (await provider.listCompute({ gpu })).map((c) => c.name);
    expect(await names('h100')).toEqual(['sxm', 'pcie']);
    expect(await names('h100_sxm')).toEqual(['sxm']);
  });

  it('exposes http ports through a proxy URL and tcp ports on the public IP once running', async () => {
    const { clock, provider } = setUp();
    const { id } = await provider.spawnCompute(
      request({
        ports: [
          { port: 8000, protocol: 'http' },
          { port: 22, protocol: 'tcp' },
        ],
      }),
    );
    clock.advance(1000);
    const compute = await provider.getCompute(id);
    expect(compute.publicIp).toMatch(/^203\.0\.113\.\d+$/);
    expect(compute.ports).toEqual([
      { internal: 8000, protocol: 'http', url: `https://${id}-8000.proxy.mock.invalid` },
      { internal: 22, protocol: 'tcp', external: 22 },
    ]);
  });

  it('validates requests with core, and knows no GPU outside its map', async () => {
    const { provider } = setUp();
    const invalid = { ...request(), gpuCount: 0 };
    expect((await rejection(provider.spawnCompute(invalid))).kind).toBe('validation');
    const unknown = await rejection(provider.spawnCompute(request({ gpu: 'tpu_v5' })));
    expect(unknown).toMatchObject({ kind: 'unsupported', provider: 'mock' });
    expect(unknown.message).toContain('h100');
    expect(await provider.listCompute()).toEqual([]);
  });

  it("auth 'bearer' mints a token, injects it as ATLAS_PRESHARED_KEY and returns it on spawn only", async () => {
    const { provider } = setUp();
    const compute = await provider.spawnCompute(request({ auth: 'bearer', env: { MODEL: 'llama' } }));
    const token = compute.auth?.token ?? '';
    expect(await verifyToken(token, compute.auth?.hash ?? '')).toBe(true);
    expect(provider.readEnv(compute.id)).toEqual({ MODEL: 'llama', [PRESHARED_KEY_ENV]: token });
    expect((await provider.getCompute(compute.id)).auth).toBeUndefined();
    expect(JSON.stringify(compute.raw)).not.toContain(token);
    expect(JSON.stringify(compute.raw)).not.toContain('llama');
  });

  it('declares the env values (the token among them) as the secrets of every compute it returns', async () => {
    const { provider } = setUp();
    const env = { HF_TOKEN: 'hf-mock-declared-0001', DEBUG: '1' };
    const { id, auth } = await provider.spawnCompute(request({ auth: 'bearer', env }));
    const expected = [env.HF_TOKEN, auth?.token];
    expect(computeSecrets(await provider.getCompute(id))).toEqual(expected);
    expect(computeSecrets((await provider.listCompute())[0])).toEqual(expected);
  });

  it('prices the compute by cloud type, spot and gpuCount', async () => {
    const { provider } = setUp();
    const secure = await provider.spawnCompute(request({ gpu: 'a100_80g', gpuCount: 2 }));
    const community = await provider.spawnCompute(request({ gpu: 'a100_80g', cloudType: 'community' }));
    const spot = await provider.spawnCompute(request({ gpu: 'a100_80g', spot: true }));
    expect([secure.costPerHour, community.costPerHour, spot.costPerHour]).toEqual([3.28, 1.19, 0.82]);
  });

  it('has no community hosts for datacenter GPUs (capacity)', async () => {
    const { provider } = setUp();
    expect((await rejection(provider.spawnCompute(request({ gpu: 'h200', cloudType: 'community' })))).kind).toBe(
      'capacity',
    );
  });

  it('returns the same compute for a repeated idempotency key', async () => {
    const { provider } = setUp();
    const first = await provider.spawnCompute(request(), { idempotencyKey: 'k1' });
    const second = await provider.spawnCompute(request(), { idempotencyKey: 'k1' });
    expect(second.id).toBe(first.id);
    expect(await provider.listCompute()).toHaveLength(1);
  });

  it('rejects a call whose signal already fired as core does: transport, not retryable', async () => {
    const { provider } = setUp();
    for (const signal of [AbortSignal.abort(), AbortSignal.timeout(0)]) {
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      const error = await rejection(provider.listCompute({}, { signal }));
      expect(error).toMatchObject({ kind: 'transport', provider: 'mock', retryable: false });
    }
  });

  it('reset forgets every compute', async () => {
    const { provider } = setUp();
    await provider.spawnCompute(request());
    provider.reset();
    expect(await provider.listCompute()).toEqual([]);
  });
});

describe('CPU machines', () => {
  it('rent the cheapest flavor with the vCPUs and memory asked for, with no GPU', async () => {
    const mock = createMock({ provisioningMs: 0 });
    const compute = await mock.spawnCompute({ cpu: { vcpus: 3, memoryGb: 10 }, image: 'busybox' });
    expect(compute).toMatchObject({ gpuCount: 0, vcpus: 4, memoryGb: 16, costPerHour: 0.12 });
    expect(compute.gpuType).toBeUndefined();
    expect((await mock.getCompute(compute.id)).vcpus).toBe(4);
  });

  it('take a named flavor, and refuse one that does not exist or a size no flavor has', async () => {
    const mock = createMock();
    expect((await mock.spawnCompute({ cpu: { vcpus: 2, flavor: 'mock-cpu-8' }, image: 'x' })).vcpus).toBe(8);
    await expect(mock.spawnCompute({ cpu: { vcpus: 2, flavor: 'nope' }, image: 'x' })).rejects.toMatchObject({
      kind: 'validation',
      issues: [{ path: 'cpu.flavor' }],
    });
    await expect(mock.spawnCompute({ cpu: { vcpus: 64 }, image: 'x' })).rejects.toMatchObject({ kind: 'validation' });
    expect(await mock.listCompute()).toHaveLength(1);
  });

  it('list their flavors with prices', async () => {
    const flavors = await createMock().listCpuTypes();
    expect(flavors.map((f) => [f.id, f.vcpus])).toEqual([
      ['mock-cpu-2', 2],
      ['mock-cpu-4', 4],
      ['mock-cpu-8', 8],
      ['mock-cpu-32', 32],
    ]);
    expect(flavors.every((f) => f.pricePerHour.secure !== undefined)).toBe(true);
  });
});

describe('the mock called directly goes through the provider boundary', () => {
  it('refuses a bad id or an unknown GPU filter as validation, with nothing looked up', async () => {
    const mock = createMock();
    await expect(mock.getCompute('..')).rejects.toMatchObject({ kind: 'validation', issues: [{ path: 'id' }] });
    await expect(mock.listCompute({ gpu: 'h1000' })).rejects.toMatchObject({ issues: [{ path: 'gpu' }] });
    await expect(mock.listCompute([] as never)).rejects.toMatchObject({ kind: 'validation' });
  });
});
