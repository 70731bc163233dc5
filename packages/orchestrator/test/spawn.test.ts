import { createAtlas, isAtlasError, PRESHARED_KEY_ENV, verifyToken } from '@atlas/core';
import { createMock } from '@atlas/mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, createOrchestrator, parseStamp } from '../src/index.js';
import { GPU_REQUEST, type Harness, setup } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

describe('spawn', () => {
  it('names the compute with the owner stamp and tracks it as an active session', async () => {
    h = setup({ ownerId: 'my-app' });
    const { session, compute } = await h.orch.spawn({ ...GPU_REQUEST, userId: 'user-1' });
    expect(compute.name).toBe(`atlas-my-app-${session.id}`);
    expect(parseStamp(compute.name)).toEqual({ ownerId: 'my-app', sessionId: session.id });
    expect(session).toMatchObject({ state: 'active', computeId: compute.id, userId: 'user-1', provider: 'mock' });
    expect(await h.orch.get(session.id)).toEqual(session);
    expect(h.types(session.id)).toEqual(['spawned']);
  });

  it('uses bearer auth by default: the app gets the token, the store only its hash', async () => {
    h = setup();
    const { session, auth, compute } = await h.orch.spawn(GPU_REQUEST);
    expect(auth?.token).toBeTypeOf('string');
    expect(h.mock.readEnv(compute.id)[PRESHARED_KEY_ENV]).toBe(auth?.token);
    expect(await verifyToken(auth!.token, session.tokenHash!)).toBe(true);
    const stored = JSON.stringify(await h.store.list({ ownerId: 'app' }));
    expect(stored).toContain(session.tokenHash!);
    expect(stored).not.toContain(auth!.token);
    expect(JSON.stringify(h.events)).not.toContain(auth!.token);
  });

  it("honours auth: 'none' when asked", async () => {
    h = setup();
    const { session, auth } = await h.orch.spawn({ ...GPU_REQUEST, auth: 'none' });
    expect(auth).toBeUndefined();
    expect(session.tokenHash).toBeUndefined();
  });

  it('lists sessions, optionally by user', async () => {
    h = setup();
    const a = await h.orch.spawn({ ...GPU_REQUEST, userId: 'alice' });
    const b = await h.orch.spawn({ ...GPU_REQUEST, userId: 'bob' });
    expect((await h.orch.list()).map((s) => s.id).sort()).toEqual([a.session.id, b.session.id].sort());
    expect((await h.orch.list({ userId: 'bob' })).map((s) => s.id)).toEqual([b.session.id]);
  });

  it('rejects bad input with AtlasError validation before the provider is called', async () => {
    h = setup();
    const attempts = [
      h.orch.spawn({ ...GPU_REQUEST, idleTtlMs: 0 }),
      h.orch.spawn({ ...GPU_REQUEST, maxRuntimeMs: -5 }),
      h.orch.spawn({ ...GPU_REQUEST, name: 'mine' } as never),
      h.orch.spawn({ ...GPU_REQUEST, gpuCount: 0 }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(isAtlasError(error) && error.kind).toBe('validation');
    }
    expect(await h.mock.listCompute()).toEqual([]);
    expect(await h.store.list({ ownerId: 'app' })).toEqual([]);
  });

  it('forgets the session when the provider refuses the spawn', async () => {
    h = setup();
    h.mock.failNext('spawnCompute', 'capacity');
    const error = await h.orch.spawn(GPU_REQUEST).catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('capacity');
    expect(await h.orch.list()).toEqual([]);
  });

  it('rejects owner ids that are not short [a-z0-9-]', async () => {
    h = setup();
    for (const ownerId of ['', 'App', 'a_b', '-app', 'app-', 'x'.repeat(33), 'a b']) {
      expect(() => setup({ ownerId })).toThrow(expect.objectContaining({ kind: 'validation' }));
    }
  });

  it('touch, release and waitReady of an unknown session reject not_found', async () => {
    h = setup();
    for (const call of [
      h.orch.touch('nosuchsession'),
      h.orch.release('nosuchsession'),
      h.orch.waitReady('nosuchsession'),
    ]) {
      const error = await call.catch((e: unknown) => e);
      expect(isAtlasError(error) && error.kind).toBe('not_found');
    }
  });

  it('works through an Atlas, on the provider it names', async () => {
    h = setup();
    const other = createMock({ id: 'other' });
    const atlas = createAtlas({ providers: { mock: h.mock, other }, defaultProvider: 'mock' });
    const orch = createOrchestrator({ atlas, provider: 'other', ownerId: 'via-atlas', clock: h.clock });
    try {
      const { session, compute } = await orch.spawn(GPU_REQUEST);
      expect(session.provider).toBe('other');
      expect((await other.getCompute(compute.id)).name).toBe(`atlas-via-atlas-${session.id}`);
      expect(await h.mock.listCompute()).toEqual([]);
      await orch.release(session.id);
      expect((await other.getCompute(compute.id)).status).toBe('terminated');
    } finally {
      await orch.close();
    }
  });

  it('needs a provider instance or an atlas', () => {
    expect(() => createOrchestrator({ ownerId: 'app' })).toThrow(expect.objectContaining({ kind: 'validation' }));
    expect(() => createOrchestrator({ ownerId: 'app', provider: 'mock' })).toThrow(
      expect.objectContaining({ kind: 'validation' }),
    );
  });

  it('rejects with AtlasError even when a custom store throws something else', async () => {
    const memory = createMemoryStore();
    const broken = { ...memory, get: async () => Promise.reject(new TypeError('connection reset by redis')) };
    h = setup({ store: broken });
    const error = await h.orch.touch('whateversession').catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('unknown');
  });
});
