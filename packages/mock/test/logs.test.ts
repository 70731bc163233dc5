import { parseComputeRequest } from '@atlas/core/provider';
import { describe, expect, it } from 'vitest';
import { createMock } from '../src/index.js';
import { countingIds, manualClock, rejection } from './helpers.js';

const request = parseComputeRequest({ gpu: 'l4', image: 'ghcr.io/me/app:2' });

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('logs', () => {
  it('tells the compute story so far, from its status history, then ends', async () => {
    const clock = manualClock(Date.parse('2026-11-27T09:00:00.000Z'));
    const provider = createMock({ clock: clock.now, ids: countingIds('pod'), provisioningMs: 1000 });
    const { id } = await provider.spawnCompute(request);
    clock.advance(5000);
    await provider.stop(id);
    clock.advance(1000);
    await provider.terminate(id);
    expect(await collect(provider.logs(id))).toEqual([
      '2026-11-27T09:00:00.000Z provisioning 1x NVIDIA L4 in mock-us-east-1',
      '2026-11-27T09:00:00.000Z pulling image ghcr.io/me/app:2',
      '2026-11-27T09:00:01.000Z container started',
      '2026-11-27T09:00:05.000Z container stopped',
      '2026-11-27T09:00:06.000Z compute terminated',
    ]);
  });

  it('tail keeps only the last lines of the backlog', async () => {
    const provider = createMock({ provisioningMs: 0 });
    const { id } = await provider.spawnCompute(request);
    await provider.terminate(id);
    const lines = (await collect(provider.logs(id, { tail: 2 }))).map((line) => line.slice(25));
    expect(lines).toEqual(['container started', 'compute terminated']);
  });

  it('with follow, yields new lines as they happen until the compute ends', async () => {
    const provider = createMock({ provisioningMs: 20 });
    const { id } = await provider.spawnCompute(request);
    const followed = collect(provider.logs(id, { follow: true }));
    await new Promise((resolve) => setTimeout(resolve, 60));
    provider.setStatus(id, 'failed');
    const lines = (await followed).map((line) => line.slice(25));
    expect(lines).toEqual([
      'provisioning 1x NVIDIA L4 in mock-us-east-1',
      'pulling image ghcr.io/me/app:2',
      'container started',
      'compute failed: host lost',
    ]);
  });

  it('rejects not_found for an unknown compute, and honours failNext', async () => {
    const provider = createMock();
    expect((await rejection(collect(provider.logs('nope')))).kind).toBe('not_found');
    const { id } = await provider.spawnCompute(request);
    provider.failNext('logs', 'forbidden');
    expect((await rejection(collect(provider.logs(id)))).kind).toBe('forbidden');
  });
});
