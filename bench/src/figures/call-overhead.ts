import { createRunPod } from '@atlas/runpod';
import ky from 'ky';
import type { BenchConfig } from '../config.js';
import { startFake } from '../fake-handle.js';
import { pairedLatencies, pairedThroughput, warmUp } from '../measure.js';
import type { FigureResult, Row } from '../row.js';
import { median, p99, ratio } from '../stats.js';

const KY = 'ky GET + JSON.parse';
const FETCH = 'fetch + JSON.parse';
const US = 1000;

/**
 * Figure 1: `getCompute` through @atlas/runpod vs ky alone (Atlas's transport: a `ky.get` of the
 * same route, GET /v2/pods/{id} with the same headers, plus JSON.parse) on the same fake, with no
 * latency and no request validation. A bare fetch + JSON.parse is measured in the same run as
 * context: the distance from ky to fetch is ky's, not Atlas's.
 */
export async function callOverhead(config: BenchConfig): Promise<FigureResult> {
  const fake = await startFake({ latencyMs: 0, validateRequests: false }, 1);
  try {
    const id = fake.podIds[0]!;
    const provider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url });
    const url = `${fake.url}/v2/pods/${encodeURIComponent(id)}`;
    const headers = { authorization: `Bearer ${fake.apiKey}`, accept: 'application/json' };
    const atlas = () => provider.getCompute(id);
    const kyAlone = async () => JSON.parse(await ky.get(url, { headers }).text()) as unknown;
    const bare = async () => {
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`bare fetch got ${response.status}`);
      return JSON.parse(await response.text()) as unknown;
    };
    await warmUp(atlas, config.warmUp);
    await warmUp(kyAlone, config.warmUp);
    await warmUp(bare, config.warmUp);

    const rounds = { rounds: config.latencyRounds, perRound: config.latencyPerRound };
    const lat = await pairedLatencies(atlas, kyAlone, rounds);
    const rows: Row[] = [];
    const medianRatio = ratio(median(lat.a), median(lat.b));
    rows.push({
      figure: '1',
      metric: 'getCompute latency, median',
      unit: 'ms',
      atlas: median(lat.a),
      baseline: median(lat.b),
      baselineName: KY,
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
      baselineName: KY,
      ratio: ratio(p99(lat.a), p99(lat.b)),
    });
    const vsFetch = await pairedLatencies(atlas, bare, rounds);
    rows.push({
      figure: '1',
      metric: 'getCompute latency vs bare fetch, median',
      unit: 'ms',
      atlas: median(vsFetch.a),
      baseline: median(vsFetch.b),
      baselineName: FETCH,
      ratio: ratio(median(vsFetch.a), median(vsFetch.b)),
      note: 'context: what ky itself costs over fetch shows up here, not in the target row',
    });

    // The client's own CPU per call: the same pod body served from memory by an injected fetch, on both sides.
    const podBody = await (await fetch(url, { headers })).text();
    const fromMemory = async () =>
      new Response(podBody, { status: 200, headers: { 'content-type': 'application/json' } });
    const memoryProvider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, fetch: fromMemory });
    const memoryKy = ky.create({ fetch: fromMemory });
    const atlasMemory = () => memoryProvider.getCompute(id);
    const kyMemory = async () => JSON.parse(await memoryKy.get(url, { headers }).text()) as unknown;
    await warmUp(atlasMemory, config.warmUp);
    await warmUp(kyMemory, config.warmUp);
    const mem = await pairedLatencies(atlasMemory, kyMemory, rounds);
    rows.push({
      figure: '1',
      metric: 'getCompute client CPU per call, body in memory, median',
      unit: 'µs',
      atlas: median(mem.a) * US,
      baseline: median(mem.b) * US,
      baselineName: KY,
      ratio: ratio(median(mem.a), median(mem.b)),
      note: 'an injected fetch answers from memory, so this is the client CPU per call without the network',
    });
    for (const concurrency of [1, 64]) {
      const tp = await pairedThroughput(atlas, kyAlone, {
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
        baselineName: KY,
        ratio: ratio(tp.a, tp.b),
        note: `median of ${config.throughputRounds} x ${config.throughputTotal} calls; higher is better`,
      });
    }
    return { rows };
  } finally {
    await fake.close();
  }
}
