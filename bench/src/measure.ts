import { median } from './stats.js';

export type Task = () => Promise<unknown>;

/** Runs `task` `count` times in sequence so the JIT and the sockets are warm before timing. */
export async function warmUp(task: Task, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await task();
}

/**
 * Per-call latencies (ms) of two tasks, sampled in alternating blocks (A then B, then B then A...)
 * so drift on a noisy machine (another build, a GC, thermal) lands on both sides alike.
 */
export async function pairedLatencies(
  a: Task,
  b: Task,
  options: { rounds: number; perRound: number },
): Promise<{ a: number[]; b: number[] }> {
  const samples = { a: [] as number[], b: [] as number[] };
  const block = async (task: Task, into: number[]) => {
    for (let i = 0; i < options.perRound; i++) {
      const start = performance.now();
      await task();
      into.push(performance.now() - start);
    }
  };
  for (let round = 0; round < options.rounds; round++) {
    if (round % 2 === 0) {
      await block(a, samples.a);
      await block(b, samples.b);
    } else {
      await block(b, samples.b);
      await block(a, samples.a);
    }
  }
  return samples;
}

/** Calls per second with `concurrency` callers sharing `total` calls. */
export async function throughput(task: Task, concurrency: number, total: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      await task();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return total / ((performance.now() - start) / 1000);
}

/** Median throughput of two tasks over alternating rounds (same reason as pairedLatencies). */
export async function pairedThroughput(
  a: Task,
  b: Task,
  options: { rounds: number; concurrency: number; total: number },
): Promise<{ a: number; b: number }> {
  const runs = { a: [] as number[], b: [] as number[] };
  for (let round = 0; round < options.rounds; round++) {
    const order: ['a' | 'b', Task][] =
      round % 2 === 0
        ? [
            ['a', a],
            ['b', b],
          ]
        : [
            ['b', b],
            ['a', a],
          ];
    for (const [key, task] of order) runs[key].push(await throughput(task, options.concurrency, options.total));
  }
  return { a: median(runs.a), b: median(runs.b) };
}
