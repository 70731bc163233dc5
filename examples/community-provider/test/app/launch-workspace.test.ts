import { AtlasError, getCompute } from '@atlas/core';
import { createMock } from '@atlas/mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { findDeadWorkspaces, launchWorkspace } from './launch-workspace.js';

// docs/testing.md: an application's tests on @atlas/mock.

const mock = createMock();
beforeEach(() => mock.reset());

describe('launchWorkspace', () => {
  it('gives the user an H100 whose machine received the bearer token', async () => {
    const workspace = await launchWorkspace(mock, 'ada');

    expect(workspace).toMatchObject({ name: 'ws-ada', gpuType: 'h100' });
    expect(mock.readEnv(workspace.id).ATLAS_PRESHARED_KEY).toBe(workspace.auth?.token);
  });

  it('falls back to an A100 when H100s are out of capacity', async () => {
    mock.failNext('spawnCompute', 'capacity');

    const workspace = await launchWorkspace(mock, 'ada');

    expect(workspace.gpuType).toBe('a100_80g');
  });

  it('lets other errors through', async () => {
    mock.failNext(
      'spawnCompute',
      new AtlasError({ kind: 'payment_required', provider: 'mock', message: 'mock: add a payment method' }),
    );

    await expect(launchWorkspace(mock, 'ada')).rejects.toMatchObject({ kind: 'payment_required' });
  });
});

describe('findDeadWorkspaces', () => {
  it('finds a workspace whose machine was preempted', async () => {
    const alive = await launchWorkspace(mock, 'ada');
    const preempted = await launchWorkspace(mock, 'grace');
    mock.setStatus(preempted.id, 'failed');

    const dead = await findDeadWorkspaces(mock);

    expect(dead.map((c) => c.id)).toEqual([preempted.id]);
    expect(dead.map((c) => c.id)).not.toContain(alive.id);
  });
});

describe('with a deterministic clock and ids', () => {
  it('boots after exactly provisioningMs of simulated time', async () => {
    let now = Date.parse('2026-11-27T10:00:00.000Z');
    let counter = 0;
    const clocked = createMock({ clock: () => now, ids: () => `c-${++counter}`, provisioningMs: 30_000 });

    const workspace = await launchWorkspace(clocked, 'ada');
    expect(workspace).toMatchObject({ id: 'c-1', status: 'provisioning', createdAt: '2026-11-27T10:00:00.000Z' });

    now += 29_999;
    expect((await getCompute(clocked, 'c-1')).status).toBe('provisioning');
    now += 1;
    expect((await getCompute(clocked, 'c-1')).status).toBe('running');
  });
});
