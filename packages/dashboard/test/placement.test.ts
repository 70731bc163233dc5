import { mintToken } from '@atlas/core';
import { createMock } from '@atlas/mock';
import { createOrchestrator } from '@atlas/orchestrator';
import { expect, test } from 'vitest';
import { createDashboard } from '../src/index.js';
import { GPU_REQUEST, ORIGIN } from './harness.js';

test('a placed session on two clouds: its page shows every attempt, the Machines page both clouds', async () => {
  const east = createMock({ id: 'mock-east', provisioningMs: 0 });
  const west = createMock({ id: 'mock-west', provisioningMs: 0 });
  const orchestrator = createOrchestrator({
    providers: [east, west],
    ownerId: 'app',
    pollIntervalMs: 3_600_000,
    reapIntervalMs: 3_600_000,
  });
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({
    orchestrator,
    providers: { 'mock-east': east, 'mock-west': west },
    tokenHash: hash,
  });
  const get = async (path: string) =>
    (await dashboard.fetch(new Request(`${ORIGIN}${path}`, { headers: { authorization: header } }))).text();
  try {
    east.failNext('spawnCompute', 'capacity', { times: 10 });
    const { session } = await orchestrator.spawn({ ...GPU_REQUEST, placement: { maxPricePerHour: 10 } });
    expect(session.provider).toBe('mock-west');

    const page = await get(`/sessions/${session.id}`);
    expect(page).toContain('Placement attempts, in the order they were made (landed on mock-west)');
    const attempts = [...page.matchAll(/<th scope="row">\d+<\/th><td>([^<]+)<\/td>[\s\S]*?<td>([a-z_]+)<\/td>/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(attempts.at(0)).toEqual(['mock-east', 'capacity']);
    expect(attempts.at(-1)).toEqual(['mock-west', 'placed']);

    const machines = await get('/machines');
    expect(machines).toContain('Machines on mock-east: 0');
    expect(machines).toContain('Machines on mock-west: 1 (1 tracked, 0 orphaned, 0 foreign)');
  } finally {
    await dashboard.close();
    await orchestrator.close({ terminate: true });
  }
});
