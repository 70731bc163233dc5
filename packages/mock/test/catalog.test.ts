import { GPU_CATALOG } from '@atlas/core';
import { nativeGpuIds, toCanonicalGpu } from '@atlas/core/provider';
import { describe, expect, it } from 'vitest';
import { createMock, MOCK_GPU_MAP, mock } from '../src/index.js';

describe('catalog', () => {
  it('maps every canonical GPU id', () => {
    const missing = Object.keys(GPU_CATALOG).filter((id) => nativeGpuIds(MOCK_GPU_MAP, id).length === 0);
    expect(missing).toEqual([]);
  });

  it('lists one entry per native GPU, with secure and spot prices and stock', async () => {
    const types = await createMock({ clock: () => 0 }).listGpuTypes();
    expect(types.map((t) => t.id).sort()).toEqual([...new Set(Object.values(MOCK_GPU_MAP).flat())].sort());
    for (const type of types) {
      expect(type.provider).toBe('mock');
      expect(toCanonicalGpu(MOCK_GPU_MAP, type.id)).toBeDefined();
      expect(type.pricePerHour.spot).toBeLessThan(type.pricePerHour.secure ?? 0);
      expect(type.observedAt).toBe('1970-01-01T00:00:00.000Z');
    }
    expect(types.find((t) => t.canonical === 'h100_sxm')).toMatchObject({
      displayName: 'NVIDIA H100 SXM 80GB',
      memoryGb: 80,
      pricePerHour: { secure: 2.99, community: 2.69, spot: 1.75 },
      stock: 'high',
    });
  });

  it('offers a shared default instance', async () => {
    mock.reset();
    expect(mock.id).toBe('mock');
    expect(mock.capabilities).toContain('serverless');
    expect(await mock.listCompute()).toEqual([]);
  });
});
