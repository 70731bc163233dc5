import { describe, expect, it } from 'vitest';
import { createMemoryStore, type NewSession } from '../src/index.js';

const base: NewSession = {
  id: 'sessionaaaa',
  ownerId: 'app',
  name: 'atlas-app-sessionaaaa',
  provider: 'mock',
  state: 'active',
  createdAt: 0,
  lastTouchedAt: 0,
  idleTtlMs: 10,
  maxRuntimeMs: 100,
  idleDeadline: 10,
  maxDeadline: 100,
};

describe('createMemoryStore', () => {
  it('compare-and-set: a write at a stale version is refused', async () => {
    const store = createMemoryStore();
    const created = await store.create(base);
    expect(created.version).toBe(1);
    const first = await store.update(base.id, 1, { lastTouchedAt: 5 });
    expect(first?.version).toBe(2);
    expect(await store.update(base.id, 1, { lastTouchedAt: 6 })).toBeUndefined();
    expect((await store.get(base.id))?.lastTouchedAt).toBe(5);
    expect(await store.delete(base.id, 1)).toBe(false);
    expect(await store.delete(base.id, 2)).toBe(true);
    expect(await store.update(base.id, 2, { lastTouchedAt: 7 })).toBeUndefined();
  });

  it('refuses a duplicate id with AtlasError conflict', async () => {
    const store = createMemoryStore();
    await store.create(base);
    await expect(store.create(base)).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('lists by owner and hands out copies', async () => {
    const store = createMemoryStore();
    await store.create(base);
    await store.create({ ...base, id: 'sessionbbbb', ownerId: 'other' });
    const [mine] = await store.list({ ownerId: 'app' });
    expect(mine?.id).toBe(base.id);
    (mine as { lastTouchedAt: number }).lastTouchedAt = 999;
    expect((await store.get(base.id))?.lastTouchedAt).toBe(0);
  });

  it('leases: one holder at a time until expiry, renewable by the holder', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    expect(await store.acquireLease('reap:app', 'a', 100)).toBe(true);
    expect(await store.acquireLease('reap:app', 'b', 100)).toBe(false);
    now = 50;
    expect(await store.acquireLease('reap:app', 'a', 100)).toBe(true);
    now = 120;
    expect(await store.acquireLease('reap:app', 'b', 100)).toBe(false);
    now = 150;
    expect(await store.acquireLease('reap:app', 'b', 100)).toBe(true);
    await store.releaseLease('reap:app', 'a');
    expect(await store.acquireLease('reap:app', 'a', 100)).toBe(false);
    await store.releaseLease('reap:app', 'b');
    expect(await store.acquireLease('reap:app', 'a', 100)).toBe(true);
  });
});
