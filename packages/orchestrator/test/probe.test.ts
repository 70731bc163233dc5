import type { Compute } from '@atlas/core';
import { describe, expect, it } from 'vitest';
import { defaultEndpointResolver } from '../src/probe.js';

const compute = (overrides: Partial<Compute>): Compute => ({
  id: 'c1',
  provider: 'mock',
  status: 'running',
  gpuCount: 1,
  ports: [],
  raw: {},
  ...overrides,
});

describe('defaultEndpointResolver', () => {
  it("uses an HTTP port's proxy URL", () => {
    const c = compute({
      ports: [{ internal: 8000, protocol: 'http', url: 'https://c1-8000.proxy.example' }],
      publicIp: '203.0.113.9',
    });
    expect(defaultEndpointResolver(c, 8000, 'http')).toEqual({ url: 'https://c1-8000.proxy.example' });
  });

  it('falls back to the public IP and the external port', () => {
    const c = compute({ ports: [{ internal: 22, external: 40022, protocol: 'tcp' }], publicIp: '203.0.113.9' });
    expect(defaultEndpointResolver(c, 22, 'tcp')).toEqual({ host: '203.0.113.9', port: 40022 });
    expect(defaultEndpointResolver(c, 22, 'http')).toEqual({ url: 'http://203.0.113.9:40022' });
  });

  it('has no address before the provider gives one', () => {
    expect(defaultEndpointResolver(compute({ ports: [{ internal: 22, protocol: 'tcp' }] }), 22, 'tcp')).toBeUndefined();
  });
});
