import type { Provider } from '@atlas/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createLimiter } from '../src/limiter.js';
import { createWorld, GPU_REQUEST, type Harness, startOrchestrator, type World } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.orch.close();
  h = undefined;
});

/** A slow cloud: each terminate takes a few event-loop turns, so overlapping calls would pile up. */
function slowTerminates(world: World): { provider: Provider; peak: () => number } {
  let inFlight = 0;
  let peak = 0;
  const provider: Provider = {
    ...world.mock,
    id: world.mock.id,
    capabilities: world.mock.capabilities,
    async terminate(id, ctx) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return world.mock.terminate(id, ctx);
    },
  };
  return { provider, peak: () => peak };
}

describe('due sessions are handled a few at a time', () => {
  it('the limiter never runs more than its limit, and runs every task in order', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      order.push(n);
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => limit(task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    await expect(limit(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit(async () => 'after a failure')).toBe('after a failure');
  });

  it('when 40 sessions expire together, at most maxConcurrentDue terminates are in flight, and all end', async () => {
    const world = createWorld();
    const { provider, peak } = slowTerminates(world);
    h = startOrchestrator(world, {
      provider,
      maxConcurrentDue: 4,
      pollIntervalMs: 3_600_000,
      reapIntervalMs: 3_600_000,
    });
    const spawned = await Promise.all(
      Array.from({ length: 40 }, () => h!.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 })),
    );
    await h.clock.advance(30_000);
    for (let i = 0; i < 200 && (await h.orch.list()).length > 0; i++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(await h.orch.list()).toEqual([]);
    expect(peak()).toBeGreaterThan(1);
    expect(peak()).toBeLessThanOrEqual(4);
    for (const { compute } of spawned) expect((await world.mock.getCompute(compute.id)).status).toBe('terminated');
  });

  it('the reaper terminates many orphans concurrently, at most maxConcurrentDue at a time, in plan order', async () => {
    const world = createWorld();
    const { provider, peak } = slowTerminates(world);
    h = startOrchestrator(world, {
      provider,
      maxConcurrentDue: 3,
      graceMs: 10_000,
      pollIntervalMs: 3_600_000,
      reapIntervalMs: 3_600_000,
    });
    const orphans = [];
    for (let i = 0; i < 12; i++) {
      const sessionId = `orphan${String(i).padStart(10, '0')}`;
      orphans.push(
        await world.mock.spawnCompute({
          ...GPU_REQUEST,
          name: `atlas-app-${sessionId}`,
          gpuCount: 1,
          env: {},
          auth: 'none',
          ports: [],
        }),
      );
    }
    await world.clock.advance(10_000);
    const result = await h.orch.reap();
    expect([...result.terminated].sort()).toEqual(orphans.map((o) => o.id).sort());
    expect(result.terminated).toEqual(result.orphans.map((o) => o.computeId));
    expect(peak()).toBeGreaterThan(1);
    expect(peak()).toBeLessThanOrEqual(3);
  });
});
