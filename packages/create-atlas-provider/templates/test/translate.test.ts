import { type ComputeRequest, computeSecrets, isAtlasError } from '@atlas/core';
import { CREATE_MARKER_ENV, parseComputeRequest } from '@atlas/core/provider';
import { describe, expect, it } from 'vitest';
import type { Instance } from '../src/api.js';
// #if gpu_catalog
import { toGpuType } from '../src/translate.js';
// #endif
import { PROVIDER_ID, toCompute, toCreateBody } from '../src/translate.js';

// Unit tests of the pure translation: no server, no network. TODO: keep them in step with src/translate.ts.

const request = (input: Record<string, unknown>): ComputeRequest =>
  parseComputeRequest({ gpu: 'h100', image: 'ghcr.io/example/echo:1', ...input }, PROVIDER_ID);

/** The create body for a request, named `demo`, with the env spawn settled. */
const bodyOf = (input: Record<string, unknown>, env: Record<string, string> = {}) =>
  toCreateBody(request(input), { name: 'demo', env });

const instance: Instance = {
  id: 'inst_1',
  name: 'demo',
  state: 'pending',
  gpu_type: '__PROVIDER_ID__-h100-80g-sxm',
  gpu_count: 2,
  image: 'ghcr.io/example/echo:1',
  ip: null,
  ports: [{ port: 8000, protocol: 'http', url: 'https://inst_1-8000.proxy.example' }],
  hourly_price: 5.98,
  region: 'us-east',
  created_at: '2026-11-27T10:00:00.000Z',
};

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('toCreateBody', () => {
  it('uses the preferred native id of the canonical GPU', () => {
    expect(bodyOf({ gpuCount: 2 })).toMatchObject({
      gpu_type: '__PROVIDER_ID__-h100-80g',
      gpu_count: 2,
    });
  });

  it('sends the name and the env spawn settled, not the request env alone', () => {
    expect(bodyOf({ env: { A: '1' } }, { A: '1', B: '2' })).toMatchObject({ name: 'demo', env: { A: '1', B: '2' } });
  });

  it('merges providerOptions, but never over a normalized field', () => {
    const body = bodyOf({ providerOptions: { disk_gb: 100, image: 'evil:latest' } });
    expect(body.disk_gb).toBe(100);
    expect(body.image).toBe('ghcr.io/example/echo:1');
  });

  it('rejects a GPU the map lacks as unsupported, naming the GPUs it has', () => {
    const error = thrown(() => bodyOf({ gpu: 'mi300x' }));
    expect(isAtlasError(error) && error.kind).toBe('unsupported');
    expect(String((error as Error).message)).toContain('a100_80g');
  });
  // #if spot

  it('asks for a spot machine when the request says spot', () => {
    expect(bodyOf({ spot: true }).spot).toBe(true);
    expect(bodyOf({})).not.toHaveProperty('spot');
  });
  // #endif
  // #if !spot

  it('refuses spot as unsupported', () => {
    const error = thrown(() => bodyOf({ spot: true }));
    expect(isAtlasError(error) && error.kind).toBe('unsupported');
  });
  // #endif
});

describe('toCompute', () => {
  it('maps state, canonical GPU and ports', () => {
    expect(toCompute(instance)).toMatchObject({
      id: 'inst_1',
      provider: PROVIDER_ID,
      status: 'provisioning',
      gpuType: 'h100_sxm',
      gpuCount: 2,
      ports: [{ internal: 8000, protocol: 'http', url: 'https://inst_1-8000.proxy.example' }],
    });
  });

  it('maps a public tcp port to external', () => {
    const compute = toCompute({ ...instance, ports: [{ port: 22, protocol: 'tcp', public_port: 40022 }] });
    expect(compute.ports).toEqual([{ internal: 22, protocol: 'tcp', external: 40022 }]);
  });

  it('keeps unknown native fields in raw but scrubs the env values the API echoes back', () => {
    const compute = toCompute({ ...instance, env: { HF_TOKEN: 'hf_secret_value_123' }, billing_tier: 'gold' });
    expect(compute.raw).toMatchObject({ billing_tier: 'gold' });
    expect(JSON.stringify(compute.raw)).not.toContain('hf_secret_value_123');
  });

  it('declares the env values it reads as the compute secrets (not the create marker), never as a field', () => {
    const env = { HF_TOKEN: 'hf_secret_value_123', [CREATE_MARKER_ENV]: 'marker-to-be-found' };
    const compute = toCompute({ ...instance, env });
    expect(computeSecrets(compute)).toEqual(['hf_secret_value_123']);
    expect(JSON.stringify(compute)).not.toContain('hf_secret_value_123');
  });
});
// #if gpu_catalog

describe('toGpuType', () => {
  const native = {
    name: '__PROVIDER_ID__-l4',
    description: 'L4 24GB',
    memory_gb: 24,
    price_per_hour: 0.44,
    available: 2,
  };

  it('maps a known native id to its canonical id, with price and stock', () => {
    expect(toGpuType(native, '2026-11-27T10:00:00.000Z')).toMatchObject({
      id: '__PROVIDER_ID__-l4',
      canonical: 'l4',
      memoryGb: 24,
      pricePerHour: { secure: 0.44 },
      stock: 'low',
    });
  });

  it('leaves canonical out for a GPU the map does not know', () => {
    expect(toGpuType({ ...native, name: 'unknown-gpu' }, '2026-11-27T10:00:00.000Z')).not.toHaveProperty('canonical');
  });
});
// #endif
