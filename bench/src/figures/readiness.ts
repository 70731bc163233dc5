import { createOrchestrator } from '@atlas/orchestrator';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import type { BenchConfig } from '../config.js';
import type { FigureResult, Row } from '../row.js';
import { median, ratio } from '../stats.js';

const BASELINE_INTERVAL_MS = 1000;
const BASELINE = 'getCompute every 1 s';
const SPAWN = { gpu: 'rtx_4090', image: 'ghcr.io/acme/infer:1', ports: [{ port: 8000, protocol: 'http' as const }] };

interface Sample {
  /** ms from the pod becoming RUNNING on the fake to the wait resolving. */
  readonly lagMs: number;
  /** Requests for this pod from the wait (after spawn returned). */
  readonly requests: number;
}

/** A provider on `fake` that counts the requests naming a pod id, once `counting.id` is set. */
function countingProvider(fake: RunPodFake) {
  const counting = { id: '', requests: 0 };
  const provider = createRunPod({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    fetch: (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (counting.id !== '' && url.includes(`/v2/pods/${counting.id}`)) counting.requests++;
      return fetch(input, init);
    },
  });
  return { provider, counting };
}

/** When the fake turns the pod RUNNING: its creation plus the provisioning time (no STARTING phase here). */
function runningAt(fake: RunPodFake, id: string, provisioningMs: number): number {
  const created = fake.pods.get(id)?.createdAt;
  if (created === undefined) throw new Error(`pod ${id} is not on the fake`);
  return Date.parse(created) + provisioningMs;
}

/** Atlas: spawn through the orchestrator, then `waitReady` with its defaults. */
async function orchestratorSample(fake: RunPodFake, provisioningMs: number): Promise<Sample> {
  const { provider, counting } = countingProvider(fake);
  // The upstream watch and the reaper are not part of the wait: keep them out of the window.
  const orch = createOrchestrator({ provider, ownerId: 'bench', pollIntervalMs: 600_000, reapIntervalMs: 600_000 });
  try {
    const { session, compute } = await orch.spawn({ ...SPAWN, userId: 'bench' });
    counting.id = compute.id;
    await orch.waitReady(session.id);
    const lagMs = Date.now() - runningAt(fake, compute.id, provisioningMs);
    return { lagMs, requests: counting.requests };
  } finally {
    await orch.close({ terminate: true });
  }
}

/** Baseline: the same pod spawned through the provider, then getCompute once a second until running. */
async function pollingSample(fake: RunPodFake, provisioningMs: number): Promise<Sample> {
  const { provider, counting } = countingProvider(fake);
  const compute = await provider.spawnCompute({ ...SPAWN, name: 'bench-baseline' });
  counting.id = compute.id;
  while ((await provider.getCompute(compute.id)).status !== 'running') {
    await new Promise((resolve) => setTimeout(resolve, BASELINE_INTERVAL_MS));
  }
  const lagMs = Date.now() - runningAt(fake, compute.id, provisioningMs);
  await provider.terminate(compute.id);
  return { lagMs, requests: counting.requests };
}

/**
 * Figure 8: readiness lag. A pod spawned through the orchestrator against the RunPod fake set to
 * provision in about 1 s, 5 s and 30 s (real time), then `orch.waitReady(id)` with its defaults:
 * the time from the pod becoming RUNNING to the wait resolving, and the requests the wait made.
 * Baseline: the loop most code writes, getCompute once a second, on a pod of the same fake.
 *
 * With a fixed schedule and a fixed provisioning time the lag would only say how the two happen to
 * line up, so each sample's provisioning time is spread evenly over `readySpreadMs` more (2 s: the
 * longest pause of either schedule; T + 0.2 s, T + 0.6 s, ... for 5 samples), each sample on its
 * own in-process fake. Samples run side by side: the waits are idle most of the time.
 */
export async function readiness(config: BenchConfig): Promise<FigureResult> {
  const plans = config.readyProvisioningMs.flatMap((nominalMs) =>
    Array.from({ length: config.readySamples }, (_, i) => ({
      nominalMs,
      provisioningMs: Math.round(nominalMs + ((i + 0.5) / config.readySamples) * config.readySpreadMs),
    })),
  );
  const results = await Promise.all(
    plans.map(async (plan) => {
      const fake = await startRunPodFake({
        provisioningMs: plan.provisioningMs,
        startingMs: 0,
        validateRequests: false,
      });
      try {
        const [atlas, baseline] = await Promise.all([
          orchestratorSample(fake, plan.provisioningMs),
          pollingSample(fake, plan.provisioningMs),
        ]);
        return { ...plan, atlas, baseline };
      } finally {
        await fake.close();
      }
    }),
  );
  const rows: Row[] = [];
  for (const nominalMs of config.readyProvisioningMs) {
    const mine = results.filter((result) => result.nominalMs === nominalMs);
    const lag = { atlas: median(mine.map((r) => r.atlas.lagMs)), baseline: median(mine.map((r) => r.baseline.lagMs)) };
    const requests = {
      atlas: median(mine.map((r) => r.atlas.requests)),
      baseline: median(mine.map((r) => r.baseline.requests)),
    };
    const seconds = nominalMs / 1000;
    const spread = `provisioning ${seconds}-${(nominalMs + config.readySpreadMs) / 1000} s`;
    rows.push({
      figure: '8',
      metric: `waitReady lag, pod provisioning ~${seconds} s, median`,
      unit: 'ms',
      atlas: lag.atlas,
      baseline: lag.baseline,
      baselineName: BASELINE,
      ratio: ratio(lag.atlas, lag.baseline),
      target: '< 300 ms',
      met: lag.atlas < 300,
      note: `${mine.length} pods each, ${spread}; Atlas lags ${mine.map((r) => Math.round(r.atlas.lagMs)).join(', ')} ms`,
    });
    rows.push({
      figure: '8',
      metric: `waitReady requests, pod provisioning ~${seconds} s, median`,
      unit: 'requests',
      atlas: requests.atlas,
      baseline: requests.baseline,
      baselineName: BASELINE,
      ratio: ratio(requests.atlas, requests.baseline),
      target: 'fewer',
      met: requests.atlas < requests.baseline,
      note: 'requests naming the pod, from spawn returned to ready',
    });
  }
  return { rows };
}
