import { afterEach, expect, test } from 'vitest';
import { createWorld, GPU_REQUEST, login, readEvents, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

const ENV = { HF_TOKEN: 'hf_env-value-that-must-stay-private', DB_URL: 'postgres://u:pw-env-secret@db/x' };

async function everything(response: Response): Promise<string> {
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  return `${response.status}\n${headers}\n\n${await response.text()}`;
}

test('no response carries a token, a token hash or an env value', async () => {
  world = await createWorld();
  const stream = await world.request('/api/events');
  const spawned = await world.orchestrator.spawn({ ...GPU_REQUEST, userId: 'ada', env: ENV, auth: 'bearer' });
  const { session } = spawned;
  const secrets = [world.token, ...Object.values(ENV), spawned.auth!.token, spawned.auth!.hash, session.tokenHash!];
  expect(session.tokenHash).toBe(spawned.auth!.hash);

  const entries = await readEvents(stream, (got) => got.some((e) => e.type === 'spawned'));
  const { cookie, csrf } = await login(world);
  const bodies = [JSON.stringify(entries)];
  const loginResponse = await world.request(`/login?token=${world.token}`, { auth: false });
  bodies.push(await everything(loginResponse));
  for (const path of [
    '/',
    '/?size=500',
    '/machines',
    '/events',
    `/sessions/${session.id}`,
    '/fragments/sessions',
    `/fragments/sessions/${session.id}`,
    '/api/sessions',
    `/api/sessions/${session.id}`,
    '/api/machines',
    '/api/log',
    '/assets/dashboard.js',
    '/assets/dashboard.css',
  ]) {
    bodies.push(await everything(await world.request(path)));
    bodies.push(await everything(await world.request(path, { headers: { cookie } })));
  }
  const touch = await world.request(`/api/sessions/${session.id}/touch`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, origin: 'http://dash.test', 'sec-fetch-site': 'same-origin' },
  });
  expect(touch.status).toBe(200);
  bodies.push(await everything(touch));

  const all = bodies.join('\n');
  // The checks can fail: the pages do show the session.
  expect(all).toContain(session.id);
  expect(all).toContain('ada');
  for (const secret of secrets) expect(all).not.toContain(secret);
  expect(all).not.toMatch(/tokenHash|"env"/);
});

test('markup from a session never becomes markup on the page', async () => {
  world = await createWorld();
  await world.orchestrator.spawn({ ...GPU_REQUEST, userId: '<script>alert(1)</script>' });
  const page = await (await world.request('/')).text();
  expect(page).not.toContain('<script>alert(1)</script>');
  expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
});
