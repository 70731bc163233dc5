import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAtlas, mintToken, type Provider } from '@atlas/core';
import { createMock, type MockProvider } from '@atlas/mock';
import { createOrchestrator, type Orchestrator } from '@atlas/orchestrator';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { vi } from 'vitest';
import { createDashboard, type Dashboard } from '../src/index.js';

/**
 * Everything a browser test talks to, for real: an orchestrator over the RunPod fake on 127.0.0.1
 * (driven by the real @atlas/runpod provider) and the in-memory mock, and the dashboard served by a
 * Node http server on 127.0.0.1. Only the token is minted here; the dashboard gets its hash.
 */
export interface World {
  /** `http://127.0.0.1:<port>` of the dashboard. */
  readonly origin: string;
  /** The access token (what the operator's login link carries). */
  readonly token: string;
  /** Over the RunPod fake (its first provider: where an unpinned spawn goes) and the mock. */
  readonly orchestrator: Orchestrator;
  /** The mock (`mock-east` in a deterministic world). */
  readonly mock: MockProvider;
  readonly fake: RunPodFake;
  readonly dashboard: Dashboard;
  /** Moves the frozen clock (deterministic worlds only). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface WorldOptions {
  /**
   * Frozen time and fixed ids (for screenshots): `Date` is faked (timers still run), so ages, idle
   * times, spend, event times and placement durations read the same on every run, and the
   * orchestrator runs on two mocks (`mock-east`, `mock-west`) with counted ids instead of the fake,
   * whose pod ids are random.
   */
  readonly deterministic?: boolean;
}

/** 2026-01-15T09:00:00Z: the frozen "now" of deterministic worlds. */
export const FIXED_NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const deterministic = options.deterministic === true;
  let now = FIXED_NOW;
  if (deterministic) vi.useFakeTimers({ now, toFake: ['Date'] });
  const counted = (prefix: string, width: number) => {
    let n = 0;
    return () => `${prefix}${String(++n).padStart(width, '0')}`;
  };
  const mock = createMock(
    deterministic ? { id: 'mock-east', provisioningMs: 1_000, ids: counted('east-', 4) } : { provisioningMs: 50 },
  );
  const fake = await startRunPodFake({ endpoints: [] });
  const runpod = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
  const providers: Record<string, Provider> = deterministic
    ? {
        'mock-east': mock,
        'mock-west': createMock({ id: 'mock-west', provisioningMs: 1_000, ids: counted('west-', 4) }),
      }
    : { runpod, mock };
  const orchestrator = createOrchestrator({
    atlas: createAtlas({ providers }),
    providers: Object.keys(providers),
    ownerId: 'dash-test',
    ...(deterministic ? { ids: counted('s', 7) } : {}),
    idleTtlMs: 60 * 60_000,
    maxRuntimeMs: 8 * 3_600_000,
    pollIntervalMs: 500,
    reapIntervalMs: 3_600_000,
    logger: {},
  });
  const { token, hash } = await mintToken();
  const dashboard = createDashboard({ orchestrator, providers, tokenHash: hash });
  const server = createServer(dashboard.node);
  const origin = await listen(server);
  return {
    origin,
    token,
    orchestrator,
    mock,
    fake,
    dashboard,
    advance(ms) {
      if (!deterministic) throw new Error('advance() moves the frozen clock of a deterministic world only');
      now += ms;
      vi.setSystemTime(now);
    },
    async close() {
      await dashboard.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await orchestrator.close({ terminate: true });
      await fake.close();
      if (deterministic) vi.useRealTimers();
    },
  };
}

/** Listens on 127.0.0.1 at a free port; resolves the origin. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Pages update over the network and a fake cloud: wait for what they should show, up to a bound that is never asserted. */
export const POLL = { timeout: 15_000, interval: 50 } as const;

/** For set-up outside a test (expect.poll needs one): resolves once `check` holds, or fails naming `what`. */
export async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  // performance.now: a deterministic world fakes Date.
  const deadline = performance.now() + POLL.timeout;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL.interval));
  }
}
