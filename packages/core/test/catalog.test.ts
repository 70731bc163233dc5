import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GPU_CATALOG, type GpuId, gpuInfo, isAtlasError, isKnownGpuId } from '../src/index.js';
import { defineGpuMap, nativeGpuIds, toCanonicalGpu, toNativeGpu } from '../src/provider/index.js';

const map = defineGpuMap({
  h100: ['NVIDIA H100 80GB HBM3', 'NVIDIA H100 PCIe'],
  h100_sxm: 'NVIDIA H100 80GB HBM3',
  h100_pcie: 'NVIDIA H100 PCIe',
  a100_80g: ['NVIDIA A100-SXM4-80GB', 'NVIDIA A100 80GB PCIe'],
  l4: 'NVIDIA L4',
  rtx_4090: 'NVIDIA GeForce RTX 4090',
});

describe('canonical ids', () => {
  it('carry vendor, memory and a name, keyed by their own id', () => {
    for (const [id, info] of Object.entries(GPU_CATALOG)) {
      expect(info.id).toBe(id);
      expect(['nvidia', 'amd']).toContain(info.vendor);
      expect(info.memoryGb).toBeGreaterThan(0);
      expect(info.displayName.length).toBeGreaterThan(0);
    }
    expect(gpuInfo('h100')?.memoryGb).toBe(80);
    expect(gpuInfo('mi300x')?.vendor).toBe('amd');
  });

  it('stay open for hardware newer than this release', () => {
    const future: GpuId = 'x300';
    expect(isKnownGpuId(future)).toBe(false);
    expect(gpuInfo(future)).toBeUndefined();
    expect(isKnownGpuId('toString')).toBe(false);
  });
});

describe('canonical to native', () => {
  it('returns the preferred native id first', () => {
    expect(toNativeGpu(map, 'h100', 'mycloud')).toBe('NVIDIA H100 80GB HBM3');
    expect(nativeGpuIds(map, 'h100')).toEqual(['NVIDIA H100 80GB HBM3', 'NVIDIA H100 PCIe']);
    expect(toNativeGpu(map, 'l4', 'mycloud')).toBe('NVIDIA L4');
    expect(nativeGpuIds(map, 'l4')).toEqual(['NVIDIA L4']);
  });

  it('fails with `unsupported` naming the provider, the GPU and every GPU it knows', () => {
    const error = (() => {
      try {
        return toNativeGpu(map, 'b200', 'mycloud');
      } catch (e) {
        return e;
      }
    })();
    expect(isAtlasError(error)).toBe(true);
    if (!isAtlasError(error)) return;
    expect(error.kind).toBe('unsupported');
    expect(error.provider).toBe('mycloud');
    expect(error.message).toContain("'b200'");
    for (const known of Object.keys(map)) expect(error.message).toContain(known);
    expect(error.issues[0]?.path).toBe('gpu');
  });

  it('does not mistake Object.prototype members for GPUs', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(nativeGpuIds(map, name)).toEqual([]);
      expect(() => toNativeGpu(map, name, 'mycloud')).toThrow(/not available on mycloud/);
    }
  });

  it('does not list a GPU whose native list is empty as known', () => {
    const sparse = defineGpuMap({ l4: 'NVIDIA L4', a10: [] });
    expect(() => toNativeGpu(sparse, 'a10', 'mycloud')).toThrow(/Known GPUs: l4\./);
  });
});

describe('native to canonical', () => {
  it('is case-insensitive and ignores surrounding spaces', () => {
    expect(toCanonicalGpu(map, 'nvidia l4')).toBe('l4');
    expect(toCanonicalGpu(map, '  NVIDIA GEFORCE RTX 4090 ')).toBe('rtx_4090');
  });

  it('prefers the most specific canonical id when several list the same native id', () => {
    expect(toCanonicalGpu(map, 'NVIDIA H100 80GB HBM3')).toBe('h100_sxm');
    expect(toCanonicalGpu(map, 'NVIDIA H100 PCIe')).toBe('h100_pcie');
    expect(toCanonicalGpu(map, 'NVIDIA A100 80GB PCIe')).toBe('a100_80g');
  });

  it('is undefined for a native id the map does not know', () => {
    expect(toCanonicalGpu(map, 'NVIDIA Z9000')).toBeUndefined();
    expect(toCanonicalGpu({}, 'NVIDIA L4')).toBeUndefined();
  });

  it('round-trips every canonical id through its preferred native id', () => {
    const exact = defineGpuMap({ l4: 'NVIDIA L4', a10: 'NVIDIA A10', a100_40g: ['A100-40', 'A100-PCIE-40GB'] });
    for (const canonical of Object.keys(exact)) {
      expect(toCanonicalGpu(exact, toNativeGpu(exact, canonical, 'x'))).toBe(canonical);
    }
  });
});

describe('docs/gpu-catalog.md', () => {
  it('lists every canonical id with its vendor and memory', () => {
    const page = readFileSync(new URL('../../../docs/gpu-catalog.md', import.meta.url), 'utf8');
    const rows = new Map(
      [...page.matchAll(/^\| `([a-z0-9_]+)` \| [^|]+ \| (nvidia|amd) \| (\d+) \|$/gm)].map((m) => [
        m[1],
        { vendor: m[2], memoryGb: Number(m[3]) },
      ]),
    );
    expect([...rows.keys()].sort()).toEqual(Object.keys(GPU_CATALOG).sort());
    for (const info of Object.values(GPU_CATALOG)) {
      expect(rows.get(info.id)).toEqual({ vendor: info.vendor, memoryGb: info.memoryGb });
    }
  });
});
