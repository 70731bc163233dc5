import { afterEach, describe, expect, it } from 'vitest';
import { GPU_REQUEST, type Harness, setup } from './harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.orch.close();
});

function start(extra: Parameters<typeof setup>[0] = {}) {
  const h = setup(extra);
  open.push(h);
  return h;
}

describe('stop() and start()', () => {
  it('stop keeps the session: the poll does not end a compute the orchestrator stopped', async () => {
    const h = start(); // onStopped: 'end', the default
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    const stopped = await h.orch.stop(session.id);
    expect(stopped).toMatchObject({ id: session.id, state: 'active', status: 'stopped', stoppedByOrchestrator: true });
    expect((await h.mock.getCompute(compute.id)).status).toBe('stopped');
    expect(h.events.find((e) => e.type === 'stopped')).toMatchObject({
      sessionId: session.id,
      computeId: compute.id,
      action: 'keep',
      by: 'orchestrator',
    });

    await h.clock.advance(15_000); // three polls
    expect(await h.orch.get(session.id)).toMatchObject({ state: 'active', status: 'stopped' });
    expect(h.types(session.id)).toEqual(['spawned', 'stopped']);
    // A second stop sends nothing and says nothing.
    await h.orch.stop(session.id);
    expect(h.types(session.id)).toEqual(['spawned', 'stopped']);
  });

  it('start runs it again; a later stop upstream is the provider’s, and ends the session', async () => {
    const h = start();
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    await h.orch.stop(session.id);
    const started = await h.orch.start(session.id);
    expect(started).toMatchObject({ stoppedByOrchestrator: false, status: 'provisioning' });
    await h.clock.advance(5_000);
    expect(await h.orch.get(session.id)).toMatchObject({ status: 'running' });

    h.mock.setStatus(compute.id, 'stopped');
    await h.clock.advance(5_000);
    expect(h.events.filter((e) => e.type === 'stopped').map((e) => e.type === 'stopped' && e.by)).toEqual([
      'orchestrator',
      'upstream',
    ]);
    expect(h.types(session.id).slice(-2)).toEqual(['terminating', 'terminated']);
  });

  it('the idle deadline still ends a stopped session', async () => {
    const h = start();
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 20_000 });
    await h.orch.stop(session.id);
    await h.clock.advance(20_000);
    expect((await h.mock.getCompute(compute.id)).status).toBe('terminated');
    expect(h.types(session.id)).toEqual(['spawned', 'stopped', 'idle_timeout', 'terminating', 'terminated']);
  });

  it('a provider that cannot stop leaves the session as it was', async () => {
    const h = start();
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    h.mock.failNext('stop', 'unsupported');
    await expect(h.orch.stop(session.id)).rejects.toMatchObject({ kind: 'unsupported' });
    expect(await h.orch.get(session.id)).toMatchObject({ stoppedByOrchestrator: false });
    expect((await h.mock.getCompute(compute.id)).status).not.toBe('stopped');
    expect(h.types(session.id)).toEqual(['spawned']);
  });

  it('refuses unknown and ending sessions', async () => {
    const h = start();
    await expect(h.orch.stop('nosuchsession00')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(h.orch.start('nosuchsession00')).rejects.toMatchObject({ kind: 'not_found' });
    const { session } = await h.orch.spawn(GPU_REQUEST);
    h.mock.failNext('terminate', 'provider', { times: 20 });
    void h.orch.release(session.id).catch(() => undefined);
    await h.clock.advance(0);
    await expect(h.orch.stop(session.id)).rejects.toMatchObject({ kind: 'conflict' });
  });
});
