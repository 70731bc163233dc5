import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { pod, provider, REST, rejection, useNock } from './helpers.js';

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
