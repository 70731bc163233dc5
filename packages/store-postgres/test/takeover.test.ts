import { randomBytes } from 'node:crypto';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { eventually, type Instance, type InstanceConfig, startInstance } from '@atlas/test-kit/instances';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

let fake: RunPodFake;
beforeAll(async () => {
  fake = await startRunPodFake({ provisioningMs: 20, startingMs: 20 });
});
afterAll(async () => {
  await fake.close();
});

describe('two orchestrator processes on one PostgreSQL', () => {
  it('B takes A’s sessions over once A (SIGKILLed) lets its lease expire; TTLs hold, nothing leaks or ends twice', async () => {
    const ownerId = `takeover-${randomBytes(4).toString('hex')}`;
    const base = {
      resolveFrom: import.meta.url,
      store: {
        // The built store (its relative imports are .js): turbo builds a package before its tests.
        module: '../dist/index.js',
        factory: 'createPostgresStore',
        options: { connectionString: inject('postgresUrl'), maxConnections: 4 },
      },
      provider: {
        module: '@atlas/runpod',
        factory: 'createRunPod',
        options: { apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl },
      },
      ownerId,
      pollIntervalMs: 200,
      reapIntervalMs: 250,
      graceMs: 500,
      // Long enough that a loaded CI machine never stalls A past it while A lives.
      instanceLeaseMs: 3_000,
    } satisfies Omit<InstanceConfig, 'instanceId'>;
    fake.faults.clear();
    const a = await startInstance({ ...base, instanceId: `${ownerId}/a` });
    let b: Instance | undefined;
    try {
      b = await startInstance({ ...base, instanceId: `${ownerId}/b` });
      const idle = await a.spawn({ idleTtlMs: 9_000 });
      const capped = await a.spawn({ idleTtlMs: 600_000, maxRuntimeMs: 10_000 });
      const released = await a.spawn({ idleTtlMs: 600_000 });
      const own = await b.spawn({ idleTtlMs: 600_000 });
      // While A lives, B's reaper runs (every 250 ms, past the 500 ms grace) and leaves A's sessions alone.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const bReaps = await b.call<{ ran: boolean; terminated: string[] }>({ cmd: 'reap' });
      expect(bReaps.terminated).toEqual([]);
      expect(b.events.filter((e) => e.type === 'taken_over')).toEqual([]);
      expect(fake.faults.count('terminate')).toBe(0);

      await a.kill();
      const takenOver = (id: string) => b!.events.some((e) => e.type === 'taken_over' && e.sessionId === id);
      await eventually(() => [idle, capped, released].every((s) => takenOver(s.id)), 'B took over A’s sessions');
      for (const event of b.events.filter((e) => e.type === 'taken_over')) expect(event.from).toBe(`${ownerId}/a`);

      await b.call({ cmd: 'release', id: released.id });
      const ended = (id: string) => b!.events.some((e) => e.type === 'terminated' && e.sessionId === id);
      await eventually(() => ended(idle.id) && ended(capped.id), 'the idle TTL and the max runtime, enforced by B');
      const expiry = b.events.find((e) => e.type === 'idle_timeout' && e.sessionId === idle.id);
      expect(expiry).toMatchObject({ idleDeadline: idle.idleDeadline });
      expect(expiry!.at).toBeGreaterThanOrEqual(idle.idleDeadline);
      const cap = b.events.find((e) => e.type === 'max_runtime' && e.sessionId === capped.id);
      expect(cap).toMatchObject({ maxDeadline: capped.maxDeadline });
      expect(cap!.at).toBeGreaterThanOrEqual(capped.maxDeadline);

      // B's own session lived through all of it; then it goes too.
      expect(fake.pods.status(own.computeId!)).toBe('RUNNING');
      await b.call({ cmd: 'release', id: own.id });
      for (const session of [idle, capped, released, own]) {
        expect(['TERMINATED', undefined]).toContain(fake.pods.status(session.computeId!));
      }
      // No machine leaks, none is terminated twice, no reaper touched a tracked one.
      const alive = fake.pods.list().filter((pod) => pod.status !== 'TERMINATED');
      expect(alive.filter((pod) => pod.name?.startsWith(`atlas-${ownerId}-`))).toEqual([]);
      expect(fake.faults.count('terminate')).toBe(4);
      expect(b.events.filter((e) => e.type === 'reaped')).toEqual([]);
      expect(await b.call({ cmd: 'list' })).toEqual([]);
    } finally {
      await a.kill();
      await b?.close();
    }
  }, 60_000);
});
