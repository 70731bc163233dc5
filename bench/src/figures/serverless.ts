import { createRunPod } from '@atlas/runpod';
import runpodSdk from 'runpod-sdk';
import type { BenchConfig } from '../config.js';
import { startFake } from '../fake-handle.js';
import { pairedLatencies, warmUp } from '../measure.js';
import type { FigureResult } from '../row.js';
import { median, p99, ratio } from '../stats.js';

const ENDPOINT = 'bench-endpoint';
const BASELINE = 'runpod-sdk run + status';
const INPUT = { prompt: 'hello from the bench' };

/**
 * Figure 2: one job submitted and read back (`runJob` + `getJob`) through @atlas/runpod vs the
 * official `runpod-sdk` (`endpoint.run` + `endpoint.status`), on the same fake runtime server.
 * runpod-sdk takes `{ baseUrl }` (default https://api.runpod.ai/v2) as its second argument.
 */
export async function serverless(config: BenchConfig): Promise<FigureResult> {
  const fake = await startFake({ latencyMs: 0, validateRequests: false, endpoints: [ENDPOINT] });
  try {
    const provider = createRunPod({ apiKey: fake.apiKey, runtimeBaseUrl: fake.runtimeUrl });
    const endpoint = runpodSdk(fake.apiKey, { baseUrl: `${fake.runtimeUrl}/v2` }).endpoint(ENDPOINT);
    if (endpoint === null) throw new Error('runpod-sdk returned no endpoint');
    const atlas = async () => {
      const job = await provider.runJob({ endpoint: ENDPOINT, input: INPUT });
      return provider.getJob(job);
    };
    const sdk = async () => {
      const queued = await endpoint.run({ input: INPUT });
      // runpod-sdk resolves `{status, statusText}` on an HTTP error instead of throwing.
      if (typeof queued.id !== 'string') throw new Error(`runpod-sdk run failed: ${JSON.stringify(queued)}`);
      const status = await endpoint.status(queued.id);
      if (typeof status.id !== 'string') throw new Error(`runpod-sdk status failed: ${JSON.stringify(status)}`);
      return status;
    };
    await warmUp(atlas, config.warmUp);
    await warmUp(sdk, config.warmUp);
    const lat = await pairedLatencies(atlas, sdk, { rounds: config.jobRounds, perRound: config.jobPerRound });
    const medianRatio = ratio(median(lat.a), median(lat.b));
    return {
      rows: [
        {
          figure: '2',
          metric: 'runJob + getJob latency, median',
          unit: 'ms',
          atlas: median(lat.a),
          baseline: median(lat.b),
          baselineName: BASELINE,
          ratio: medianRatio,
          target: '< 1.00x',
          met: medianRatio < 1,
          note: `${lat.a.length} pairs each`,
        },
        {
          figure: '2',
          metric: 'runJob + getJob latency, p99',
          unit: 'ms',
          atlas: p99(lat.a),
          baseline: p99(lat.b),
          baselineName: BASELINE,
          ratio: ratio(p99(lat.a), p99(lat.b)),
        },
      ],
    };
  } finally {
    await fake.close();
  }
}
