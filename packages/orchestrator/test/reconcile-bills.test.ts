import { createRunPod } from '@atlas/runpod';
import { startRunPodFake } from '@atlas/runpod/testing';
import { createVast } from '@atlas/vast';
import { startVastFake } from '@atlas/vast/testing';
import { describe, expect, it } from 'vitest';
import { createOrchestrator, type EventOf } from '../src/index.js';
import { FakeClock } from './fake-clock.js';

const HOUR = 3_600_000;

/** A cloud whose bill the orchestrator reconciles with: its provider over its fake, and the bill reader. */
interface BilledCloud {
  readonly provider: ReturnType<typeof createRunPod> | ReturnType<typeof createVast>;
  readBill(from: number, to: number, signal: AbortSignal): Promise<number>;
  close(): Promise<void>;
}

const clouds = [
  {
    cloud: 'RunPod (the fake’s /v2/billing)',
    // Digits the estimate and the bill agree to.
    digits: 4,
    async start(): Promise<BilledCloud> {
      const fake = await startRunPodFake({ provisioningMs: 20, startingMs: 20 });
      const runpod = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
      return {
        provider: runpod,
        readBill: (from, to, signal) => runpod.billing.totalUsd({ from, to }, { signal }),
        close: () => fake.close(),
      };
    },
  },
  {
    cloud: 'Vast.ai (the fake’s /api/v0/charges)',
    // Vast rounds a contract's amount to 3 decimals.
    digits: 3,
    async start(): Promise<BilledCloud> {
      const fake = await startVastFake({ provisioningMs: 20 });
      // No client-side spacing: the limiter would wait on the faked setTimeout.
      const vast = createVast({ apiKey: fake.apiKey, baseUrl: fake.url, minIntervalMs: 0 });
      return {
        provider: vast,
        readBill: (from, to, signal) => vast.billing.totalUsd({ from, to }, { signal }),
        close: () => fake.close(),
      };
    },
  },
] as const;

/**
 * Waits in real time (setImmediate is not faked) for what an HTTP call started by a fake timer
 * brings back: the fake answers over loopback while the test's clock stands still.
 */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not seen: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe.each(clouds)('reconciling with the bill of $cloud, over loopback', ({ start: startCloud, digits }) => {
  it('the estimate matches the bill for the orchestrator’s machines; one rented by hand shows as a spend_mismatch', async () => {
    const { provider, readBill, close } = await startCloud();
    // The fake and the orchestrator read the same (faked) Date: an hour passes at once for both.
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
    const bills: { from: number; to: number; usd: number }[] = [];
    const orch = createOrchestrator({
      provider,
      ownerId: `e2e-bill-${provider.id}`,
      clock,
      idleTtlMs: 24 * HOUR,
      maxRuntimeMs: 24 * HOUR,
      pollIntervalMs: 10 * HOUR,
      reapIntervalMs: 10 * HOUR,
      reconcile: {
        provider: provider.id,
        intervalMs: HOUR,
        readBill: async (from, to, signal) => {
          const usd = await readBill(from, to, signal);
          bills.push({ from, to, usd });
          return usd;
        },
      },
    });
    const mismatches: EventOf<'spend_mismatch'>[] = [];
    orch.on('spend_mismatch', (event) => mismatches.push(event));
    const begin = clock.now();
    let handMade: string | undefined;
    try {
      const { session, compute } = await orch.spawn({ gpu: 'rtx_4090', image: 'ghcr.io/acme/infer:1' });
      expect(session.billedFrom).toBe(begin);
      expect(session.pricePerHour).toBeGreaterThan(0);

      await clock.advance(HOUR);
      await until(() => bills.length === 1, 'the first bill');
      expect(bills[0]).toMatchObject({ from: begin, to: begin + HOUR });
      expect(bills[0]!.usd).toBeCloseTo(compute.costPerHour!, digits);
      // After the bill came back, the comparison is microtasks only: one macrotask turn settles it.
      await new Promise((resolve) => setImmediate(resolve));
      expect(mismatches).toEqual([]);

      // Billed to the same account, but no session of the orchestrator: the estimate cannot know it.
      const other = await provider.spawnCompute({ gpu: 'rtx_4090', image: 'ghcr.io/acme/other:1', name: 'by-hand' });
      handMade = other.id;
      await clock.advance(HOUR);
      await until(() => mismatches.length === 1, 'the mismatch');
      expect(mismatches[0]).toMatchObject({ provider: provider.id, from: begin + HOUR, to: begin + 2 * HOUR });
      expect(mismatches[0]!.estimatedUsd).toBeCloseTo(compute.costPerHour!, digits);
      expect(mismatches[0]!.billedUsd).toBeCloseTo(compute.costPerHour! + other.costPerHour!, digits);
      expect(mismatches[0]!.differenceUsd).toBeCloseTo(-other.costPerHour!, digits);
    } finally {
      if (handMade !== undefined) await provider.terminate(handMade);
      await orch.close({ terminate: true });
      await close();
    }
  });
});
