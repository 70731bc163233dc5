import { createRunPod } from '@atlas/runpod';
import type { BenchConfig } from '../config.js';
import { startFake } from '../fake-handle.js';
import type { FigureResult } from '../row.js';
import { median, ratio } from '../stats.js';

/**
 * Figure 4: `burstCalls` concurrent getCompute calls against the fake limited to `burstRps`
 * requests per second (a token bucket answering 429 + Retry-After past it). The bucket is drained
 * first, so the ideal is exactly calls / rps seconds: the time the server needs to hand out that
 * many tokens. Each call gets a retry budget large enough to wait its turn (CallContext.retry).
 */
export async function burst(config: BenchConfig): Promise<FigureResult> {
  const rps = config.burstRps;
  const calls = config.burstCalls;
  const fake = await startFake({ latencyMs: 0, validateRequests: false, rateLimit: { requestsPerSecond: rps } }, 1);
  try {
    const id = fake.podIds[0]!;
    let retries = 0;
    const provider = createRunPod({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      hooks: {
        onRetry: () => {
          retries++;
        },
      },
    });
    const retry = { limit: 20, budgetMs: 60_000 };
    const url = `${fake.url}/v2/pods/${encodeURIComponent(id)}`;
    const headers = { authorization: `Bearer ${fake.apiKey}` };

    // Warm up (JIT, sockets) inside the first refill, then empty the bucket right before each burst.
    const drain = async () => {
      for (;;) {
        const statuses = await Promise.all(
          Array.from({ length: 50 }, async () => (await fetch(url, { headers })).status),
        );
        if (statuses.includes(429)) return;
      }
    };
    await drain();
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const times: number[] = [];
    let failures = 0;
    const reasons = new Set<string>();
    for (let repeat = 0; repeat < config.burstRepeats; repeat++) {
      await drain();
      const start = performance.now();
      const outcomes = await Promise.allSettled(
        Array.from({ length: calls }, () => provider.getCompute(id, { retry })),
      );
      times.push((performance.now() - start) / 1000);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          failures++;
          reasons.add(String((outcome.reason as Error).message).slice(0, 120));
        }
      }
    }
    // Context: the same burst from a bare fetch client that sleeps exactly Retry-After on a 429, so
    // the table shows how much of the gap to the ideal is the server's whole-second Retry-After.
    const bareTimes: number[] = [];
    const bareCall = async () => {
      for (;;) {
        const response = await fetch(url, { headers });
        const text = await response.text();
        if (response.status !== 429) return JSON.parse(text) as unknown;
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? '1') * 1000));
      }
    };
    for (let repeat = 0; repeat < config.burstRepeats; repeat++) {
      await drain();
      const start = performance.now();
      await Promise.all(Array.from({ length: calls }, bareCall));
      bareTimes.push((performance.now() - start) / 1000);
    }
    const seconds = median(times);
    const bareSeconds = median(bareTimes);
    const ideal = calls / rps;
    const timeRatio = ratio(seconds, ideal);
    const failureNote = reasons.size === 0 ? '' : `; first error: ${[...reasons][0]}`;
    return {
      rows: [
        {
          figure: '4',
          metric: `burst of ${calls} getCompute at ${rps} req/s: failures`,
          unit: 'calls',
          atlas: failures,
          baseline: calls * config.burstRepeats,
          baselineName: 'calls made',
          ratio: failures / (calls * config.burstRepeats),
          target: '0 failures',
          met: failures === 0,
          note: `${config.burstRepeats} bursts, ${retries} retries in all${failureNote}`,
        },
        {
          figure: '4',
          metric: `burst of ${calls} getCompute at ${rps} req/s: total time`,
          unit: 's',
          atlas: seconds,
          baseline: ideal,
          baselineName: `ideal ${calls}/${rps} s`,
          ratio: timeRatio,
          target: '<= 1.20x',
          met: timeRatio <= 1.2,
          note: `median of ${config.burstRepeats}; bucket drained first`,
        },
        {
          figure: '4',
          metric: 'same burst, bare fetch client sleeping Retry-After',
          unit: 's',
          atlas: seconds,
          baseline: bareSeconds,
          baselineName: 'bare fetch + Retry-After loop',
          ratio: ratio(seconds, bareSeconds),
          note: `context: the bare client takes ${ratio(bareSeconds, ideal).toFixed(2)}x the ideal; the fake's Retry-After is whole seconds`,
        },
      ],
    };
  } finally {
    await fake.close();
  }
}
