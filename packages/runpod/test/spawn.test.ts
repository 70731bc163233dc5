import { verifyToken } from '@atlas/core';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createRunPod } from '../src/index.js';
import { KEY, pod, provider, REST, rejection, useNock } from './helpers.js';

useNock();

/** Captures the body and headers of the one POST /v2/pods and answers 201 with a pod of that name. */
function captureCreate(overrides: Record<string, unknown> = {}) {
  const seen: { body?: Record<string, unknown>; headers?: Headers } = {};
  nock(REST)
    .post('/v2/pods')
    .reply(async (req: Request) => {
      seen.body = (await req.json()) as Record<string, unknown>;
      seen.headers = req.headers;
      return [201, pod({ name: seen.body.name, status: 'PROVISIONING', runtime: null, ...overrides })];
    });
  return seen;
}

describe('spawnCompute: POST /v2/pods', () => {
  it('sends the bearer key, JSON, a generated atlas- name and the GPU from the gpu map', async () => {
    const seen = captureCreate();
    const compute = await provider().spawnCompute({ gpu: 'rtx_4090', image: 'runpod/pytorch:2.4' });
    expect(seen.headers?.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(seen.headers?.get('content-type')).toContain('application/json');
    expect(seen.headers?.get('accept')).toContain('application/json');
    expect(seen.body?.name).toMatch(/^atlas-[0-9a-f]{12}$/);
    expect(seen.body?.gpu).toEqual({ id: 'NVIDIA GeForce RTX 4090', count: 1 });
    expect(seen.body?.image).toBe('runpod/pytorch:2.4');
    expect(seen.body).not.toHaveProperty('cloud');
    expect(compute.name).toBe(seen.body?.name);
    expect(compute.status).toBe('provisioning');
  });

  it('two spawns without a name get two different names', async () => {
    const first = captureCreate();
    await provider().spawnCompute({ gpu: 'l4', image: 'x' });
    const second = captureCreate();
    await provider().spawnCompute({ gpu: 'l4', image: 'x' });
    expect(first.body?.name).not.toBe(second.body?.name);
  });

  it('maps every request field to the v2 body', async () => {
    const seen = captureCreate();
    await provider().spawnCompute({
      gpu: 'h100_pcie',
      gpuCount: 2,
      image: 'ghcr.io/me/infer:1',
      name: 'my-pod',
      cloudType: 'community',
      regionHints: ['EU-RO-1', 'US-TX-3'],
      ports: [
        { port: 8000, protocol: 'http' },
        { port: 22, protocol: 'tcp' },
      ],
      env: { MODEL: 'llama' },
      containerDiskGb: 40,
      volumeGb: 20,
      templateId: 'tpl1',
    });
    expect(seen.body).toEqual({
      name: 'my-pod',
      image: 'ghcr.io/me/infer:1',
      templateId: 'tpl1',
      gpu: { id: 'NVIDIA H100 PCIe', count: 2 },
      cloud: 'COMMUNITY',
      dataCenterIds: ['EU-RO-1', 'US-TX-3'],
      ports: ['8000/http', '22/tcp'],
      // The marker finds this very pod again if the answer to the create is lost.
      env: { MODEL: 'llama', ATLAS_CREATE_MARKER: expect.stringMatching(/^[0-9a-f]{16}$/) },
      disk: 40,
      mounts: { persistent: { size: 20, path: '/workspace' } },
    });
  });

  it('secure cloud and a network volume', async () => {
    const seen = captureCreate();
    await provider().spawnCompute({ gpu: 'a100_80g', image: 'x', cloudType: 'secure', networkVolumeId: 'vol1' });
    expect(seen.body?.cloud).toBe('SECURE');
    expect(seen.body?.gpu).toEqual({ id: 'NVIDIA A100-SXM4-80GB', count: 1 });
    expect(seen.body?.mounts).toEqual({ network: [{ volumeId: 'vol1', path: '/workspace' }] });
  });

  it('merges providerOptions last, so they win over the fields Atlas sets', async () => {
    const seen = captureCreate();
    await provider().spawnCompute({
      gpu: 'l40s',
      image: 'x',
      containerDiskGb: 40,
      providerOptions: { globalNetworking: true, disk: 99, startSsh: true },
    });
    expect(seen.body?.globalNetworking).toBe(true);
    expect(seen.body?.startSsh).toBe(true);
    expect(seen.body?.disk).toBe(99);
  });

  it('merges providerOptions.env into the env without dropping ATLAS_PRESHARED_KEY', async () => {
    const seen = captureCreate();
    const compute = await provider().spawnCompute({
      gpu: 'l4',
      image: 'x',
      env: { A: '1' },
      auth: 'bearer',
      providerOptions: { env: { B: '2' } },
    });
    const env = seen.body?.env as Record<string, string>;
    expect(env).toEqual({
      A: '1',
      B: '2',
      ATLAS_PRESHARED_KEY: compute.auth?.token,
      ATLAS_CREATE_MARKER: expect.any(String),
    });
    await expect(
      provider().spawnCompute({ gpu: 'l4', image: 'x', providerOptions: { env: ['B=2'] } }),
    ).rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining('providerOptions.env') });
  });

  it('puts the idempotency key into the name', async () => {
    // With a key, each spawn first looks for the pod an earlier spawn with that key made: none here.
    nock(REST).get('/v2/pods').times(3).reply(200, { pods: [] });
    const seen = captureCreate();
    await provider().spawnCompute({ gpu: 'l4', image: 'x' }, { idempotencyKey: 'session 42' });
    expect(seen.body?.name).toBe('atlas-session-42');
    const named = captureCreate();
    await provider().spawnCompute({ gpu: 'l4', image: 'x', name: 'worker' }, { idempotencyKey: 'k1' });
    expect(named.body?.name).toBe('worker-k1');
    const containing = captureCreate();
    await provider().spawnCompute({ gpu: 'l4', image: 'x', name: 'worker-k1' }, { idempotencyKey: 'k1' });
    expect(containing.body?.name).toBe('worker-k1');
  });

  it("auth 'bearer' injects ATLAS_PRESHARED_KEY and returns the handle; raw never shows the token", async () => {
    const seen = captureCreate();
    const compute = await provider().spawnCompute({ gpu: 'l4', image: 'x', env: { A: 'b' }, auth: 'bearer' });
    const env = seen.body?.env as Record<string, string>;
    expect(env.A).toBe('b');
    expect(compute.auth?.token).toBe(env.ATLAS_PRESHARED_KEY);
    expect(compute.auth?.header).toBe(`Bearer ${env.ATLAS_PRESHARED_KEY}`);
    expect(await verifyToken(env.ATLAS_PRESHARED_KEY ?? '', compute.auth?.hash ?? '')).toBe(true);
    expect(JSON.stringify(compute.raw)).not.toContain(env.ATLAS_PRESHARED_KEY);
  });

  it('honours settings.baseUrl and ctx.baseUrl (ctx wins)', async () => {
    nock('http://settings.example').post('/v2/pods').reply(201, pod());
    await createRunPod({ apiKey: KEY, baseUrl: 'http://settings.example' }).spawnCompute({ gpu: 'l4', image: 'x' });
    nock('http://ctx.example').post('/v2/pods').reply(201, pod());
    await createRunPod({ apiKey: KEY, baseUrl: 'http://settings.example' }).spawnCompute(
      { gpu: 'l4', image: 'x' },
      {
        baseUrl: 'http://ctx.example',
      },
    );
  });

  it('the per-call key wins over the settings key', async () => {
    const seen = captureCreate();
    await provider().spawnCompute({ gpu: 'l4', image: 'x' }, { apiKey: 'rp_call_key_abcdefgh' });
    expect(seen.headers?.get('authorization')).toBe('Bearer rp_call_key_abcdefgh');
  });
});

