import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type EventOf } from '../src/index.js';
import { FakeClock } from './fake-clock.js';

const HOUR = 3_600_000;

let fake: RunPodFake;
beforeAll(async () => {
  fake = await startRunPodFake({ provisioningMs: 20, startingMs: 20 });
});
afterAll(async () => {
  await fake.close();
});

/**
 * Waits in real time (setImmediate is not faked) for what an HTTP call started by a fake timer
 * brings back: the RunPod fake answers over loopback while the test's clock stands still.
 */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not seen: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('reconciling with RunPod’s bill (the RunPod fake’s /v2/billing, over loopback)', () => {
  it('the estimate matches the bill for the orchestrator’s pods; a pod made by hand shows as a spend_mismatch', async () => {
    // The fake and the orchestrator read the same (faked) Date: an hour passes at once for both.
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
    const runpod = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
    const bills: { from: number; to: number; usd: number }[] = [];
    const orch = createOrchestrator({
      provider: runpod,
      ownerId: 'e2e-bill',
      clock,
      idleTtlMs: 24 * HOUR,
      maxRuntimeMs: 24 * HOUR,
      pollIntervalMs: 10 * HOUR,
      reapIntervalMs: 10 * HOUR,
      reconcile: {
        provider: 'runpod',
        intervalMs: HOUR,
        readBill: async (from, to, signal) => {
          const usd = await runpod.billing.totalUsd({ from, to }, { signal });
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
      expect(bills[0]!.usd).toBeCloseTo(compute.costPerHour!, 4);
      // After the bill came back, the comparison is microtasks only: one macrotask turn settles it.
      await new Promise((resolve) => setImmediate(resolve));
      expect(mismatches).toEqual([]);

      // Billed to the same account, but no session of the orchestrator: the estimate cannot know it.
      const other = await runpod.spawnCompute({ gpu: 'rtx_4090', image: 'ghcr.io/acme/other:1', name: 'by-hand' });
      handMade = other.id;
      await clock.advance(HOUR);
      await until(() => mismatches.length === 1, 'the mismatch');
      expect(mismatches[0]).toMatchObject({ provider: 'runpod', from: start + HOUR, to: start + 2 * HOUR });
      expect(mismatches[0]!.estimatedUsd).toBeCloseTo(compute.costPerHour!, 4);
      expect(mismatches[0]!.billedUsd).toBeCloseTo(compute.costPerHour! + other.costPerHour!, 4);
      expect(mismatches[0]!.differenceUsd).toBeCloseTo(-other.costPerHour!, 4);
    } finally {
      if (handMade !== undefined) await runpod.terminate(handMade);
      await orch.close({ terminate: true });
    }
  });
});
