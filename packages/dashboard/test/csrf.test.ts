import { afterEach, expect, test } from 'vitest';
import { createWorld, GPU_REQUEST, login, ORIGIN, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

async function spawned(): Promise<string> {
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  return session.id;
}

test('a cross-site POST with the login cookie is refused 403 and the session stays', async () => {
  world = await createWorld();
  const id = await spawned();
  const { cookie, csrf } = await login(world);
  for (const headers of [
    { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    { origin: 'https://evil.example' },
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site', origin: 'http://other.dash.test' },
    // Neither header: no browser sends a POST like that, so it is refused too.
    {},
  ]) {
    const response = await world.request(`/api/sessions/${id}/terminate`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, ...headers },
    });
    expect(response.status).toBe(403);
  }
  expect(await world.orchestrator.get(id)).toBeDefined();
});

test('a same-origin POST without the CSRF token, or with another, is refused 403', async () => {
  world = await createWorld();
  const id = await spawned();
  const { cookie, csrf } = await login(world);
  const sameOrigin = { cookie, origin: ORIGIN, 'sec-fetch-site': 'same-origin' };
  const missing = await world.request(`/api/sessions/${id}/terminate`, { method: 'POST', headers: sameOrigin });
  expect(missing.status).toBe(403);
  expect(await missing.json()).toEqual({ error: { kind: 'forbidden', message: 'Missing or invalid CSRF token' } });
  const other = await world.request(`/api/sessions/${id}/terminate`, {
    method: 'POST',
    headers: { ...sameOrigin, 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` },
  });
  expect(other.status).toBe(403);
  expect(await world.orchestrator.get(id)).toBeDefined();
});

test('the CSRF token of one login does not work with another login cookie', async () => {
  world = await createWorld();
  const id = await spawned();
  const first = await login(world);
  const second = await login(world);
  expect(second.cookie).not.toBe(first.cookie);
  const response = await world.request(`/api/sessions/${id}/touch`, {
    method: 'POST',
    headers: { cookie: second.cookie, 'x-csrf-token': first.csrf, origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
  });
  expect(response.status).toBe(403);
});

test('the page’s own POST (cookie, CSRF header, same origin) goes through', async () => {
  world = await createWorld();
  const id = await spawned();
  const { cookie, csrf } = await login(world);
  const response = await world.request(`/api/sessions/${id}/touch`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
  });
  expect(response.status).toBe(200);
});

test('a script with the bearer token needs no CSRF token, but a cross-site Origin is still refused', async () => {
  world = await createWorld();
  const id = await spawned();
  const script = await world.request(`/api/sessions/${id}/touch`, { method: 'POST' });
  expect(script.status).toBe(200);
  const crossSite = await world.request(`/api/sessions/${id}/touch`, {
    method: 'POST',
    headers: { origin: 'https://evil.example' },
  });
  expect(crossSite.status).toBe(403);
});

test('actions are POST only: GET on an action path changes nothing', async () => {
  world = await createWorld();
  const id = await spawned();
  const response = await world.request(`/api/sessions/${id}/terminate`);
  expect(response.status).toBe(404);
  expect((await world.request(`/api/sessions/${id}/terminate`, { method: 'PUT' })).status).toBe(405);
  expect(await world.orchestrator.get(id)).toBeDefined();
});
