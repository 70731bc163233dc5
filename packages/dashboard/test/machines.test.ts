import { spawnCompute } from '@atlas/core';
import { afterEach, expect, test } from 'vitest';
import { formatUsd } from '../src/format.js';
import { createWorld, GPU_REQUEST, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

interface ApiMachines {
  providers: { provider: string; error?: string; machines: { id: string; kind: string; sessionId?: string }[] }[];
}

async function setupMachines() {
  world = await createWorld();
  const { session } = await world.orchestrator.spawn(GPU_REQUEST);
  const foreign = await spawnCompute({ provider: world.mock, ...GPU_REQUEST, name: 'made-by-hand' });
  const otherOwner = await spawnCompute({ provider: world.mock, ...GPU_REQUEST, name: 'atlas-other-abcdefgh12' });
  const orphan = await spawnCompute({ provider: world.mock, ...GPU_REQUEST, name: 'atlas-app-zzzzzzzz99' });
  return { session, foreign, otherOwner, orphan };
}

test('machines are classified: tracked, orphaned (stamped, no session), foreign (not stamped by this owner)', async () => {
  const { session, foreign, otherOwner, orphan } = await setupMachines();
  const api = (await (await world.request('/api/machines')).json()) as ApiMachines;
  expect(api.providers).toHaveLength(1);
  const kinds = Object.fromEntries(api.providers[0]!.machines.map((m) => [m.id, [m.kind, m.sessionId]]));
  expect(kinds).toEqual({
    [session.computeId!]: ['tracked', session.id],
    [foreign.id]: ['foreign', undefined],
    [otherOwner.id]: ['foreign', undefined],
    [orphan.id]: ['orphaned', 'zzzzzzzz99'],
  });
});

test('foreign and orphaned machines are marked and have no action on the page', async () => {
  const { session, foreign, otherOwner, orphan } = await setupMachines();
  const page = await (await world.request('/machines')).text();
  const unheld = foreign.costPerHour! + otherOwner.costPerHour! + orphan.costPerHour!;
  expect(page).toContain(
    `Machines on mock: 4 (1 tracked, 1 orphaned, 2 foreign); the machines no session holds bill ${formatUsd(unheld)}/h`,
  );
  const rowOf = (id: string) => {
    const start = page.indexOf(`<th scope="row">${id}</th>`);
    return page.slice(page.lastIndexOf('<tr', start), page.indexOf('</tr>', start));
  };
  expect(rowOf(foreign.id)).toContain('tag-foreign');
  expect(rowOf(orphan.id)).toContain('tag-orphaned');
  expect(rowOf(session.computeId!)).toContain(`href="/sessions/${session.id}"`);
  // The Machines page acts on nothing: no action button, for any kind.
  expect(page).not.toContain('data-action=');
});

test('a provider that fails to list shows its error; the page still answers', async () => {
  world = await createWorld();
  world.mock.failNext('listCompute', 'rate_limited');
  const page = await (await world.request('/machines')).text();
  expect(page).toContain('Could not list machines on mock: rate_limited');
});

test('without providers the page says so and names the orchestrator’s', async () => {
  world = await createWorld({ providers: undefined });
  const page = await (await world.request('/machines')).text();
  expect(page).toContain('No providers were given to the dashboard');
});

test('terminated machines are counted, not listed', async () => {
  const { orphan } = await setupMachines();
  await world.mock.terminate(orphan.id);
  const page = await (await world.request('/machines')).text();
  expect(page).toContain('Machines on mock: 3 (1 tracked, 0 orphaned, 2 foreign); 1 terminated not listed');
  expect(page).not.toContain(`<th scope="row">${orphan.id}</th>`);
});