describe('spawnCompute: refused before any request', () => {
  const countingFetch = () => {
    const calls = { n: 0 };
    const fetch: typeof globalThis.fetch = (input, init) => {
      calls.n++;
      return globalThis.fetch(input, init);
    };
    return { calls, fetch };
  };

  it('spot: true is unsupported', async () => {
    const { calls, fetch } = countingFetch();
    const error = await rejection(provider({ fetch }).spawnCompute({ gpu: 'l4', image: 'x', spot: true }));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toMatch(/spot/i);
    expect(calls.n).toBe(0);
  });

  it("auth 'signed_url' is unsupported", async () => {
    const { calls, fetch } = countingFetch();
    const error = await rejection(provider({ fetch }).spawnCompute({ gpu: 'l4', image: 'x', auth: 'signed_url' }));
    expect(error.kind).toBe('unsupported');
    expect(calls.n).toBe(0);
  });

  it('a missing key names the three ways to set it', async () => {
    const saved = process.env.RUNPOD_API_KEY;
    delete process.env.RUNPOD_API_KEY;
    try {
      const { calls, fetch } = countingFetch();
      const error = await rejection(createRunPod({ fetch }).spawnCompute({ gpu: 'l4', image: 'x' }));
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toContain('RUNPOD_API_KEY');
      expect(calls.n).toBe(0);
    } finally {
      if (saved !== undefined) process.env.RUNPOD_API_KEY = saved;
    }
  });

  it('reads RUNPOD_API_KEY at call time, not at creation', async () => {
    const saved = process.env.RUNPOD_API_KEY;
    const runpod = createRunPod({ retry: { limit: 0 } });
    process.env.RUNPOD_API_KEY = 'rp_env_key_abcdefgh';
    try {
      const seen = captureCreate();
      await runpod.spawnCompute({ gpu: 'l4', image: 'x' });
      expect(seen.headers?.get('authorization')).toBe('Bearer rp_env_key_abcdefgh');
    } finally {
      if (saved === undefined) delete process.env.RUNPOD_API_KEY;
      else process.env.RUNPOD_API_KEY = saved;
    }
  });

  it('an unknown GPU is unsupported and names the known ones', async () => {
    const { calls, fetch } = countingFetch();
    const error = await rejection(provider({ fetch }).spawnCompute({ gpu: 'a10', image: 'x' }));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain('rtx_4090');
    expect(calls.n).toBe(0);
  });

  it('invalid input is a validation error naming the field', async () => {
    const { calls, fetch } = countingFetch();
    const error = await rejection(provider({ fetch }).spawnCompute({ gpu: 'l4', image: 'x', gpuCount: 0 }));
    expect(error.kind).toBe('validation');
    expect(error.issues.map((i) => i.path)).toContain('gpuCount');
    expect(calls.n).toBe(0);
  });

  it('a persistent volume under 10 GB, or with a network volume, is a validation error', async () => {
    const { calls, fetch } = countingFetch();
    const small = await rejection(provider({ fetch }).spawnCompute({ gpu: 'l4', image: 'x', volumeGb: 5 }));
    expect(small.kind).toBe('validation');
    expect(small.issues[0]?.path).toBe('volumeGb');
    const both = await rejection(
      provider({ fetch }).spawnCompute({ gpu: 'l4', image: 'x', volumeGb: 20, networkVolumeId: 'v' }),
    );
    expect(both.kind).toBe('validation');
    expect(calls.n).toBe(0);
  });
});
