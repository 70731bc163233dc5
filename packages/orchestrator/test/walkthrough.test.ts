import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, setup } from './harness.js';
import { createAppHandler } from './walkthrough/app-server.js';
import { createPodHandler } from './walkthrough/pod-server.js';

/** The per-user walkthrough of docs/orchestrator.md, run for real on loopback servers. */
const servers: Server[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.orch.close();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('per-user session walkthrough', () => {
  it('the browser reaches its pod with the token; nobody else does; release ends it', async () => {
    // The "pod" is a local server running the pod-side code with the env the mock gave the compute.
    let podHandler: RequestListener | undefined;
    const podUrl = await serve((req, res) => void podHandler?.(req, res));
    h = setup();
    const appOrigin = 'https://studio.example.com';
    const app = await serve(createAppHandler(h.orch, { publicUrl: () => podUrl, appOrigin }));

    const alice = { 'x-user': 'alice' };
    const created = await fetch(`${app}/sessions`, { method: 'POST', headers: alice });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { sessionId: string; url: string; authorization: string; videoUrl: string };
    const session = (await h.orch.get(body.sessionId))!;
    podHandler = await createPodHandler(h.mock.readEnv(session.computeId!));

    // Browser: its Authorization header makes the call cross-origin with a preflight, which needs no token.
    const preflight = await fetch(`${body.url}/infer`, {
      method: 'OPTIONS',
      headers: {
        origin: appOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const inferred = await fetch(`${body.url}/infer`, {
      method: 'POST',
      headers: { authorization: body.authorization, origin: appOrigin },
    });
    expect(inferred.status).toBe(200);
    expect(inferred.headers.get('access-control-allow-origin')).toBe(appOrigin);
    // <video src> with the signed URL.
    expect((await fetch(body.videoUrl)).status).toBe(200);
    expect((await fetch(body.videoUrl)).status).toBe(200);
    // Without the token, with a forged token, with a tampered signed URL: refused.
    expect((await fetch(`${body.url}/infer`)).status).toBe(401);
    expect(
      (await fetch(`${body.url}/infer`, { headers: { authorization: 'Bearer forged-token-0000000000' } })).status,
    ).toBe(401);
    expect((await fetch(body.videoUrl.replace('clip=1', 'clip=2'))).status).toBe(401);

    // Heartbeats keep it; another user can neither see nor end it.
    expect(
      (await fetch(`${app}/sessions/${body.sessionId}/heartbeat`, { method: 'POST', headers: alice })).status,
    ).toBe(204);
    expect(
      (await fetch(`${app}/sessions/${body.sessionId}`, { method: 'DELETE', headers: { 'x-user': 'bob' } })).status,
    ).toBe(404);
    expect((await fetch(`${app}/sessions/${body.sessionId}`, { headers: alice })).status).toBe(200);

    expect((await fetch(`${app}/sessions/${body.sessionId}`, { method: 'DELETE', headers: alice })).status).toBe(204);
    expect((await h.mock.getCompute(session.computeId!)).status).toBe('terminated');
    expect((await fetch(`${app}/sessions/${body.sessionId}`, { headers: alice })).status).toBe(404);
  });
});
