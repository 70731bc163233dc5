import { AtlasError, mintToken } from '@atlas/core';
import { afterEach, expect, test, vi } from 'vitest';
import { createDashboard } from '../src/index.js';
import { fakeOrchestrator, fakeSession } from './fake-orchestrator.js';
import { createWorld, GPU_REQUEST, login, ORIGIN, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

async function post(path: string): Promise<Response> {
  const { cookie, csrf } = await login(world);
  return world.request(path, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
  });
}

test('terminate releases the session: the machine is terminated and the session ends', async () => {
  world = await createWorld();
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  const response = await post(`/api/sessions/${session.id}/terminate`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true, action: 'terminate', sessionId: session.id });
  expect(await world.orchestrator.get(session.id)).toBeUndefined();
  const compute = await world.mock.getCompute(session.computeId!);
  expect(compute.status).toBe('terminated');
  // Its page now says it has ended, and still shows what happened to it.
  const page = await world.request(`/sessions/${session.id}`);
  expect(page.status).toBe(404);
  const text = await page.text();
  expect(text).toContain(`No live session <code>${session.id}</code>: it has ended`);
  expect(text).toContain('dashboard terminate: done');
});

test('touch moves the idle deadline', async () => {
  world = await createWorld();
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  const touched = vi.spyOn(world.orchestrator, 'touch');
  const response = await post(`/api/sessions/${session.id}/touch`);
  expect(response.status).toBe(200);
  expect(touched).toHaveBeenCalledWith(session.id);
  const after = await world.orchestrator.get(session.id);
  expect(after!.lastTouchedAt).toBeGreaterThanOrEqual(session.lastTouchedAt);
});

test('an action on a session that is not live is 404 with the orchestrator’s error kind', async () => {
  world = await createWorld();
  const response = await post('/api/sessions/abcdefgh12/terminate');
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: { kind: 'not_found' } });
});

test('each action is recorded in the action log, asked and done, and shown on the Events page', async () => {
  world = await createWorld();
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  await post(`/api/sessions/${session.id}/touch`);
  await post('/api/sessions/abcdefgh12/terminate');
  const log = (await (await world.request('/api/log')).json()) as {
    events: { kind: string; type: string; sessionId: string; summary: string }[];
  };
  const actions = log.events.filter((e) => e.kind === 'action').map((e) => [e.type, e.sessionId, e.summary]);
  expect(actions).toEqual([
    ['action:terminate', 'abcdefgh12', 'dashboard terminate: failed (not_found)'],
    ['action:terminate', 'abcdefgh12', 'dashboard terminate: requested'],
    ['action:touch', session.id, 'dashboard touch: done'],
    ['action:touch', session.id, 'dashboard touch: requested'],
  ]);
  const page = await (await world.request('/events')).text();
  expect(page).toContain('dashboard touch: done');
  expect(page).toContain('<tr class="action">');
});

test('stop calls the orchestrator’s stop when it has one', async () => {
  const session = fakeSession(0, Date.UTC(2026, 11, 1));
  const orchestrator = fakeOrchestrator([session]);
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator, tokenHash: hash });
  try {
    const page = await dashboard.fetch(new Request(`${ORIGIN}/`, { headers: { authorization: header } }));
    expect(await page.text()).toContain(`aria-label="Stop session ${session.id}"`);
    const response = await dashboard.fetch(
      new Request(`${ORIGIN}/api/sessions/${session.id}/stop`, { method: 'POST', headers: { authorization: header } }),
    );
    expect(response.status).toBe(200);
    expect(orchestrator.calls).toEqual([['stop', session.id]]);
  } finally {
    await dashboard.close();
  }
});

test('without a stop method there is no Stop button and POST stop is 501', async () => {
  const session = fakeSession(0, Date.UTC(2026, 11, 1));
  const orchestrator = fakeOrchestrator([session], { stop: false });
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator, tokenHash: hash });
  try {
    const page = await (
      await dashboard.fetch(new Request(`${ORIGIN}/`, { headers: { authorization: header } }))
    ).text();
    expect(page).not.toContain('data-action="stop"');
    expect(page).toContain(`aria-label="Terminate session ${session.id}"`);
    const response = await dashboard.fetch(
      new Request(`${ORIGIN}/api/sessions/${session.id}/stop`, { method: 'POST', headers: { authorization: header } }),
    );
    expect(response.status).toBe(501);
    expect(orchestrator.calls).toEqual([]);
  } finally {
    await dashboard.close();
  }
});

test('an orchestrator that fails answers 500 with its kind only, never its message', async () => {
  const orchestrator = fakeOrchestrator([]);
  orchestrator.list = async () => {
    throw new AtlasError({ kind: 'transport', message: 'connect to postgres://admin:hunter2@db failed' });
  };
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator, tokenHash: hash });
  try {
    const response = await dashboard.fetch(
      new Request(`${ORIGIN}/api/sessions`, { headers: { authorization: header } }),
    );
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      error: { kind: 'transport', message: 'The orchestrator could not answer; try again' },
    });
    expect(body).not.toContain('hunter2');
  } finally {
    await dashboard.close();
  }
});

test('an action that fails in the store answers 502 with its kind, not the store’s message', async () => {
  const session = fakeSession(0, Date.UTC(2026, 11, 1));
  const orchestrator = fakeOrchestrator([session]);
  orchestrator.release = async () => {
    throw new AtlasError({ kind: 'transport', message: 'connect to postgres://admin:hunter2@db failed' });
  };
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator, tokenHash: hash });
  try {
    const response = await dashboard.fetch(
      new Request(`${ORIGIN}/api/sessions/${session.id}/terminate`, {
        method: 'POST',
        headers: { authorization: header },
      }),
    );
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: { kind: 'transport', message: 'The terminate failed (transport)' },
    });
  } finally {
    await dashboard.close();
  }
});

test('a stopped session offers Start instead of Stop, and start calls the orchestrator’s start', async () => {
  const session = fakeSession(0, Date.UTC(2026, 11, 1), { status: 'stopped' });
  const orchestrator = fakeOrchestrator([session]);
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator, tokenHash: hash });
  try {
    const page = await (
      await dashboard.fetch(new Request(`${ORIGIN}/`, { headers: { authorization: header } }))
    ).text();
    expect(page).toContain(`aria-label="Start session ${session.id}"`);
    expect(page).not.toContain(`aria-label="Stop session ${session.id}"`);
    const response = await dashboard.fetch(
      new Request(`${ORIGIN}/api/sessions/${session.id}/start`, { method: 'POST', headers: { authorization: header } }),
    );
    expect(response.status).toBe(200);
    expect(orchestrator.calls).toEqual([['start', session.id]]);
  } finally {
    await dashboard.close();
  }
});

test('stop and start on the real orchestrator over the mock: the machine stops, Start appears, then it runs again', async () => {
  world = await createWorld();
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  const stopped = await post(`/api/sessions/${session.id}/stop`);
  expect(stopped.status).toBe(200);
  expect((await world.mock.getCompute(session.computeId!)).status).toBe('stopped');
  const page = await (await world.request('/')).text();
  expect(page).toContain(`aria-label="Start session ${session.id}"`);
  const started = await post(`/api/sessions/${session.id}/start`);
  expect(started.status).toBe(200);
  expect((await world.mock.getCompute(session.computeId!)).status).not.toBe('stopped');
});
