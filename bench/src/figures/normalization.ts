import { createRunPod } from '@atlas/runpod';
import type { BenchConfig } from '../config.js';
import { startFake } from '../fake-handle.js';
import { pairedLatencies, warmUp } from '../measure.js';
import type { FigureResult } from '../row.js';
import { median, ratio } from '../stats.js';

/**
 * Figure 3: listCompute of many pods (one `GET /v2/pods` response) vs JSON.parse alone of the same
 * body. Measured twice: with the body served from memory through an injected fetch (the client's
 * own work only: ky, body read, parse, schema, translation; this row carries the target), and over
 * loopback against a bare fetch + JSON.parse (context: what a caller waits for end to end).
 */
export async function normalization(config: BenchConfig): Promise<FigureResult> {
  const pods = config.listPods;
  const fake = await startFake({ latencyMs: 0, validateRequests: false }, pods);
  try {
    const url = `${fake.url}/v2/pods`;
    const headers = { authorization: `Bearer ${fake.apiKey}`, accept: 'application/json' };
    const body = await (await fetch(url, { headers })).text();
    const parsed = JSON.parse(body) as { pods: unknown[] };
    if (parsed.pods.length !== pods) throw new Error(`the fake returned ${parsed.pods.length} pods, expected ${pods}`);

    const inMemoryFetch: typeof fetch = async () =>
      new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    const memoryProvider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, fetch: inMemoryFetch });
    const loopProvider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url });
    const check = (list: readonly unknown[]) => {
      if (list.length !== pods) throw new Error(`listCompute returned ${list.length} computes, expected ${pods}`);
      return list;
    };
    const atlasMemory = async () => check(await memoryProvider.listCompute());
    const parseOnly = async () => check((JSON.parse(body) as { pods: unknown[] }).pods);
    const atlasLoop = async () => check(await loopProvider.listCompute());
    const bareLoop = async () =>
      check((JSON.parse(await (await fetch(url, { headers })).text()) as { pods: unknown[] }).pods);

    const warm = Math.max(2, Math.ceil(config.warmUp / 100));
    for (const task of [atlasMemory, parseOnly, atlasLoop, bareLoop]) await warmUp(task, warm);
    const options = { rounds: config.listRounds, perRound: config.listPerRound };
    const memory = await pairedLatencies(atlasMemory, parseOnly, options);
    const loop = await pairedLatencies(atlasLoop, bareLoop, options);

    const memoryRatio = ratio(median(memory.a), median(memory.b));
    const kb = Math.round(body.length / 1024);
    return {
      rows: [
        {
          figure: '3',
          metric: `listCompute ${pods} pods, body in memory`,
          unit: 'ms',
          atlas: median(memory.a),
          baseline: median(memory.b),
          baselineName: 'JSON.parse alone',
          ratio: memoryRatio,
          target: '<= 3.00x',
          met: memoryRatio <= 3,
          note: `${kb} KiB body; ${memory.a.length} calls each`,
        },
        {
          figure: '3',
          metric: `listCompute ${pods} pods, pods per second`,
          unit: 'pods/s',
          atlas: pods / (median(memory.a) / 1000),
          baseline: pods / (median(memory.b) / 1000),
          baselineName: 'JSON.parse alone',
          ratio: ratio(median(memory.b), median(memory.a)),
          note: 'body in memory; higher is better',
        },
        {
          figure: '3',
          metric: `listCompute ${pods} pods over loopback`,
          unit: 'ms',
          atlas: median(loop.a),
          baseline: median(loop.b),
          baselineName: 'fetch + JSON.parse',
          ratio: ratio(median(loop.a), median(loop.b)),
          note: 'context: includes the fake serializing the list',
        },
      ],
    };
  } finally {
    await fake.close();
  }
}
