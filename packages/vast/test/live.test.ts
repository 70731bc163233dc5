import { describe, expect, it } from 'vitest';
import { createVast } from '../src/index.js';

/**
 * Against the real Vast.ai API, only with VAST_API_KEY set (never in CI). Read-only: it searches
 * the market and lists instances; it rents nothing.
 */
const key = process.env.VAST_API_KEY;

describe.skipIf(!key)('live: Vast.ai (VAST_API_KEY)', () => {
  const vast = createVast();

  it('lists the market as GPU types', async () => {
    const types = await vast.listGpuTypes();
    expect(types.length).toBeGreaterThan(0);
    expect(types.some((t) => t.canonical === 'rtx_4090')).toBe(true);
  }, 60_000);

  it('searches offers for an RTX 4090', async () => {
    const offers = await vast.searchOffers({ gpu_name: { eq: 'RTX 4090' }, rentable: { eq: true }, limit: 5 });
    for (const offer of offers) expect(offer.gpu_name).toBe('RTX 4090');
  }, 60_000);

  it('lists instances to the last page', async () => {
    expect(Array.isArray(await vast.listCompute())).toBe(true);
  }, 60_000);
});
