import { createVast } from '@atlas/vast';
import { startVastFake, type VastFake } from '@atlas/vast/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type EventOf } from '../src/index.js';
import { FakeClock } from './fake-clock.js';

const HOUR = 3_600_000;

let fake: VastFake;
beforeAll(async () => {
  fake = await startVastFake({ provisioningMs: 20 });
});
afterAll(async () => {
  await fake.close();
});

/**
 * Waits in real time (setImmediate is not faked) for what an HTTP call started by a fake timer
 * brings back: the Vast fake answers over loopback while the test's clock stands still.
 */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not seen: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('reconciling with Vast.ai’s bill (the Vast fake’s /api/v0/charges, over loopback)', () => {
  it('vast.billing.totalUsd as readBill: the estimate matches; an instance rented by hand is a spend_mismatch', async () => {
    // The fake and the orchestrator read the same (faked) Date: an hour passes at once for both.
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
    // No client-side spacing: the limiter would wait on the faked setTimeout.
    const vast = createVast({ apiKey: fake.apiKey, baseUrl: fake.url, minIntervalMs: 0 });
    const bills: { from: number; to: number; usd: number }[] = [];
    const orch = createOrchestrator({
      provider: vast,
      ownerId: 'e2e-vast-bill',
      clock,
      idleTtlMs: 24 * HOUR,
      maxRuntimeMs: 24 * HOUR,
      pollIntervalMs: 10 * HOUR,
      reapIntervalMs: 10 * HOUR,
      reconcile: {
        provider: 'vast',
        intervalMs: HOUR,
        readBill: async (from, to, signal) => {
          const usd = await vast.billing.totalUsd({ from, to }, { signal });
          bills.push({ from, to, usd });
          return usd;
        },
      },
    });
    const mismatches: EventOf<'spend_mismatch'>[] = [];
    orch.on('spend_mismatch', (event) => mismatches.push(event));
    const start = clock.now();
    let handMade: string | undefined;
    try {
      const { session, compute } = await orch.spawn({ gpu: 'rtx_4090', image: 'ghcr.io/acme/infer:1' });
      expect(session.billedFrom).toBe(start);
      expect(session.pricePerHour).toBeGreaterThan(0);

      await clock.advance(HOUR);
      await until(() => bills.length === 1, 'the first bill');
      expect(bills[0]).toMatchObject({ from: start, to: start + HOUR });
      expect(bills[0]!.usd).toBeCloseTo(compute.costPerHour!, 3);
      // After the bill came back, the comparison is microtasks only: one macrotask turn settles it.
      await new Promise((resolve) => setImmediate(resolve));
      expect(mismatches).toEqual([]);

      // Billed to the same account, but no session of the orchestrator: the estimate cannot know it.
      const other = await vast.spawnCompute({ gpu: 'rtx_4090', image: 'ghcr.io/acme/other:1', name: 'by-hand' });
      handMade = other.id;
      await clock.advance(HOUR);
      await until(() => mismatches.length === 1, 'the mismatch');
      expect(mismatches[0]).toMatchObject({ provider: 'vast', from: start + HOUR, to: start + 2 * HOUR });
      expect(mismatches[0]!.estimatedUsd).toBeCloseTo(compute.costPerHour!, 3);
      expect(mismatches[0]!.billedUsd).toBeCloseTo(compute.costPerHour! + other.costPerHour!, 3);
      expect(mismatches[0]!.differenceUsd).toBeCloseTo(-other.costPerHour!, 3);
    } finally {
      if (handMade !== undefined) await vast.terminate(handMade);
      await orch.close({ terminate: true });
    }
  });
});
