import { inspect } from 'node:util';
import { isAtlasError, mintToken } from '@atlas/core';
import { redactText, secretRegistryStats } from '@atlas/core/provider';
import { afterEach, describe, expect, it } from 'vitest';
import {
  callCounter,
  createWorld,
  echoingTerminate,
  forgetUnheld,
  GPU_REQUEST,
  type Harness,
  startOrchestrator,
} from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.orch.close();
  h = undefined;
});

/** More new secrets than the registry keeps of those nobody holds: the first 1,100 are minted tokens. */
async function pressure(): Promise<void> {
  const count = Math.max(1_100, secretRegistryStats().maxEvictable + 10);
  for (let i = 0; i < count; i++) await mintToken();
}

const ENV = { MODEL_REVISION: 'orch-env-CANARY-rev-0001', HF_TOKEN: 'hf-orch-CANARY-0002', DEBUG: '1' };

describe("a session's secrets", () => {
  // Thousands of mints: slow on a loaded machine, so a wide limit (no timing is asserted).
  it('stay redacted while the session lives, even in a terminate_failed event after a flood of mints', {
    timeout: 60_000,
  }, async () => {
    const world = createWorld();
    const { provider, echo } = echoingTerminate(world);
    h = startOrchestrator(world, { provider, terminateRetry: { attempts: 5, baseDelayMs: 1_000 } });
    const { session, auth } = await h.orch.spawn({ ...GPU_REQUEST, env: ENV });
    const token = auth!.token;
    await pressure();

    echo.push(token, ENV.MODEL_REVISION, ENV.HF_TOKEN);
    const released = h.orch.release(session.id);
    await h.clock.advance(0);
    const failed = h.events.find((e) => e.type === 'terminate_failed');
    expect(failed?.type === 'terminate_failed' && isAtlasError(failed.error)).toBe(true);
    if (failed?.type !== 'terminate_failed') return;
    expect(failed.error.message).toContain('cloud refused to terminate');
    for (const text of [failed.error.message, JSON.stringify(failed), inspect(failed, { depth: 10 })]) {
      for (const secret of [token, ENV.MODEL_REVISION, ENV.HF_TOKEN]) expect(text).not.toContain(secret);
    }

    echo.length = 0;
    await h.clock.advance(1_000);
    await released;
    expect(h.types(session.id).at(-1)).toBe('terminated');
  });

  it('are released however the session ends, so the held count returns to where it was', async () => {
    const world = createWorld();
    h = startOrchestrator(world, { terminateRetry: { attempts: 2, baseDelayMs: 1_000 } });
    await h.orch.ready();
    const baseline = secretRegistryStats().held;
    const spawnOne = async (n: number, extra: object = {}) =>
      (await h!.orch.spawn({ ...GPU_REQUEST, env: { VALUE: `orch-session-${n}-CANARY` }, ...extra })).session;

    const released = await spawnOne(1);
    // A session holds its env value and its token, each with its base64 forms (how many depends on the bytes).
    const perSession = secretRegistryStats().held - baseline;
    expect(perSession).toBeGreaterThanOrEqual(2);
    const idle = await spawnOne(2, { idleTtlMs: 5_000 });
    const vanished = await spawnOne(3);
    const givenUp = await spawnOne(4);
    expect(secretRegistryStats().held).toBeGreaterThanOrEqual(baseline + 4 * 2);

    await h.orch.release(released.id);
    await h.clock.advance(5_000);
    world.mock.setStatus(vanished.computeId!, 'terminated');
    await h.clock.advance(5_000);
    world.mock.failNext('terminate', 'provider', { times: 2 });
    const gaveUp = h.orch.release(givenUp.id).catch((e: unknown) => e);
    await h.clock.advance(1_000);
    expect(isAtlasError(await gaveUp)).toBe(true);
    expect(h.types(idle.id)).toContain('terminated');
    expect(h.types(vanished.id)).toContain('vanished');
    expect(secretRegistryStats().held).toBe(baseline);

    world.mock.failNext('spawnCompute', 'capacity');
    await expect(spawnOne(5)).rejects.toMatchObject({ kind: 'capacity' });
    expect(secretRegistryStats().held).toBe(baseline);

    // close() without terminate leaves the session to the next orchestrator, and this one's holds go.
    await spawnOne(6);
    expect(secretRegistryStats().held).toBeGreaterThanOrEqual(baseline + 2);
    await h.orch.close();
    expect(secretRegistryStats().held).toBe(baseline);
  });

  it('of a session adopted from the store are read from its compute and held before its terminate, then released', async () => {
    const world = createWorld();
    const first = startOrchestrator(world);
    const { session, auth } = await first.orch.spawn({ ...GPU_REQUEST, env: ENV });
    await first.orch.close(); // down without terminating: the session stays in the store
    const token = auth!.token;
    forgetUnheld();
    const secrets = [token, ENV.MODEL_REVISION, ENV.HF_TOKEN];
    expect(redactText(secrets.join(' '))).toBe(secrets.join(' '));

    const { provider, echo } = echoingTerminate(world);
    h = startOrchestrator(world, { provider, terminateRetry: { attempts: 2, baseDelayMs: 1_000 } });
    const baseline = secretRegistryStats().held;
    expect(await h.orch.ready()).toEqual({ adopted: 1 });
    echo.push(...secrets);
    const released = h.orch.release(session.id).catch((e: unknown) => e);
    await h.clock.advance(0);
    const failed = h.events.find((e) => e.type === 'terminate_failed');
    expect(failed?.type).toBe('terminate_failed');
    if (failed?.type !== 'terminate_failed') return;
    expect(failed.error.message).toContain('cloud refused to terminate');
    for (const text of [failed.error.message, JSON.stringify(failed), inspect(failed, { depth: 10 })]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(secretRegistryStats().held).toBeGreaterThanOrEqual(baseline + secrets.length);

    echo.length = 0;
    await h.clock.advance(1_000);
    await released;
    expect(h.types(session.id).at(-1)).toBe('terminated');
    expect(secretRegistryStats().held).toBe(baseline);
  });

  it('of an adopted session are held from its first poll, with no read of its own', async () => {
    const world = createWorld();
    const first = startOrchestrator(world);
    const { session } = await first.orch.spawn({ ...GPU_REQUEST, env: ENV });
    await first.orch.close();
    forgetUnheld();
    const counter = callCounter();
    h = startOrchestrator(world, { context: counter.context, pollIntervalMs: 5_000 });
    await h.orch.ready();
    await h.clock.advance(5_000);
    expect(redactText(`${ENV.HF_TOKEN} ${ENV.MODEL_REVISION}`)).toBe('[redacted] [redacted]');
    await h.orch.release(session.id);
    // The poll's list gave them: the terminate needed no get first.
    expect(counter.count('getCompute')).toBe(0);
    expect(counter.count('terminate')).toBe(1);
  });

  it('of an orphan the reaper terminates are held while it runs, from the listed compute', async () => {
    const world = createWorld();
    // Made by a process that crashed before storing its session: nobody here ever saw the env.
    const orphan = await world.mock.spawnCompute({ ...GPU_REQUEST, name: 'atlas-app-0rphan0000000000', env: ENV });
    forgetUnheld();
    const { provider, echo } = echoingTerminate(world);
    h = startOrchestrator(world, { provider, graceMs: 10_000 });
    await h.orch.ready();
    const baseline = secretRegistryStats().held;
    await h.clock.advance(10_000);
    echo.push(ENV.MODEL_REVISION, ENV.HF_TOKEN);
    const result = await h.orch.reap();
    expect(result.failed.map((f) => f.computeId)).toEqual([orphan.id]);
    const text = [result.failed[0]!.error.message, JSON.stringify(result), inspect(result, { depth: 10 })].join(' ');
    expect(text).toContain('cloud refused to terminate');
    for (const secret of [ENV.MODEL_REVISION, ENV.HF_TOKEN]) expect(text).not.toContain(secret);
    expect(secretRegistryStats().held).toBe(baseline);
  });

  it('held by the instance that spawned the session, released by its poll when another instance ended it', async () => {
    const world = createWorld();
    const a = startOrchestrator(world, { pollIntervalMs: 5_000 });
    const b = startOrchestrator(world, { pollIntervalMs: 5_000 });
    h = a;
    try {
      await Promise.all([a.orch.ready(), b.orch.ready()]);
      const baseline = secretRegistryStats().held;
      const { session } = await a.orch.spawn({ ...GPU_REQUEST, env: { VALUE: 'orch-shared-CANARY-1' } });
      await world.clock.advance(5_000); // b adopts it
      await b.orch.release(session.id);
      expect(secretRegistryStats().held).toBeGreaterThanOrEqual(baseline + 2);
      await world.clock.advance(5_000); // a's next poll no longer finds it
      expect(secretRegistryStats().held).toBe(baseline);
    } finally {
      await b.orch.close();
    }
  });
});
