import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { eventually, type InstanceConfig, startInstance } from '@atlas/test-kit/instances';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let fake: RunPodFake;
let dir: string;
beforeAll(async () => {
  fake = await startRunPodFake({ provisioningMs: 20, startingMs: 20 });
  dir = mkdtempSync(join(tmpdir(), 'atlas-restart-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one orchestrator process on SQLite, killed and restarted', () => {
  it('re-adopts every session with its wall-clock deadlines; expiry and release still happen, once each', async () => {
    const config: InstanceConfig = {
      resolveFrom: import.meta.url,
      store: {
        module: '../src/sqlite-store.ts',
        factory: 'createSqliteStore',
        options: { path: join(dir, 'sessions.db') },
      },
      provider: {
        module: '@atlas/runpod',
        factory: 'createRunPod',
        options: { apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl },
      },
      ownerId: 'restart',
      pollIntervalMs: 200,
      reapIntervalMs: 300,
      graceMs: 1_000,
      // One server, restarted: the same instance id, so the new process re-adopts at once instead of
      // waiting for the old process's instance lease to expire.
      instanceId: 'restart/host-1',
    };
    fake.faults.clear();
    const first = await startInstance(config);
    expect(first.adopted).toBe(0);
    const idle = await first.spawn({ idleTtlMs: 4_000 });
    const capped = await first.spawn({ idleTtlMs: 600_000, maxRuntimeMs: 4_500 });
    const released = await first.spawn({ idleTtlMs: 600_000 });
    await first.kill();

    const second = await startInstance(config);
    try {
      expect(second.adopted).toBe(3);
      const adopted = await second.call<{ id: string; idleDeadline: number; maxDeadline: number }[]>({ cmd: 'list' });
      const byId = new Map(adopted.map((s) => [s.id, s]));
      for (const before of [idle, capped, released]) {
        // The deadlines are the ones set at spawn, in wall-clock time: not restarted by the restart.
        expect(byId.get(before.id)).toMatchObject({
          idleDeadline: before.idleDeadline,
          maxDeadline: before.maxDeadline,
        });
      }
      await second.call({ cmd: 'release', id: released.id });
      const ended = (id: string) => second.events.some((e) => e.type === 'terminated' && e.sessionId === id);
      await eventually(() => ended(idle.id) && ended(capped.id), 'both expiries');

      const expiry = second.events.find((e) => e.type === 'idle_timeout' && e.sessionId === idle.id);
      expect(expiry).toMatchObject({ idleDeadline: idle.idleDeadline });
      expect(expiry!.at).toBeGreaterThanOrEqual(idle.idleDeadline);
      const cap = second.events.find((e) => e.type === 'max_runtime' && e.sessionId === capped.id);
      expect(cap).toMatchObject({ maxDeadline: capped.maxDeadline });
      expect(cap!.at).toBeGreaterThanOrEqual(capped.maxDeadline);

      // No machine leaks, none is terminated twice, nothing is left in the store.
      for (const session of [idle, capped, released]) {
        expect(['TERMINATED', undefined]).toContain(fake.pods.status(session.computeId!));
      }
      const alive = fake.pods.list().filter((pod) => pod.status !== 'TERMINATED');
      expect(alive.filter((pod) => pod.name?.startsWith('atlas-restart-'))).toEqual([]);
      expect(fake.faults.count('terminate')).toBe(3);
      expect(await second.call({ cmd: 'list' })).toEqual([]);
      expect(second.events.filter((e) => e.type === 'reaped')).toEqual([]);
    } finally {
      await second.close();
    }
  }, 60_000);
});
