import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { setTimeout as realDelay } from 'node:timers/promises';
import { isAtlasError } from '@atlas/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeClock } from './fake-clock.js';
import { GPU_REQUEST, type Harness, PROVISIONING_MS, setup } from './harness.js';

let h: Harness | undefined;
const servers: { close(cb: () => void): void }[] = [];
afterEach(async () => {
  await h?.orch.close();
  h = undefined;
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A local stand-in for the pod's server: answers 503 until `healthyAfter` requests were seen. */
async function podServer(healthyAfter: number): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createHttpServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`.trim());
    res.statusCode = requests.length > healthyAfter ? 200 : 503;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, requests };
}

/** Moves the fake clock in steps and lets real I/O (the probes) happen in between. */
async function drive<T>(promise: Promise<T>, clock: FakeClock, stepMs: number, maxSteps = 200): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  for (let i = 0; i < maxSteps && !done; i++) {
    await realDelay(5);
    if (!done) await clock.advance(stepMs);
  }
  return tracked;
}

describe('waitReady', () => {
  it('resolves once the provider says running and the HTTP probe answers', async () => {
    const pod = await podServer(2);
    h = setup({ resolveEndpoint: () => ({ url: `http://127.0.0.1:${pod.port}` }) });
    const { session, auth } = await h.orch.spawn(GPU_REQUEST);
    const ready = await drive(
      h.orch.waitReady(session.id, {
        http: { port: 8000, path: '/health', expectStatus: 200, headers: { authorization: auth!.header } },
        intervalMs: 500,
        timeoutMs: 60_000,
      }),
      h.clock,
      500,
    );
    expect(ready.status).toBe('running');
    // Nothing was probed while the provider still said provisioning; then 503, 503, 200.
    expect(pod.requests).toHaveLength(3);
    expect(pod.requests[0]).toBe(`GET /health ${auth!.header}`);
    expect(h.clock.now() - session.createdAt).toBeGreaterThanOrEqual(PROVISIONING_MS);
    expect(h.types(session.id)).toEqual(['spawned', 'ready']);
  });

  it('checks after short pauses that grow 1.5 times up to intervalMs', async () => {
    for (const [intervalMs, pauses] of [
      [undefined, [250, 375, 563]],
      [400, [250, 375, 400]],
      [100, [100, 100, 100]],
    ] as const) {
      h = setup();
      const { session } = await h.orch.spawn(GPU_REQUEST);
      const checks: number[] = [];
      const getCompute = h.mock.getCompute.bind(h.mock);
      h.mock.getCompute = (id, ctx) => {
        checks.push(h!.clock.now());
        return getCompute(id, ctx);
      };
      const ready = h.orch.waitReady(session.id, intervalMs === undefined ? {} : { intervalMs });
      await h.clock.advance(PROVISIONING_MS + 1_000);
      expect((await ready).status).toBe('running');
      const gaps = checks.slice(1).map((at, i) => at - checks[i]!);
      expect(gaps.slice(0, 3)).toEqual(pauses);
      await h.orch.close();
    }
  });

  it('rejects AtlasError timeout carrying the last status and probe result', async () => {
    const pod = await podServer(Number.POSITIVE_INFINITY);
    h = setup({ resolveEndpoint: () => ({ url: `http://127.0.0.1:${pod.port}` }) });
    const { session } = await h.orch.spawn(GPU_REQUEST);
    const error = await drive(
      h.orch.waitReady(session.id, { http: { port: 8000, path: '/' }, intervalMs: 1_000, timeoutMs: 5_000 }),
      h.clock,
      1_000,
    ).catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('timeout');
    expect(isAtlasError(error) && error.raw).toEqual({
      sessionId: session.id,
      computeId: session.computeId,
      lastStatus: 'running',
      lastProbe: 'HTTP 503',
    });
    expect(pod.requests.length).toBeGreaterThan(0);
  });

  it('times out with status provisioning when the provider never says running', async () => {
    h = setup();
    const { session } = await h.orch.spawn(GPU_REQUEST);
    const error = await drive(
      h.orch.waitReady(session.id, { timeoutMs: PROVISIONING_MS / 2, intervalMs: 100 }),
      h.clock,
      100,
    ).catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('timeout');
    expect(isAtlasError(error) && (error.raw as { lastStatus: string }).lastStatus).toBe('provisioning');
  });

  it('probes a TCP port', async () => {
    const server = createTcpServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    h = setup({ resolveEndpoint: () => ({ host: '127.0.0.1', port }) });
    const { session } = await h.orch.spawn({ ...GPU_REQUEST, ports: [{ port: 22, protocol: 'tcp' }] });
    const ready = await drive(h.orch.waitReady(session.id, { tcp: { port: 22 }, intervalMs: 500 }), h.clock, 500);
    expect(ready.status).toBe('running');
  });

  it('rejects conflict at once when the compute fails while we wait', async () => {
    h = setup();
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    h.mock.setStatus(compute.id, 'failed');
    const error = await h.orch.waitReady(session.id, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('conflict');
    expect(isAtlasError(error) && (error.raw as { lastStatus: string }).lastStatus).toBe('failed');
  });

  it('stops when the signal aborts', async () => {
    h = setup();
    const { session } = await h.orch.spawn(GPU_REQUEST);
    const controller = new AbortController();
    const waiting = h.orch
      .waitReady(session.id, { signal: controller.signal, intervalMs: 100 })
      .catch((e: unknown) => e);
    await h.clock.advance(100);
    controller.abort();
    const error = await waiting;
    expect(isAtlasError(error)).toBe(true);
  });
});
