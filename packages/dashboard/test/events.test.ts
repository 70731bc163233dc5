import { afterEach, expect, test } from 'vitest';
import { createWorld, GPU_REQUEST, readEvents, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

test('GET /api/events streams a session spawned after the client connected', async () => {
  world = await createWorld();
  const stream = await world.request('/api/events');
  expect(stream.status).toBe(200);
  expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const spawn = world.orchestrator.spawn({ ...GPU_REQUEST, userId: 'ada' });
  const entries = await readEvents(stream, (got) => got.some((e) => e.type === 'spawned'));
  const { session } = await spawn;
  const spawned = entries.find((e) => e.type === 'spawned') as unknown as {
    sessionId: string;
    summary: string;
    session: { id: string; userId: string; provider: string };
  };
  expect(spawned.sessionId).toBe(session.id);
  expect(spawned.summary).toBe('spawned on mock for ada');
  expect(spawned.session).toMatchObject({ id: session.id, userId: 'ada', provider: 'mock' });
});

test('the stream carries the dashboard’s own actions too', async () => {
  world = await createWorld();
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  const stream = await world.request('/api/events');
  await world.request(`/api/sessions/${session.id}/terminate`, { method: 'POST' });
  const entries = await readEvents(stream, (got) => got.some((e) => e.summary === 'dashboard terminate: done'));
  expect(entries.map((e) => e.type)).toEqual(
    expect.arrayContaining(['action:terminate', 'terminating', 'terminated', 'action:terminate']),
  );
});

test('close() ends every open stream', async () => {
  world = await createWorld();
  const stream = await world.request('/api/events');
  const reader = stream.body!.getReader();
  await reader.read(); // the opening comment
  await world.dashboard.close();
  expect((await reader.read()).done).toBe(true);
  expect((await world.request('/')).status).toBe(503);
});

test('a session’s page shows its events, newest first', async () => {
  world = await createWorld();
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  await world.orchestrator.touch(session.id);
  // The dashboard follows events asynchronously: wait until the log has both.
  let log: { events: { type: string }[] } = { events: [] };
  while (log.events.length < 2) log = await (await world.request(`/api/log?session=${session.id}`)).json();
  expect(log.events.map((e) => e.type)).toEqual(['heartbeat', 'spawned']);
  const page = await (await world.request(`/sessions/${session.id}`)).text();
  expect(page).toContain(`<tbody data-events data-session="${session.id}">`);
  expect(page.indexOf('>heartbeat<')).toBeLessThan(page.indexOf('>spawned<'));
});

test('a stream that reconnects with Last-Event-ID first gets what it missed', async () => {
  world = await createWorld();
  const first = await world.request('/api/events');
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  const seen = await readEvents(first, (got) => got.some((e) => e.type === 'spawned'));
  const lastId = (seen.at(-1) as unknown as { seq: number }).seq;
  // Away: the session is touched; then back, with the last id the stream gave.
  await world.orchestrator.touch(session.id);
  let log: { events: { type: string }[] } = { events: [] };
  while (!log.events.some((e) => e.type === 'heartbeat')) log = await (await world.request('/api/log')).json();
  const again = await world.request('/api/events', { headers: { 'last-event-id': String(lastId) } });
  const missed = await readEvents(again, (got) => got.some((e) => e.type === 'heartbeat'));
  expect(missed.map((e) => e.type)).toEqual(['heartbeat']);
});
