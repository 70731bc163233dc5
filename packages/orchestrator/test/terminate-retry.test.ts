import { isAtlasError } from '@atlas/core';
import { afterEach, describe, expect, it } from 'vitest';
import { GPU_REQUEST, type Harness, setup } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

describe('terminate failures', () => {
  it('retries a failed terminate with backoff until it succeeds', async () => {
    h = setup({ terminateRetry: { baseDelayMs: 1_000, attempts: 5 } });
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    h.mock.failNext('terminate', 'provider', { times: 2 });
    let released = false;
    const release = h.orch.release(session.id).then(() => {
      released = true;
    });
    await h.clock.advance(0);
    expect(released).toBe(false);
    const failures = h.events.filter((e) => e.type === 'terminate_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ attempt: 1, gaveUp: false, retryAt: h.clock.now() + 1_000 });
    await h.clock.advance(1_000);
    expect(h.events.filter((e) => e.type === 'terminate_failed')).toHaveLength(2);
    expect(h.events.at(-1)).toMatchObject({ attempt: 2, retryAt: h.clock.now() + 2_000 });
    expect((await h.mock.getCompute(compute.id)).status).not.toBe('terminated');
    await h.clock.advance(2_000);
    await release;
    expect((await h.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(h.types(session.id)).toEqual([
      'spawned',
      'terminating',
      'terminate_failed',
      'terminate_failed',
      'terminated',
    ]);
    const failure = h.events.find((e) => e.type === 'terminate_failed');
    expect(failure?.type === 'terminate_failed' && isAtlasError(failure.error) && failure.error.kind).toBe('provider');
  });

  it('gives up loudly after the last attempt, and the reaper takes over', async () => {
    const logged: string[] = [];
    h = setup({
      terminateRetry: { baseDelayMs: 1_000, attempts: 3 },
      logger: { error: (message) => logged.push(message) },
    });
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    h.mock.failNext('terminate', 'provider', { times: 3 });
    const release = h.orch.release(session.id).catch((e: unknown) => e);
    await h.clock.advance(1_000 + 2_000);
    const error = await release;
    expect(isAtlasError(error) && error.kind).toBe('provider');
    expect(
      h.events.filter((e) => e.type === 'terminate_failed').map((e) => e.type === 'terminate_failed' && e.gaveUp),
    ).toEqual([false, false, true]);
    expect(logged.some((m) => m.includes('gave up'))).toBe(true);
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect((await h.mock.getCompute(compute.id)).status).not.toBe('terminated');
    // The compute still carries our stamp and no session tracks it: the next reap ends it.
    await h.clock.advance(30_000);
    expect((await h.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(h.events.find((e) => e.type === 'reaped')).toMatchObject({ computeId: compute.id, sessionId: session.id });
  });

  it('an idle expiry whose terminate fails is retried the same way', async () => {
    h = setup({ terminateRetry: { baseDelayMs: 500, attempts: 4 } });
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 10_000 });
    h.mock.failNext('terminate', 'transport');
    await h.clock.advance(10_000);
    expect(h.types(session.id)).toEqual(['spawned', 'idle_timeout', 'terminating', 'terminate_failed']);
    expect((await h.orch.get(session.id))?.state).toBe('terminating');
    await h.clock.advance(500);
    expect(h.types(session.id).at(-1)).toBe('terminated');
    expect((await h.mock.getCompute(compute.id)).status).toBe('terminated');
  });

  it('without a logger, giving up still reaches stderr as a process warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      h = setup({ terminateRetry: { baseDelayMs: 100, attempts: 1 } });
      const { session, auth } = await h.orch.spawn(GPU_REQUEST);
      h.mock.failNext('terminate', 'provider');
      await expect(h.orch.release(session.id)).rejects.toMatchObject({ kind: 'provider' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => [w.name, w.message])).toEqual([
        ['AtlasOrchestratorWarning', 'orchestrator: gave up terminating a compute; the reaper will keep trying'],
      ]);
      expect(JSON.stringify(warnings.map((w) => (w as { detail?: string }).detail))).not.toContain(auth!.token);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
