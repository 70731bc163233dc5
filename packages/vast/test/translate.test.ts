import { describe, expect, it } from 'vitest';
import type { Offer } from '../src/api/offers.js';
import { canonicalGpu } from '../src/gpu-map.js';
import { offersToGpuTypes } from '../src/translate/gpu-types.js';
import { decodeLabel, encodeLabel, spawnMarker } from '../src/translate/label.js';

const offer = (fields: Partial<Offer> & Pick<Offer, 'id' | 'gpu_name' | 'dph_total'>): Offer => ({
  num_gpus: 1,
  gpu_ram: 24_564,
  min_bid: fields.dph_total / 2,
  ...fields,
});

describe('labels: the name, then the per-attempt marker', () => {
  it('round-trips any name, owner stamps included', () => {
    for (const name of ['atlas-owner1-sess12345678', 'my box', 'a #atlas:b', '']) {
      expect(decodeLabel(encodeLabel(name, '0123456789abcdef'))).toEqual({ name, marker: '0123456789abcdef' });
    }
  });

  it('a label set by hand is all name; none is no name', () => {
    expect(decodeLabel('set in the console')).toEqual({ name: 'set in the console' });
    expect(decodeLabel(null)).toEqual({});
  });

  it('an idempotency key makes the marker (so a repeat finds the first rent); otherwise it is random', () => {
    expect(spawnMarker('order 42/x', () => 'unused')).toBe('k-order-42-x');
    expect(spawnMarker(undefined, () => '0123456789abcdef')).toBe('0123456789abcdef');
  });
});

describe('GPU names', () => {
  it.each([
    ['H100 SXM', 81_559, 'h100_sxm'],
    ['H100 NVL', 95_830, 'h100'],
    ['A100 SXM4', 81_920, 'a100_80g'],
    ['A100 PCIE', 40_960, 'a100_40g'],
    ['A10g', 23_028, 'a10'],
    ['RTX 4090', 24_564, 'rtx_4090'],
    ['Tesla K80', 12_000, undefined],
  ])('%s with %i MB is %s', (name, ram, canonical) => {
    expect(canonicalGpu(name, ram)).toBe(canonical);
  });
});

describe('the market as a catalog', () => {
  it('one entry per GPU (per RAM size for A100s), prices per GPU: lowest and median, on-demand and interruptible', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const types = offersToGpuTypes(
      [
        offer({ id: 1, gpu_name: 'RTX 4090', dph_total: 0.4 }),
        offer({ id: 2, gpu_name: 'RTX 4090', dph_total: 1.0, num_gpus: 2 }),
        offer({ id: 3, gpu_name: 'RTX 4090', dph_total: 0.6 }),
        offer({ id: 4, gpu_name: 'A100 SXM4', dph_total: 1.2, gpu_ram: 81_920 }),
        offer({ id: 5, gpu_name: 'A100 SXM4', dph_total: 0.8, gpu_ram: 40_960 }),
      ],
      now,
    );
    const rtx = types.find((t) => t.canonical === 'rtx_4090');
    expect(rtx).toMatchObject({
      id: 'RTX 4090',
      provider: 'vast',
      memoryGb: 24,
      pricePerHour: { community: 0.4, spot: 0.2 },
      stock: 'medium',
      observedAt: now.toISOString(),
      raw: { offers: 3, onDemand: { lowest: 0.4, median: 0.5 }, interruptible: { lowest: 0.2, median: 0.25 } },
    });
    const a100 = types.filter((t) => t.id === 'A100 SXM4').map((t) => [t.canonical, t.displayName]);
    expect(a100).toEqual(
      expect.arrayContaining([
        ['a100_80g', 'A100 SXM4 80GB'],
        ['a100_40g', 'A100 SXM4 40GB'],
      ]),
    );
  });
});
