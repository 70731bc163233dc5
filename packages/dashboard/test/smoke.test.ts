import { afterEach, expect, test } from 'vitest';
import { createWorld, GPU_REQUEST, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

test('GET / lists a spawned session and /api/sessions returns it as JSON', async () => {
  world = await createWorld();
  const { session } = await world.orchestrator.spawn({ ...GPU_REQUEST, userId: 'ada' });
  const page = await world.request('/');
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(session.id);
  const api = await world.request('/api/sessions');
  const body = (await api.json()) as { items: { id: string; userId: string }[]; total: number };
  expect(body.total).toBe(1);
  expect(body.items[0]).toMatchObject({ id: session.id, userId: 'ada' });
});
