import { afterEach, describe, expect, it } from 'vitest';
import type { OrchestratorEvent } from '../src/index.js';
import { GPU_REQUEST, type Harness, setup } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

describe('events', () => {
  it('events({ sessionId }) yields that session’s events in order and ends on close', async () => {
    h = setup();
    const other = await h.orch.spawn(GPU_REQUEST);
    const { session } = await h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 10_000 });
    const seen: OrchestratorEvent['type'][] = [];
    const consumer = (async () => {
      for await (const event of h.orch.events({ sessionId: session.id })) seen.push(event.type);
    })();
    await h.orch.touch(other.session.id);
    await h.orch.touch(session.id);
    await h.clock.advance(10_000);
    await h.orch.close();
    await consumer;
    expect(seen).toEqual(['heartbeat', 'idle_timeout', 'terminating', 'terminated']);
  });

  it('on() returns an unsubscribe, and a throwing listener harms nobody', async () => {
    const logged: string[] = [];
    h = setup({ logger: { error: (m) => logged.push(m) } });
    const spawned: string[] = [];
    h.orch.on('heartbeat', () => {
      throw new Error('listener bug');
    });
    const off = h.orch.on('spawned', (event) => spawned.push(event.sessionId));
    const a = await h.orch.spawn(GPU_REQUEST);
    await h.orch.touch(a.session.id);
    off();
    await h.orch.spawn(GPU_REQUEST);
    expect(spawned).toEqual([a.session.id]);
    expect(logged).toHaveLength(1);
    expect(h.types()).toEqual(['spawned', 'heartbeat', 'spawned']);
  });

  it('an aborted signal ends the iterator', async () => {
    h = setup();
    const controller = new AbortController();
    const iterator = h.orch.events({ signal: controller.signal });
    const next = iterator.next();
    controller.abort();
    expect(await next).toEqual({ value: undefined, done: true });
  });
});
