import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAtlas, mintToken, type Provider } from '@atlas/core';
import { createMock, type MockProvider } from '@atlas/mock';
import { type Clock, createOrchestrator, type Orchestrator, realClock } from '@atlas/orchestrator';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { createDashboard, type Dashboard } from '../src/index.js';

/**
 * Everything a browser test talks to, for real: the RunPod fake on 127.0.0.1 driven by the real
 * @atlas/runpod provider, the in-memory mock, an orchestrator over them, and the dashboard served by
 * a Node http server on 127.0.0.1. Only the token is minted here; the dashboard gets its hash.
 */
export interface World {
  /** `http://127.0.0.1:<port>` of the dashboard. */
  readonly origin: string;
  /** The access token (what the operator's login link carries). */
  readonly token: string;
  readonly orchestrator: Orchestrator;
  readonly mock: MockProvider;
  readonly fake: RunPodFake;
  readonly dashboard: Dashboard;
  /** Moves the shared clock (deterministic worlds only; a no-op on real time). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface WorldOptions {
  /**
   * Fixed clock and ids (for screenshots): the orchestrator runs on the mock only, whose ids and
   * times come from here, and the dashboard reads the same clock, so ages and idle times are the
   * same on every run. Timers still run in real time; only "now" is held still.
   */
  readonly deterministic?: boolean;
}

/** 2026-01-15T09:00:00Z: a fixed "now" for deterministic pages. */
export const FIXED_NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  let now = FIXED_NOW;
  const deterministic = options.deterministic === true;
  const clock: Clock = deterministic ? { ...realClock, now: () => now } : realClock;
  let counter = 0;
  const ids = deterministic ? () => `s${String(++counter).padStart(7, '0')}` : undefined;
  let mockCounter = 0;
  const mock = createMock({
    provisioningMs: deterministic ? 1_000 : 50,
    ...(deterministic ? { clock: () => now, ids: () => `mock-${String(++mockCounter).padStart(4, '0')}` } : {}),
  });
  const fake = await startRunPodFake({ endpoints: [] });
  const runpod = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
  const providers: Record<string, Provider> = deterministic ? { mock } : { runpod, mock };
  const atlas = createAtlas({ providers });
  const orchestrator = createOrchestrator({
    atlas,
    provider: deterministic ? 'mock' : 'runpod',
    ownerId: 'dash-test',
    clock,
    ...(ids === undefined ? {} : { ids }),
    idleTtlMs: 60 * 60_000,
    maxRuntimeMs: 8 * 3_600_000,
    pollIntervalMs: 500,
    reapIntervalMs: 3_600_000,
    logger: {},
  });
  const { token, hash } = await mintToken();
  const dashboard = createDashboard({
    orchestrator,
    providers,
    tokenHash: hash,
    ...(deterministic ? { clock: () => now } : {}),
  });
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
      if (deterministic) now += ms;
    },
    async close() {
      await dashboard.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await orchestrator.close({ terminate: true });
      await fake.close();
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
  const deadline = Date.now() + POLL.timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL.interval));
  }
}
