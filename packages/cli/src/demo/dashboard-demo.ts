import { randomBytes } from 'node:crypto';
import { createAtlas, type Provider } from '@atlas/core';
import { createMock } from '@atlas/mock';
import { createOrchestrator, type Orchestrator } from '@atlas/orchestrator';
import { createRunPod } from '@atlas/runpod';
import { startRunPodFake } from '@atlas/runpod/testing';

/** What `atlas dashboard --demo` serves: a live orchestrator and the providers whose machines it lists. */
export interface DashboardDemo {
  readonly orchestrator: Orchestrator;
  readonly providers: Readonly<Record<string, Provider>>;
  /** Stops the spawn/release timer, ends every session, then stops the fake. */
  close(): Promise<void>;
}

const USERS = ['alice', 'bob', 'carol', 'dan', 'erin', 'frank'] as const;
const GPUS = ['h100', 'a100_80g', 'l40s', 'rtx_4090'] as const;
const IMAGE = 'ghcr.io/atlas-demo/infer:1';
/** Sessions the demo keeps alive, give or take: enough to fill a table, few enough to watch. */
const TARGET_SESSIONS = 6;
const TICK_MS = 2_500;

/**
 * The RunPod fake on 127.0.0.1 (the real @atlas/runpod provider over HTTP) and the in-memory mock,
 * an orchestrator over both, and a timer that places, touches and releases sessions so the page
 * moves. Each provider also runs one machine the orchestrator did not start (the Machines page
 * marks those foreign), and RunPod one that a crashed run left behind (orphaned, until the reaper).
 * Nothing here needs an account or a key: the fake accepts a throwaway one.
 */
export async function startDashboardDemo(onError: (message: string) => void): Promise<DashboardDemo> {
  const apiKey = `rp_demo_${randomBytes(12).toString('hex')}`;
  const fake = await startRunPodFake({ apiKey, provisioningMs: 1_500, startingMs: 500, endpoints: [] });
  const runpod = createRunPod({ apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
  const mock = createMock({ provisioningMs: 1_500 });
  const atlas = createAtlas({ providers: { runpod, mock }, defaultProvider: 'runpod' });
  const orchestrator = createOrchestrator({
    atlas,
    providers: ['runpod', 'mock'],
    ownerId: 'dashboard-demo',
    idleTtlMs: 45_000,
    maxRuntimeMs: 5 * 60_000,
    pollIntervalMs: 3_000,
    reapIntervalMs: 30_000,
    graceMs: 60_000,
  });

  let turn = 0;
  const tick = async () => {
    turn++;
    const live = await orchestrator.list();
    const active = live.filter((s) => s.state === 'active');
    // One in three ticks touches a session, so some stay and the others idle out on their own.
    const touched = active[turn % Math.max(active.length, 1)];
    if (touched !== undefined && turn % 3 === 0) await orchestrator.touch(touched.id);
    if (live.length < TARGET_SESSIONS || (turn % 4 !== 0 && live.length < TARGET_SESSIONS + 2)) {
      // Placed on whichever cloud has the GPU cheapest; now and then the mock is out of stock, so
      // a session's page shows a failover in its placement history.
      if (turn % 5 === 0) mock.failNext('spawnCompute', 'capacity');
      await orchestrator.spawn({
        userId: USERS[turn % USERS.length]!,
        gpu: GPUS[turn % GPUS.length]!,
        image: IMAGE,
        ports: [{ port: 8000, protocol: 'http' }],
        placement: { maxPricePerHour: 6 },
      });
    } else if (active[0] !== undefined) {
      await orchestrator.release(active[0].id);
    }
  };
  const stop = async () => {
    await orchestrator.close({ terminate: true });
    await fake.close();
  };
  try {
    await Promise.all([
      atlas.spawnCompute({
        provider: 'runpod',
        gpu: 'a100_80g',
        image: 'pytorch/pytorch:latest',
        name: 'notebook-erin',
      }),
      atlas.spawnCompute({ provider: 'mock', gpu: 'h100', image: 'vllm/vllm-openai:latest', name: 'training-run-7' }),
      // Stamped with the demo's owner but held by no session, as a crash leaves one: the Machines page
      // marks it orphaned until the reaper ends it (after graceMs, on its next run).
      atlas.spawnCompute({ provider: 'runpod', gpu: 'l40s', image: IMAGE, name: 'atlas-dashboard-demo-leftover01' }),
    ]);
    await tick();
  } catch (error) {
    await stop();
    throw error;
  }
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(tick).catch((error: unknown) => {
      onError(`demo: ${error instanceof Error ? error.message : String(error)}`);
    });
  }, TICK_MS);

  return {
    orchestrator,
    providers: { runpod, mock },
    async close() {
      clearInterval(timer);
      await running;
      await stop();
    },
  };
}
