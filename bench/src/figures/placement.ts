import { type CallContext, type ComputeRequestInput, type Provider, spawnCompute, terminate } from '@atlas/core';
import { createLambdaLabs } from '@atlas/lambda-labs';
import { startLambdaFake } from '@atlas/lambda-labs/testing';
import { createCatalogCache, place, quote } from '@atlas/placement';
import { createRunPod } from '@atlas/runpod';
import { startRunPodFake } from '@atlas/runpod/testing';
import { createVast } from '@atlas/vast';
import { startVastFake } from '@atlas/vast/testing';
import type { BenchConfig } from '../config.js';
import type { FigureResult } from '../row.js';
import { median, ratio } from '../stats.js';

/** What each cloud answers when it has no stock, as its provider's error rules read it. */
const NO_CAPACITY: Record<string, { status: number; body: unknown }> = {
  runpod: { status: 400, body: { title: 'Bad Request', detail: 'There are no instances currently available' } },
  'lambda-labs': {
    status: 400,
    body: { error: { code: 'instance-operations/launch/insufficient-capacity', message: 'Not enough capacity' } },
  },
  vast: { status: 404, body: { success: false, error: 'no_such_ask', msg: 'no_such_ask: the offer is gone' } },
};

const REQUEST: ComputeRequestInput = { gpu: 'h100', image: 'ghcr.io/acme/infer:1' };

/**
 * Figure 9: placement across the RunPod, Lambda Labs and Vast.ai fakes (in this process, on
 * loopback) when the two cheapest clouds are out of capacity: the time to a placed machine and the
 * requests it makes (catalog reads included, fresh each time), against one direct spawn on the cloud
 * placement lands on.
 */
export async function placement(config: BenchConfig): Promise<FigureResult> {
  const rounds = config.placementRounds;
  const [runpodFake, lambdaFake, vastFake] = await Promise.all([startRunPodFake(), startLambdaFake(), startVastFake()]);
  try {
    const providers: Record<string, Provider> = {
      runpod: createRunPod({ apiKey: runpodFake.apiKey, baseUrl: runpodFake.url }),
      'lambda-labs': createLambdaLabs({ apiKey: lambdaFake.apiKey, baseUrl: lambdaFake.url, launchIntervalMs: 0 }),
      vast: createVast({ apiKey: vastFake.apiKey, baseUrl: vastFake.url, minIntervalMs: 0 }),
    };
    const fakes: Record<string, { faults: { inject(op: 'spawnCompute', fault: object): void } }> = {
      runpod: runpodFake,
      'lambda-labs': lambdaFake,
      vast: vastFake,
    };
    const { offers } = await quote({ gpu: 'h100' }, { providers, cache: createCatalogCache() });
    const order = [...new Set(offers.map((offer) => offer.provider))];
    const [first, second, third] = order as [string, string, string];
    for (const id of [first, second])
      fakes[id]!.faults.inject('spawnCompute', { ...NO_CAPACITY[id], times: 1_000_000 });

    let requests = 0;
    const counting: CallContext = { hooks: { onRequest: () => void requests++ } };
    const placed: number[] = [];
    const direct: number[] = [];
    const placedRequests: number[] = [];
    const directRequests: number[] = [];
    for (let round = 0; round < rounds; round++) {
      requests = 0;
      let t = performance.now();
      const result = await place(REQUEST, {
        providers,
        cache: createCatalogCache(),
        context: counting,
        maxAttempts: 20,
      });
      placed.push(performance.now() - t);
      placedRequests.push(requests);
      await terminate(providers[result.compute.provider]!, result.compute.id);

      requests = 0;
      t = performance.now();
      const compute = await spawnCompute({ ...REQUEST, provider: providers[third]!, ...counting });
      direct.push(performance.now() - t);
      directRequests.push(requests);
      await terminate(providers[third]!, compute.id);
    }
    const placedMs = median(placed);
    const directMs = median(direct);
    return {
      rows: [
        {
          figure: '9',
          metric: `time to a placed machine, the two cheapest of ${order.join(' < ')} out of capacity`,
          unit: 'ms',
          atlas: placedMs,
          baseline: directMs,
          baselineName: `one direct spawn on ${third}`,
          ratio: ratio(placedMs, directMs),
          note: `median of ${rounds}; includes reading three catalogs and the failed creates`,
        },
        {
          figure: '9',
          metric: 'requests per placement (same case)',
          unit: 'requests',
          atlas: median(placedRequests),
          baseline: median(directRequests),
          baselineName: `one direct spawn on ${third}`,
          ratio: ratio(median(placedRequests), median(directRequests)),
        },
      ],
    };
  } finally {
    await Promise.all([runpodFake.close(), lambdaFake.close(), vastFake.close()]);
  }
}
