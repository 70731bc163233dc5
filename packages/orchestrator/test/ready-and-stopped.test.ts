import { afterEach, describe, expect, it } from 'vitest';
import { GPU_REQUEST, type Harness, PROVISIONING_MS, setup } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

describe('the idle clock starts at ready', () => {
  it('waitReady restarts the idle deadline once, from the moment the compute was ready', async () => {
    h = setup();
    const start = h.clock.now();
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    expect(session.idleDeadline).toBe(start + 30_000);
    const ready = h.orch.waitReady(session.id, { intervalMs: 250 });
    await h.clock.advance(PROVISIONING_MS + 250);
    const readySession = await ready;
    expect(readySession.readyAt).toBe(start + PROVISIONING_MS);
    expect(readySession.idleDeadline).toBe(start + PROVISIONING_MS + 30_000);
    // A second waitReady does not restart the clock again.
    await h.clock.advance(10_000);
    const again = await h.orch.waitReady(session.id);
    expect(again.idleDeadline).toBe(readySession.idleDeadline);
    await h.clock.advance(readySession.idleDeadline - h.clock.now() - 1);
    expect((await h.mock.getCompute(compute.id)).status).not.toBe('terminated');
    await h.clock.advance(1);
    expect((await h.mock.getCompute(compute.id)).status).toBe('terminated');
  });

  it('a session being waited on does not idle out while its compute starts', async () => {
    h = setup();
    const start = h.clock.now();
    // Idle TTL shorter than the time the compute takes to come up.
    const { session } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: PROVISIONING_MS / 4 });
    const ready = h.orch.waitReady(session.id, { intervalMs: 100 });
    await h.clock.advance(PROVISIONING_MS);
    const readySession = await ready;
    expect(readySession.state).toBe('active');
    expect(readySession.idleDeadline).toBe(start + PROVISIONING_MS + PROVISIONING_MS / 4);
    expect(h.types(session.id)).toEqual(['spawned', 'ready']);
    // Nobody touches it afterwards: it idles out from ready.
    await h.clock.advance(PROVISIONING_MS / 4);
    expect(h.types(session.id)).toContain('idle_timeout');
  });
});

describe('a compute stopped upstream', () => {
  it('ends the session by default, with a stopped event', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    await h.clock.advance(PROVISIONING_MS);
    h.mock.setStatus(compute.id, 'stopped');
    await h.clock.advance(5_000); // one poll
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect((await h.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(h.types(session.id)).toEqual(['spawned', 'stopped', 'terminating', 'terminated']);
    expect(h.events.find((e) => e.type === 'terminated')).toMatchObject({ reason: 'stopped_upstream' });
  });

  it('with onStopped: keep, keeps the session until its TTL, with one stopped event', async () => {
    h = setup({ onStopped: 'keep' });
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 30_000 });
    await h.clock.advance(PROVISIONING_MS);
    h.mock.setStatus(compute.id, 'stopped');
    await h.clock.advance(10_000); // two polls
    expect((await h.orch.get(session.id))?.status).toBe('stopped');
    expect(h.types(session.id)).toEqual(['spawned', 'stopped']);
    expect(h.events.find((e) => e.type === 'stopped')).toMatchObject({ action: 'keep', computeId: compute.id });
    await h.clock.advance(20_000);
    expect(await h.orch.get(session.id)).toBeUndefined();
    expect(h.types(session.id).at(-1)).toBe('terminated');
  });
});
