import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from '../config.js';
import { startFake } from '../fake-handle.js';
import type { FigureResult, Row, Skipped } from '../row.js';
import { ratio } from '../stats.js';

const CHILD = fileURLToPath(new URL('../children/heap.js', import.meta.url));

function heapPerObject(mode: string, count: number, env: Record<string, string> = {}): number {
  const child = spawnSync(process.execPath, ['--expose-gc', CHILD, mode, String(count)], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0)
    throw new Error(`heap child '${mode}' failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const { bytes } = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { bytes: number };
  return bytes;
}

/**
 * Figure 6: retained heap per Compute when `heldObjects` are held (from one listCompute against
 * the fake) vs the same pods as JSON.parse makes them; and per orchestrator session on the mock vs
 * the mock's own cost per spawned compute. Each number comes from a fresh --expose-gc child.
 */
export async function memory(config: BenchConfig): Promise<FigureResult> {
  const n = config.heldObjects;
  const rows: Row[] = [];
  const skipped: Skipped[] = [];
  const fake = await startFake({ latencyMs: 0, validateRequests: false }, n);
  try {
    const env = { BENCH_FAKE_URL: fake.url, BENCH_FAKE_KEY: fake.apiKey };
    const compute = heapPerObject('computes', n, env);
    const pod = heapPerObject('pods', n, env);
    rows.push({
      figure: '6',
      metric: `heap per Compute, ${n} held`,
      unit: 'bytes',
      atlas: compute,
      baseline: pod,
      baselineName: 'per pod, JSON.parse',
      ratio: ratio(compute, pod),
      note: 'a Compute keeps its pod as `raw`',
    });
  } finally {
    await fake.close();
  }
  try {
    const session = heapPerObject('sessions', n);
    const spawn = heapPerObject('spawns', n);
    rows.push({
      figure: '6',
      metric: `heap per orchestrator session, ${n} live (mock)`,
      unit: 'bytes',
      atlas: session,
      baseline: spawn,
      baselineName: 'per compute, mock alone',
      ratio: ratio(session, spawn),
      note: `the orchestrator's own share: ${Math.round(session - spawn)} bytes per session`,
    });
  } catch (error) {
    skipped.push({
      figure: '6',
      metric: `heap per orchestrator session, ${n} live (mock)`,
      reason: `orchestrator not usable: ${(error as Error).message}`,
    });
  }
  const calls = config.signalCalls;
  const shared = heapPerObject('signals-shared', calls);
  const own = heapPerObject('signals-own', calls);
  // Scaled to 1,000,000 calls so smoke runs read against the same budget.
  const perMillion = (bytes: number) => (bytes / calls) * 1_000_000;
  rows.push({
    figure: '7',
    metric: `heap growth after ${calls.toLocaleString('en')} calls, per-call signal under a createAtlas signal`,
    unit: 'MB per 1M calls',
    atlas: perMillion(shared) / 2 ** 20,
    baseline: perMillion(own) / 2 ** 20,
    baselineName: 'per-call signal alone',
    // Both are near zero when nothing leaks: a floor of 0.1 MB keeps the ratio from reading noise.
    ratio: ratio(Math.max(perMillion(shared), 0.1 * 2 ** 20), Math.max(perMillion(own), 0.1 * 2 ** 20)),
    target: '< 5 MB per 1M calls',
    met: perMillion(shared) < 5 * 2 ** 20,
    note: 'after full GC; the long-lived signal must not keep one dependent per call',
  });
  return { rows, skipped };
}
