import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { pod, provider, REST, RUNTIME, rejection, useNock } from './helpers.js';

describe('providerOptions cannot override what the contract owns (nock: zero requests)', () => {
  useNock();

  it.each([
    [{ name: 'other' }, 'providerOptions.name'],
    [{ image: 'evil/image' }, 'providerOptions.image'],
    [{ gpu: { id: 'NVIDIA H100 80GB HBM3' } }, 'providerOptions.gpu.id'],
    [{ gpu: { count: 8 } }, 'providerOptions.gpu.count'],
    [{ gpu: 'NVIDIA H100 80GB HBM3' }, 'providerOptions.gpu'],
    [{ ports: ['22/tcp'] }, 'providerOptions.ports'],
    [{ env: { ATLAS_PRESHARED_KEY: 'not-the-minted-one' } }, 'providerOptions.env.ATLAS_PRESHARED_KEY'],
    [{ env: { ATLAS_CREATE_MARKER: 'forged' } }, 'providerOptions.env.ATLAS_CREATE_MARKER'],
  ])('%j: validation naming %s', async (providerOptions, path) => {
    // No mock: any request would fail the test (nock refuses it, and useNock checks nothing is pending).
    const error = await rejection(
      provider().spawnCompute({ gpu: 'l4', image: 'x', auth: 'bearer', ports: [{ port: 8000 }], providerOptions }),
    );
    expect(error.kind).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).toContain(path);
  });

  it('a nested native object merges deeply: gpu.allowedCudaVersions keeps gpu.id and gpu.count', async () => {
    const seen: { body?: Record<string, unknown> } = {};
    nock(REST)
      .post('/v2/pods', (body) => {
        seen.body = body;
        return true;
      })
      .reply(201, pod());
    await provider().spawnCompute({
      gpu: 'rtx_4090',
      gpuCount: 2,
      image: 'x',
      providerOptions: { gpu: { allowedCudaVersions: ['12.8'] } },
    });
    expect(seen.body?.gpu).toEqual({ id: 'NVIDIA GeForce RTX 4090', count: 2, allowedCudaVersions: ['12.8'] });
  });
});

describe('runJob providerOptions cannot override the job the request describes', () => {
  useNock();

  it.each([
    [{ input: { evil: true } }, 'providerOptions.input'],
    [{ webhook: 'https://evil.example/hook' }, 'providerOptions.webhook'],
    [{ policy: { ttl: 1 } }, 'providerOptions.policy'],
  ])('%j: validation naming %s, zero requests', async (providerOptions, path) => {
    const error = await rejection(
      provider().runJob({
        endpoint: 'ep1',
        input: { prompt: 'hi' },
        webhook: 'https://example.com/hook',
        policy: { ttlMs: 60_000 },
        providerOptions,
      }),
    );
    expect(error.kind).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toContain(path);
  });

  it('other fields pass through (s3Config)', async () => {
    let body: unknown;
    nock(RUNTIME)
      .post('/v2/ep1/run', (b) => {
        body = b;
        return true;
      })
      .reply(200, { id: 'j', status: 'IN_QUEUE' });
    await provider().runJob({
      endpoint: 'ep1',
      input: {},
      policy: { ttlMs: 60_000 },
      providerOptions: { s3Config: { bucketName: 'b' } },
    });
    expect(body).toEqual({ input: {}, policy: { ttl: 60_000 }, s3Config: { bucketName: 'b' } });
  });
});
