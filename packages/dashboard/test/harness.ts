import { mintToken } from '@atlas/core';
import { createMock, type MockProvider } from '@atlas/mock';
import { createOrchestrator, type Orchestrator } from '@atlas/orchestrator';
import { createDashboard, type Dashboard, type DashboardOptions } from '../src/index.js';

export const ORIGIN = 'http://dash.test';

export const GPU_REQUEST = { gpu: 'h100', image: 'ghcr.io/acme/infer:1' } as const;

export interface World {
  readonly mock: MockProvider;
  readonly orchestrator: Orchestrator;
  readonly dashboard: Dashboard;
  /** The access token (its hash went to the dashboard). */
  readonly token: string;
  /** A request through dashboard.fetch with the bearer token (unless `auth: false`). */
  request(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

/** A real orchestrator over the mock provider, a dashboard over both, and a fresh token. */
export async function createWorld(
  extra: { [K in keyof DashboardOptions]?: DashboardOptions[K] | undefined } = {},
): Promise<World> {
  const mock = createMock({ provisioningMs: 0 });
  const orchestrator = createOrchestrator({
    provider: mock,
    ownerId: 'app',
    // Nothing here waits for a poll or a reap: they would only add provider calls.
    pollIntervalMs: 3_600_000,
    reapIntervalMs: 3_600_000,
  });
  const { token, hash } = await mintToken();
  const dashboard = createDashboard({
    orchestrator,
    providers: { mock },
    tokenHash: hash,
    ...extra,
  } as DashboardOptions);
  return {
    mock,
    orchestrator,
    dashboard,
    token,
    request(path, init = {}) {
      const { auth = true, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (auth && !headers.has('authorization') && !headers.has('cookie'))
        headers.set('authorization', `Bearer ${token}`);
      return dashboard.fetch(new Request(`${ORIGIN}${path}`, { ...rest, headers }));
    },
    async close() {
      await dashboard.close();
      await orchestrator.close({ terminate: true });
    },
  };
}

/** Logs in through GET /login and returns the cookie header and the page's CSRF token. */
export async function login(world: World, base = '/'): Promise<{ cookie: string; csrf: string }> {
  const response = await world.request(`${base}login?token=${encodeURIComponent(world.token)}`, { auth: false });
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  const page = await (await world.request(base, { headers: { cookie } })).text();
  const csrf = /<meta name="atlas-csrf" content="([^"]+)">/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

/** Reads an event stream until `done` holds for the entries received so far; returns them. */
export async function readEvents(
  response: Response,
  done: (entries: readonly { type: string; sessionId?: string; kind: string; summary: string }[]) => boolean,
): Promise<{ type: string; sessionId?: string; kind: string; summary: string }[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const entries: { type: string; sessionId?: string; kind: string; summary: string }[] = [];
  let buffer = '';
  try {
    while (!done(entries)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (data !== '') entries.push(JSON.parse(data));
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    await reader.cancel();
  }
  return entries;
}
