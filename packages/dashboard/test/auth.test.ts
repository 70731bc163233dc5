import { afterEach, describe, expect, test } from 'vitest';
import { createWorld, login, ORIGIN, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

describe('without the token', () => {
  test.each([
    '/',
    '/machines',
    '/events',
    '/sessions/abcdefgh',
    '/api/sessions',
    '/api/events',
    '/assets/dashboard.js',
  ])('GET %s is 401', async (path) => {
    world = await createWorld();
    const response = await world.request(path, { auth: false });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('a wrong bearer token is 401, and so is a POST action', async () => {
    world = await createWorld();
    const wrong = await world.request('/api/sessions', { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    const post = await world.request('/api/sessions/abcdefgh/terminate', { method: 'POST', auth: false });
    expect(post.status).toBe(401);
  });

  test('a page answers with the sign-in form, the API with JSON', async () => {
    world = await createWorld();
    const page = await world.request('/', { auth: false });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<form method="get" action="/login">');
    const api = await world.request('/api/sessions', { auth: false });
    expect(await api.json()).toEqual({ error: { kind: 'unauthorized', message: 'A valid token is required' } });
  });

  test('a forged or tampered login cookie is 401', async () => {
    world = await createWorld();
    const { cookie } = await login(world);
    const [name, value] = cookie.split('=') as [string, string];
    const [issuedAt, nonce, mac] = value.split('.') as [string, string, string];
    for (const forged of [
      `${name}=${Number(issuedAt) + 1}.${nonce}.${mac}`,
      `${name}=${issuedAt}.${nonce}x.${mac}`,
      `${name}=${issuedAt}.${nonce}.${mac.slice(1)}x`,
      `${name}=${issuedAt}.${mac}`,
      `${name}=x`,
    ]) {
      const response = await world.request('/', { headers: { cookie: forged } });
      expect(response.status).toBe(401);
    }
  });
});

describe('GET /login', () => {
  test('sets an HttpOnly, SameSite=Strict cookie and redirects with 303 so the token leaves the URL', async () => {
    world = await createWorld();
    const response = await world.request(`/login?token=${world.token}`, { auth: false });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^atlas_dashboard=\d+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/;');
    expect(cookie).not.toContain('Secure');
    // The cookie proves the login; it is not the token.
    expect(cookie).not.toContain(world.token);

    const page = await world.request('/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
  });

  test('over https the cookie is Secure', async () => {
    world = await createWorld();
    const response = await world.dashboard.fetch(new Request(`https://dash.test/login?token=${world.token}`));
    expect(response.headers.get('set-cookie')).toContain('; Secure');
  });

  test('a wrong token is 401 with the form and no cookie', async () => {
    world = await createWorld();
    const response = await world.request('/login?token=nope', { auth: false });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('That token is not valid.');
  });

  test('the cookie ends with sign-out, and so does the event stream it opened', async () => {
    world = await createWorld();
    const { cookie, csrf } = await login(world);
    const stream = await world.request('/api/events', { headers: { cookie } });
    const reader = stream.body!.getReader();
    await reader.read(); // connected
    const response = await world.request('/logout', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0');
    // A copy of the cookie kept after sign-out is refused, and the stream it opened has ended.
    expect((await world.request('/', { headers: { cookie } })).status).toBe(401);
    expect((await reader.read()).done).toBe(true);
  });
});

describe('basePath', () => {
  test('mounts every route under the prefix, the cookie path included', async () => {
    world = await createWorld({ basePath: '/ops/atlas' });
    const response = await world.request(`/ops/atlas/login?token=${world.token}`, { auth: false });
    expect(response.headers.get('location')).toBe('/ops/atlas/');
    expect(response.headers.get('set-cookie')).toContain('Path=/ops/atlas/;');
    const page = await world.request('/ops/atlas/');
    expect(await page.text()).toContain('href="/ops/atlas/assets/dashboard.css"');
    expect((await world.request('/ops/atlas/api/sessions')).status).toBe(200);
    expect((await world.request('/api/sessions')).status).toBe(404);
    expect((await world.request('/ops/atlasx/api/sessions')).status).toBe(404);
  });
});

test('createDashboard refuses a tokenHash that is not a SHA-256 hex digest', async () => {
  world = await createWorld();
  const { createDashboard } = await import('../src/index.js');
  expect(() => createDashboard({ orchestrator: world.orchestrator, tokenHash: 'secret' })).toThrow(/tokenHash/);
});

test('HEAD answers like GET without a body, the event stream included', async () => {
  world = await createWorld();
  const page = await world.request('/', { method: 'HEAD' });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.body).toBeNull();
  const stream = await world.request('/api/events', { method: 'HEAD' });
  expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(stream.body).toBeNull();
  expect((await world.request('/', { method: 'HEAD', auth: false })).status).toBe(401);
});

test('a cross-site navigation without the cookie reloads once, same-site, so a login link from a chat works', async () => {
  world = await createWorld();
  const crossSite = await world.request('/', {
    auth: false,
    headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
  });
  expect(crossSite.status).toBe(401);
  expect(await crossSite.text()).toContain('<meta http-equiv="refresh" content="0">');
  const sameSite = await world.request('/', {
    auth: false,
    headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' },
  });
  expect(await sameSite.text()).not.toContain('http-equiv="refresh"');
});
