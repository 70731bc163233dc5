import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { createWorld, GPU_REQUEST, readEvents, type World } from './harness.js';

let world: World;
let server: Server | undefined;
afterEach(async () => {
  // The open event stream is ended by dashboard.close(); then the server can close.
  await world?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function listen(): Promise<string> {
  server = createServer(world.dashboard.node);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** node:http directly: fetch would follow the redirect and hide the Set-Cookie. */
function rawGet(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, headers: res.headers });
    })
      .on('error', reject)
      .end();
  });
}

test('over a real Node http server: login, the page, an action from the page, a refused cross-site POST, the stream', async () => {
  world = await createWorld();
  const base = await listen();
  const { session } = await world.orchestrator.spawn({ ...GPU_REQUEST, userId: 'ada' });

  expect((await fetch(`${base}/`)).status).toBe(401);

  const loggedIn = await rawGet(`${base}/login?token=${encodeURIComponent(world.token)}`);
  expect(loggedIn.status).toBe(303);
  expect(loggedIn.headers.location).toBe('/');
  const setCookie = loggedIn.headers['set-cookie'] as string[];
  expect(setCookie).toHaveLength(1);
  expect(setCookie[0]).toContain('HttpOnly');
  const cookie = setCookie[0]!.split(';')[0]!;

  const page = await fetch(`${base}/`, { headers: { cookie } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  const html = await page.text();
  expect(html).toContain(session.id);
  const csrf = /<meta name="atlas-csrf" content="([^"]+)">/.exec(html)![1]!;

  const stream = await fetch(`${base}/api/events`, { headers: { cookie } });
  expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');

  const crossSite = await fetch(`${base}/api/sessions/${session.id}/terminate`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' },
  });
  expect(crossSite.status).toBe(403);

  const terminated = await fetch(`${base}/api/sessions/${session.id}/terminate`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, origin: base },
  });
  expect(terminated.status).toBe(200);
  expect(await world.orchestrator.get(session.id)).toBeUndefined();

  const entries = await readEvents(stream, (got) => got.some((e) => e.type === 'terminated'));
  expect(entries.map((e) => e.type)).toContain('action:terminate');
});

test('a Host-relative path cannot point the request at another host', async () => {
  world = await createWorld();
  const base = await listen();
  const response = await fetch(`${base}//evil.example/api/sessions`, {
    headers: { authorization: `Bearer ${world.token}` },
  });
  expect(response.status).toBe(404);
});

test('a client that goes away leaves the others and the log following events', async () => {
  world = await createWorld();
  const base = await listen();
  const headers = { authorization: `Bearer ${world.token}` };
  const gone = new AbortController();
  const first = await fetch(`${base}/api/events`, { headers, signal: gone.signal });
  await first.body!.getReader().read(); // connected
  gone.abort();
  const second = await fetch(`${base}/api/events`, { headers });
  const a = await world.orchestrator.spawn(GPU_REQUEST);
  const b = await world.orchestrator.spawn(GPU_REQUEST);
  const entries = await readEvents(second, (got) => got.filter((e) => e.type === 'spawned').length === 2);
  expect(entries.filter((e) => e.type === 'spawned').map((e) => e.sessionId)).toEqual([a.session.id, b.session.id]);
});
