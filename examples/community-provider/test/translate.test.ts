import { type ComputeRequest, isAtlasError } from '@atlas/core';
import { parseComputeRequest } from '@atlas/core/provider';
import { describe, expect, it } from 'vitest';
import type { AcmeInstance } from '../src/api.js';
import { toCompute, toCreateBody } from '../src/translate.js';

const request = (input: Record<string, unknown>): ComputeRequest =>
  parseComputeRequest({ gpu: 'h100', image: 'ghcr.io/acme/echo:1', ...input }, 'acme');

const instance: AcmeInstance = {
  id: 'inst_1',
  name: 'demo',
  state: 'pending',
  gpu_type: 'acme-h100-80g-sxm',
  gpu_count: 2,
  image: 'ghcr.io/acme/echo:1',
  ip: null,
  ports: [{ port: 8000, protocol: 'http', url: 'https://inst_1-8000.proxy.acme.example' }],
  hourly_price: 5.98,
  region: 'us-east',
  created_at: '2026-11-27T10:00:00.000Z',
};

describe('toCreateBody', () => {
  it('uses the preferred native id of the canonical GPU', () => {
    expect(toCreateBody(request({ gpuCount: 2 }), {})).toMatchObject({ gpu_type: 'acme-h100-80g', gpu_count: 2 });
  });

  it('merges providerOptions, but never over a normalized field', () => {
    const body = toCreateBody(request({ providerOptions: { spot_bid: 1.2, image: 'evil:latest' } }), {});
    expect(body.spot_bid).toBe(1.2);
    expect(body.image).toBe('ghcr.io/acme/echo:1');
  });

  it('rejects a GPU Acme lacks as unsupported, naming the GPUs it has', () => {
    let caught: unknown;
    try {
      toCreateBody(request({ gpu: 'mi300x' }), {});
    } catch (error) {
      caught = error;
    }
    expect(isAtlasError(caught) && caught.kind).toBe('unsupported');
    expect(String((caught as Error).message)).toContain('a100_80g');
  });
});

describe('toCompute', () => {
  it('maps state, canonical GPU and ports', () => {
    expect(toCompute(instance)).toMatchObject({
      id: 'inst_1',
      provider: 'acme',
      status: 'provisioning',
      gpuType: 'h100_sxm',
      gpuCount: 2,
      ports: [{ internal: 8000, protocol: 'http', url: 'https://inst_1-8000.proxy.acme.example' }],
    });
  });

  it('keeps unknown native fields in raw but scrubs the env values Acme echoes back', () => {
    const compute = toCompute({ ...instance, env: { HF_TOKEN: 'hf_secret_value_123' }, billing_tier: 'gold' });
    expect(compute.raw).toMatchObject({ billing_tier: 'gold' });
    expect(JSON.stringify(compute.raw)).not.toContain('hf_secret_value_123');
  });
});
