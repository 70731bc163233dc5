import { afterEach, describe, expect, it } from 'vitest';
import { callCounter, GPU_REQUEST, type Harness, PROVISIONING_MS, setup } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

describe('upstream watch', () => {
  it('ends a session whose compute was terminated behind its back, saying so', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    await h.mock.terminate(compute.id);
    await h.clock.advance(5_000);
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect(h.events.find((e) => e.type === 'vanished')).toMatchObject({
      sessionId: session.id,
      computeId: compute.id,
      reason: 'terminated',
    });
    expect(h.types(session.id)).toEqual(['spawned', 'vanished']);
  });

  it('a failed (preempted, crashed) compute ends the session and is terminated to stop billing', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    h.mock.setStatus(compute.id, 'failed');
    await h.clock.advance(5_000);
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect(h.types(session.id)).toEqual(['spawned', 'vanished', 'terminating', 'terminated']);
    expect(h.events.find((e) => e.type === 'vanished')).toMatchObject({ reason: 'failed', status: 'failed' });
    expect((await h.mock.getCompute(compute.id)).status).toBe('terminated');
  });

  it('says not_found when the provider no longer knows the compute', async () => {
    h = setup();
    const { session } = await h.orch.spawn(GPU_REQUEST);
    h.mock.reset();
    await h.clock.advance(5_000);
    expect(h.events.find((e) => e.type === 'vanished')).toMatchObject({ sessionId: session.id, reason: 'not_found' });
    expect(await h.orch.list()).toEqual([]);
  });

  it('records status changes it sees (provisioning -> running)', async () => {
    h = setup();
    const { session } = await h.orch.spawn(GPU_REQUEST);
    expect(session.status).toBe('provisioning');
    await h.clock.advance(Math.max(PROVISIONING_MS, 5_000));
    expect((await h.orch.get(session.id))?.status).toBe('running');
  });

  it('survives a failing list call and checks again next interval', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    h.mock.failNext('listCompute', 'transport');
    await h.mock.terminate(compute.id);
    await h.clock.advance(5_000);
    expect(await h.orch.get(session.id)).toBeDefined();
    await h.clock.advance(5_000);
    expect(await h.orch.get(session.id)).toBeUndefined();
  });

  it('makes one list call per poll however many sessions it tracks', async () => {
    const calls = callCounter();
    h = setup({ reapIntervalMs: 3_600_000, context: calls.context });
    for (let i = 0; i < 20; i++) await h.orch.spawn(GPU_REQUEST);
    calls.reset();
    await h.clock.advance(5_000);
    expect(calls.count('listCompute')).toBe(1);
    expect(calls.count('getCompute')).toBe(0);
  });
});
