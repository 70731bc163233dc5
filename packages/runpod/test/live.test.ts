import type { Compute } from '@atlas/core';
import { describe, expect, it } from 'vitest';
import { createRunPod } from '../src/index.js';

/**
 * Against the real RunPod, with real money: skipped unless RUNPOD_API_KEY is set (CI never sets
 * it). Spawns the cheapest GPU in stock, waits for RUNNING, and always terminates; reads the bill.
 */
describe.skipIf(!process.env.RUNPOD_API_KEY)('live RunPod', () => {
  it('spawns the cheapest available GPU, sees it running, terminates it', { timeout: 15 * 60_000 }, async () => {
    const runpod = createRunPod();
    const types = await runpod.listGpuTypes();
    const candidates = types
      .filter((t) => t.canonical !== undefined && t.stock !== undefined && t.stock !== 'none')
      .flatMap((t) => {
        const offers: { gpu: string; cloud: 'secure' | 'community'; price: number }[] = [];
        if (t.pricePerHour.community !== undefined && t.pricePerHour.community > 0) {
          offers.push({ gpu: t.canonical as string, cloud: 'community', price: t.pricePerHour.community });
        }
        if (t.pricePerHour.secure !== undefined && t.pricePerHour.secure > 0) {
          offers.push({ gpu: t.canonical as string, cloud: 'secure', price: t.pricePerHour.secure });
        }
        return offers;
      })
      .sort((a, b) => a.price - b.price);
    expect(candidates.length, 'no mapped GPU in stock').toBeGreaterThan(0);

    let compute: Compute | undefined;
    try {
      for (const offer of candidates.slice(0, 5)) {
        try {
          compute = await runpod.spawnCompute({
            gpu: offer.gpu,
            cloudType: offer.cloud,
            image: 'runpod/base:0.6.2-cuda12.2.0',
            ports: [{ port: 8000, protocol: 'http' }],
            containerDiskGb: 10,
          });
          break;
        } catch (error) {
          // Stock moves between the catalog read and the create: try the next offer.
          if ((error as { kind?: string }).kind !== 'capacity') throw error;
        }
      }
      expect(compute, 'every candidate was out of capacity').toBeDefined();
      const id = (compute as Compute).id;
      const deadline = Date.now() + 10 * 60_000;
      let status = (compute as Compute).status;
      while (status !== 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        status = (await runpod.getCompute(id)).status;
        expect(status).not.toBe('failed');
      }
      expect(status).toBe('running');
    } finally {
      if (compute !== undefined) await runpod.terminate(compute.id);
    }
  });

  it('reads the pod bill of the last week in the shape Atlas reads (a read, no money)', async () => {
    const runpod = createRunPod();
    const bill = await runpod.billing.pods({ lastN: 7, bucketSize: 'day' });
    expect(Date.parse(bill.from)).toBeLessThan(Date.parse(bill.to));
    expect(bill.records.every((record) => typeof record.podId === 'string' && record.amountUsd >= 0)).toBe(true);
    const total = await runpod.billing.totalUsd({ from: bill.from, to: bill.to });
    expect(total).toBeGreaterThanOrEqual(0);
  });
});
