/**
 * Child-process entry for figure 6, run with --expose-gc: builds `count` objects of one kind,
 * holds them, and prints the retained heap per object as JSON. One kind per process, so nothing
 * measured before leaks into the next measurement.
 *   node --expose-gc heap.js computes|pods <count>   (env BENCH_FAKE_URL, BENCH_FAKE_KEY)
 *   node --expose-gc heap.js sessions|spawns <count>
 *   node --expose-gc heap.js signals-shared|signals-own <count>   (total growth, not per object)
 */
import { createAtlas } from '@atlas/core';
import { createMock } from '@atlas/mock';
import { createOrchestrator } from '@atlas/orchestrator';
import { createRunPod } from '@atlas/runpod';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const collect = gc;

/** Several full collections with turns of the event loop between them, until the heap is still. */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/**
 * Retained bytes per object: the heap after `build()` minus the heap before, over `count`. What
 * `build` resolves to is held until after the second reading (an array of results, or nothing
 * when what is measured is what a provider or orchestrator keeps by itself).
 */
async function perObject(
  count: number,
  warm: () => Promise<unknown>,
  build: () => Promise<readonly unknown[] | undefined>,
): Promise<{ bytes: number }> {
  await warm();
  const before = await settledHeap();
  const held = await build();
  const after = await settledHeap();
  if (held !== undefined && held.length !== count) throw new Error(`built ${held.length} objects, expected ${count}`);
  return { bytes: (after - before) / count };
}

const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg);
const url = process.env.BENCH_FAKE_URL ?? '';
const apiKey = process.env.BENCH_FAKE_KEY ?? '';
const gpuRequest = { gpu: 'h100', image: 'ghcr.io/acme/infer:1', ports: [{ port: 8000, protocol: 'http' as const }] };

async function inBatches<T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += 100) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, j) => make(i + j)))));
  }
  return out;
}

async function measure(): Promise<{ bytes: number }> {
  switch (mode) {
    case 'computes': {
      const provider = createRunPod({ apiKey, baseUrl: url });
      return perObject(
        count,
        () => provider.listCompute(),
        () => provider.listCompute(),
      );
    }
    case 'pods': {
      const text = await (await fetch(`${url}/v2/pods`, { headers: { authorization: `Bearer ${apiKey}` } })).text();
      const parse = async () => (JSON.parse(text) as { pods: unknown[] }).pods;
      return perObject(count, parse, parse);
    }
    case 'spawns': {
      const mock = createMock();
      let n = 0;
      const spawn = () =>
        mock.spawnCompute({ ...gpuRequest, gpuCount: 1, env: {}, auth: 'bearer', name: `atlas-bench-${n++}` });
      // The results are dropped: what stays is what the mock keeps per compute.
      return perObject(
        count,
        () => inBatches(100, spawn),
        async () => {
          await inBatches(count, spawn);
          return undefined;
        },
      );
    }
    case 'sessions': {
      const mock = createMock();
      const hour = 3_600_000;
      const orchestrator = createOrchestrator({
        provider: mock,
        ownerId: 'bench',
        pollIntervalMs: hour,
        reapIntervalMs: hour,
        idleTtlMs: hour,
      });
      await orchestrator.ready();
      const spawn = () => orchestrator.spawn(gpuRequest);
      // The spawn results are dropped: what stays is what the orchestrator and the mock keep per session.
      const result = await perObject(
        count,
        () => inBatches(100, spawn),
        async () => {
          await inBatches(count, spawn);
          return undefined;
        },
      );
      const live = (await orchestrator.list()).length;
      if (live !== count + 100) throw new Error(`the orchestrator lists ${live} sessions, expected ${count + 100}`);
      return result;
    }
    case 'signals-shared':
    case 'signals-own': {
      // Every call brings its own signal; with 'shared', createAtlas also holds one for its lifetime
      // (a shutdown signal), which each call must not stay tied to once it is over.
      const shutdown = new AbortController();
      const mock = createMock();
      const atlas = createAtlas({
        providers: { mock },
        ...(mode === 'signals-shared' ? { context: { signal: shutdown.signal } } : {}),
      });
      const { id } = await mock.spawnCompute({ ...gpuRequest, gpuCount: 1, env: {}, auth: 'none' });
      const call = () => atlas.getCompute(id, { signal: new AbortController().signal });
      await inBatches(1000, call);
      const before = await settledHeap();
      for (let i = 0; i < count; i += 1000) await inBatches(Math.min(1000, count - i), call);
      const after = await settledHeap();
      // Total growth, so the caller reads it against a budget (5 MB for 1,000,000 calls).
      return { bytes: after - before };
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

process.stdout.write(`${JSON.stringify(await measure())}\n`);
process.exit(0);
