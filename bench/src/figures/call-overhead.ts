import { createRunPod } from '@atlas/runpod';
import type { BenchConfig } from '../config.js';
import { startFake } from '../fake-handle.js';
import { pairedLatencies, pairedThroughput, warmUp } from '../measure.js';
import type { FigureResult, Row } from '../row.js';
import { median, p99, ratio } from '../stats.js';

const BASELINE = 'fetch + JSON.parse';

/**
 * Figure 1: `getCompute` through @atlas/runpod vs a bare fetch + JSON.parse of the same route
 * (GET /v2/pods/{id}, same headers) on the same fake, with no latency and no request validation.
 */
export async function callOverhead(config: BenchConfig): Promise<FigureResult> {
  const fake = await startFake({ latencyMs: 0, validateRequests: false }, 1);
  try {
    const id = fake.podIds[0]!;
    const provider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url });
    const url = `${fake.url}/v2/pods/${encodeURIComponent(id)}`;
    const headers = { authorization: `Bearer ${fake.apiKey}`, accept: 'application/json' };
    const atlas = () => provider.getCompute(id);
    const bare = async () => {
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`bare fetch got ${response.status}`);
      return JSON.parse(await response.text()) as unknown;
    };
    await warmUp(atlas, config.warmUp);
    await warmUp(bare, config.warmUp);

    const lat = await pairedLatencies(atlas, bare, { rounds: config.latencyRounds, perRound: config.latencyPerRound });
    const rows: Row[] = [];
    const medianRatio = ratio(median(lat.a), median(lat.b));
    rows.push({
      figure: '1',
      metric: 'getCompute latency, median',
      unit: 'ms',
      atlas: median(lat.a),
      baseline: median(lat.b),
      baselineName: BASELINE,
      ratio: medianRatio,
      target: '<= 1.10x',
      met: medianRatio <= 1.1,
      note: `${lat.a.length} calls each`,
    });
    rows.push({
      figure: '1',
      metric: 'getCompute latency, p99',
      unit: 'ms',
      atlas: p99(lat.a),
      baseline: p99(lat.b),
      baselineName: BASELINE,
      ratio: ratio(p99(lat.a), p99(lat.b)),
    });
    // Context: the client's own CPU per call, with the same pod body served from memory on both sides.
    const podBody = await (await fetch(url, { headers })).text();
    const fromMemory = async () =>
      new Response(podBody, { status: 200, headers: { 'content-type': 'application/json' } });
    const memoryProvider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, fetch: fromMemory });
    const atlasMemory = () => memoryProvider.getCompute(id);
    const bareMemory = async () => JSON.parse(await (await fromMemory()).text()) as unknown;
    await warmUp(atlasMemory, config.warmUp);
    await warmUp(bareMemory, config.warmUp);
    const mem = await pairedLatencies(atlasMemory, bareMemory, {
      rounds: config.latencyRounds,
      perRound: config.latencyPerRound,
    });
    rows.push({
      figure: '1',
      metric: 'getCompute client-side cost, body in memory, median',
      unit: 'ms',
      atlas: median(mem.a),
      baseline: median(mem.b),
      baselineName: 'Response.text + JSON.parse',
      ratio: ratio(median(mem.a), median(mem.b)),
      note: 'context: an injected fetch answers from memory, so this is the client CPU per call without the network',
    });
    for (const concurrency of [1, 64]) {
      const tp = await pairedThroughput(atlas, bare, {
        rounds: config.throughputRounds,
        concurrency,
        total: config.throughputTotal,
      });
      rows.push({
        figure: '1',
        metric: `getCompute throughput, concurrency ${concurrency}`,
        unit: 'calls/s',
        atlas: tp.a,
        baseline: tp.b,
        baselineName: BASELINE,
        ratio: ratio(tp.a, tp.b),
        note: `median of ${config.throughputRounds} x ${config.throughputTotal} calls; higher is better`,
      });
    }
    return { rows };
  } finally {
    await fake.close();
  }
}
