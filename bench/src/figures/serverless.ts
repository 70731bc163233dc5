import { createRunPod } from '@atlas/runpod';
import runpodSdk from 'runpod-sdk';
import type { BenchConfig } from '../config.js';
import { startFake } from '../fake-handle.js';
import type { FigureResult, Row } from '../row.js';
import { median, ratio } from '../stats.js';

const ENDPOINT = 'bench-endpoint';
const BASELINE = 'runpod-sdk runSync';
const JOB_OPERATIONS = ['runJob', 'getJob'] as const;

/**
 * Figure 2: the time a user waits for a job's result beyond the job's own duration. A job that
 * runs `durationMs` on the fake's worker (no queue time), through @atlas/runpod's sync run
 * (`runJob({ mode: 'sync' })`, what docs/providers/runpod.md recommends for a result you wait for)
 * vs the official `runpod-sdk`'s `endpoint.runSync`, on the same fake runtime server. runpod-sdk
 * takes `{ baseUrl }` (default https://api.runpod.ai/v2) as its second argument.
 *
 * Samples of both sides are started staggered and alternating (Atlas first, then runpod-sdk first)
 * so that no two answers are due at the same moment and drift lands on both sides. The requests
 * each side makes per job are counted by the fake, one job at a time.
 */
export async function serverless(config: BenchConfig): Promise<FigureResult> {
  const fake = await startFake({ latencyMs: 0, validateRequests: false, jobQueueMs: 0, endpoints: [ENDPOINT] });
  try {
    const provider = createRunPod({ apiKey: fake.apiKey, runtimeBaseUrl: fake.runtimeUrl });
    const endpoint = runpodSdk(fake.apiKey, { baseUrl: `${fake.runtimeUrl}/v2` }).endpoint(ENDPOINT);
    if (endpoint === null) throw new Error('runpod-sdk returned no endpoint');
    const atlas = async (durationMs: number) => {
      const job = await provider.runJob({ endpoint: ENDPOINT, input: { durationMs }, mode: 'sync' });
      if (job.status !== 'completed') throw new Error(`Atlas sync job ended ${job.status}`);
    };
    const sdk = async (durationMs: number) => {
      const result = await endpoint.runSync({ input: { durationMs } });
      // runpod-sdk resolves `{status, statusText}` on an HTTP error instead of throwing.
      if (result.status !== 'COMPLETED') throw new Error(`runpod-sdk runSync ended: ${JSON.stringify(result)}`);
    };
    /** Wall time of one job minus its duration, in ms. */
    const lag = async (run: (durationMs: number) => Promise<void>, durationMs: number) => {
      const start = performance.now();
      await run(durationMs);
      return performance.now() - start - durationMs;
    };
    const requestsPerJob = async (run: (durationMs: number) => Promise<void>, durationMs: number) => {
      await fake.requests(JOB_OPERATIONS);
      await run(durationMs);
      const counts = await fake.requests(JOB_OPERATIONS);
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    };
    for (let i = 0; i < config.warmUp; i++) await Promise.all([atlas(1), sdk(1)]);

    const rows: Row[] = [];
    for (const durationMs of config.jobDurationsMs) {
      const samples = { atlas: [] as number[], sdk: [] as number[] };
      const gap = config.jobStaggerMs;
      await Promise.all(
        Array.from({ length: config.jobSamples }, async (_, i) => {
          const [first, second] = i % 2 === 0 ? (['atlas', 'sdk'] as const) : (['sdk', 'atlas'] as const);
          const runs = { atlas, sdk };
          const one = async (side: 'atlas' | 'sdk', delayMs: number) => {
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            samples[side].push(await lag(runs[side], durationMs));
          };
          await Promise.all([one(first, i * gap), one(second, i * gap + gap / 2)]);
        }),
      );
      const requests = { atlas: await requestsPerJob(atlas, durationMs), sdk: await requestsPerJob(sdk, durationMs) };
      const medianLag = { atlas: median(samples.atlas), sdk: median(samples.sdk) };
      const seconds = durationMs / 1000;
      rows.push({
        figure: '2',
        metric: `wait beyond a ${seconds} s job, median`,
        unit: 'ms',
        atlas: medianLag.atlas,
        baseline: medianLag.sdk,
        baselineName: BASELINE,
        ratio: ratio(medianLag.atlas, medianLag.sdk),
        target: '< 1.00x',
        met: medianLag.atlas < medianLag.sdk,
        note: `${samples.atlas.length} jobs each, started ${gap / 2} ms apart; Atlas: runJob({ mode: 'sync' })`,
      });
      rows.push({
        figure: '2',
        metric: `requests for a ${seconds} s job`,
        unit: 'requests',
        atlas: requests.atlas,
        baseline: requests.sdk,
        baselineName: BASELINE,
        ratio: ratio(requests.atlas, requests.sdk),
        target: 'no more',
        met: requests.atlas <= requests.sdk,
        note: 'counted by the fake (run, runsync and status routes), one job at a time',
      });
    }
    return { rows };
  } finally {
    await fake.close();
  }
}
