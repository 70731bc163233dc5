import { verifyToken } from '@atlas/core';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createOrchestrator, type OrchestratorEvent } from '../src/index.js';

/** End to end over HTTP: the real RunPod provider against its stateful fake on 127.0.0.1, real time. */
let fake: RunPodFake;
beforeAll(async () => {
  fake = await startRunPodFake({ provisioningMs: 20, startingMs: 20 });
});
afterAll(async () => {
  await fake.close();
});

describe('orchestrator on the RunPod fake', () => {
  it('spawn -> waitReady -> release leaves no pod behind', async () => {
    const provider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
    const orch = createOrchestrator({ provider, ownerId: 'e2e', pollIntervalMs: 50, reapIntervalMs: 60_000 });
    const events: OrchestratorEvent['type'][] = [];
    orch.on('*', (event) => events.push(event.type));
    try {
      const { session, compute, auth } = await orch.spawn({
        gpu: 'rtx_4090',
        image: 'ghcr.io/acme/infer:1',
        ports: [{ port: 8000, protocol: 'http' }],
        userId: 'alice',
      });
      expect(session.provider).toBe('runpod');
      expect(fake.pods.get(compute.id)?.name).toBe(`atlas-e2e-${session.id}`);
      expect(fake.pods.readEnv(compute.id)?.ATLAS_PRESHARED_KEY).toBe(auth?.token);
      expect(await verifyToken(auth!.token, session.tokenHash!)).toBe(true);

      const ready = await orch.waitReady(session.id, { intervalMs: 20, timeoutMs: 10_000 });
      expect(ready.status).toBe('running');
      expect(fake.pods.status(compute.id)).toBe('RUNNING');

      await orch.release(session.id);
      expect(['TERMINATED', undefined]).toContain(fake.pods.status(compute.id));
      expect(fake.pods.list().filter((pod) => pod.name === session.name && pod.status !== 'TERMINATED')).toEqual([]);
      expect(await orch.list()).toEqual([]);
      expect(events).toEqual(['spawned', 'ready', 'terminating', 'terminated']);
    } finally {
      await orch.close({ terminate: true });
    }
  });

  it('spend: the pod’s price is recorded, its final spend stored; an owner past its budget is refused with no create', async () => {
    const provider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
    const store = createMemoryStore();
    const start = (budget?: { perOwnerUsd: number }) =>
      createOrchestrator({
        provider,
        ownerId: 'e2e-spend',
        store,
        pollIntervalMs: 60_000,
        reapIntervalMs: 60_000,
        ...(budget === undefined ? {} : { budget }),
      });
    const first = start();
    try {
      const { session, compute } = await first.spawn({
        gpu: 'rtx_4090',
        image: 'ghcr.io/acme/infer:1',
        userId: 'alice',
      });
      expect(session.pricePerHour).toBe(fake.pods.get(compute.id)?.cost);
      expect(session.pricePerHour).toBeGreaterThan(0);
      await first.release(session.id);
      const [record] = await store.listSpend({ ownerId: 'e2e-spend' });
      expect(record).toMatchObject({
        sessionId: session.id,
        provider: 'runpod',
        userId: 'alice',
        from: session.billedFrom,
      });
    } finally {
      await first.close();
    }
    // What another app instance (or an earlier month of this one) spent, as the store keeps it.
    await store.addSpend({ ownerId: 'e2e-spend', sessionId: 'earlier', provider: 'runpod', usd: 40, from: 0, to: 1 });
    const refusing = start({ perOwnerUsd: 40 });
    try {
      const creates = fake.faults.count('spawnCompute');
      await expect(refusing.spawn({ gpu: 'rtx_4090', image: 'ghcr.io/acme/infer:1' })).rejects.toMatchObject({
        kind: 'forbidden',
        code: 'budget_exceeded',
        details: { scope: 'owner', limitUsd: 40 },
      });
      expect(fake.faults.count('spawnCompute')).toBe(creates);
    } finally {
      await refusing.close();
    }
  });

  it('the reaper finds an orphaned pod by its stamp through the real list call', async () => {
    const provider = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
    const orphan = await provider.spawnCompute({
      gpu: 'rtx_4090',
      gpuCount: 1,
      image: 'ghcr.io/acme/infer:1',
      name: 'atlas-e2e-orphan0000000000',
      ports: [],
      env: {},
      auth: 'none',
    });
    const handMade = await provider.spawnCompute({
      gpu: 'rtx_4090',
      gpuCount: 1,
      image: 'x/y:1',
      name: 'notebook',
      ports: [],
      env: {},
      auth: 'none',
    });
    const orch = createOrchestrator({ provider, ownerId: 'e2e', graceMs: 1 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const result = await orch.reap();
      expect(result.terminated).toEqual([orphan.id]);
      expect(['TERMINATED', undefined]).toContain(fake.pods.status(orphan.id));
      expect(fake.pods.status(handMade.id)).not.toBe('TERMINATED');
      expect(fake.pods.status(handMade.id)).toBeDefined();
    } finally {
      await orch.close();
    }
  });
});
