import { AtlasError } from '@atlas/core';
import { parseComputeRequest } from '@atlas/core/provider';
import { describe, expect, it } from 'vitest';
import { createMock } from '../src/index.js';
import { rejection } from './helpers.js';

const request = parseComputeRequest({ gpu: 'l4', image: 'x', name: 'f' });

describe('failNext', () => {
  it('fails the next call of the operation with the kind, then behaves again', async () => {
    const provider = createMock();
    provider.failNext('listCompute', 'rate_limited');
    const error = await rejection(provider.listCompute());
    expect(error).toMatchObject({ kind: 'rate_limited', provider: 'mock', status: undefined, retryable: true });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(await provider.listCompute()).toEqual([]);
  });

  it('throws a given AtlasError as is, `times` times', async () => {
    const provider = createMock();
    const custom = new AtlasError({ kind: 'payment_required', provider: 'mock', message: 'top up' });
    provider.failNext('runJob', custom, { times: 2 });
    const run = () => provider.runJob({ endpoint: 'e', input: 1, mode: 'async' });
    expect(await rejection(run())).toBe(custom);
    expect(await rejection(run())).toBe(custom);
    expect((await run()).status).toBe('in_queue');
  });

  it('afterCreate creates the compute, then fails: an ambiguous failure', async () => {
    const provider = createMock();
    provider.failNext('spawnCompute', 'transport', { afterCreate: true });
    expect((await rejection(provider.spawnCompute(request))).kind).toBe('transport');
    expect(await provider.listCompute({ name: 'f' })).toHaveLength(1);
  });

  it('a retry with the idempotency key after afterCreate gets the same compute and its bearer token', async () => {
    const provider = createMock();
    const bearer = { ...request, auth: 'bearer' as const };
    provider.failNext('spawnCompute', 'transport', { afterCreate: true });
    expect((await rejection(provider.spawnCompute(bearer, { idempotencyKey: 'k1' }))).kind).toBe('transport');
    const retried = await provider.spawnCompute(bearer, { idempotencyKey: 'k1' });
    expect(await provider.listCompute({ name: 'f' })).toHaveLength(1);
    expect(retried.auth?.token, 'the token the machine was started with').toBe(
      provider.readEnv(retried.id).ATLAS_PRESHARED_KEY,
    );
  });

  it('validates before the simulated server fails, as an HTTP provider would', async () => {
    const provider = createMock();
    provider.failNext('spawnCompute', 'provider');
    expect((await rejection(provider.spawnCompute({ ...request, gpuCount: 0 }))).kind).toBe('validation');
    expect((await rejection(provider.spawnCompute(request))).kind).toBe('provider');
  });

  it('breaks a stream before its first chunk', async () => {
    const provider = createMock();
    const job = await provider.runJob({ endpoint: 'e', input: 1, mode: 'sync' });
    provider.failNext('streamJob', 'transport');
    const chunks: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of provider.streamJob(job)) chunks.push(chunk);
      })(),
    );
    expect(error.kind).toBe('transport');
    expect(chunks).toEqual([]);
  });

  it('clearFaults and reset drop pending failures', async () => {
    const provider = createMock();
    provider.failNext('getJob', 'provider');
    provider.failNext('listGpuTypes', 'provider');
    provider.clearFaults();
    expect((await provider.listGpuTypes()).length).toBeGreaterThan(0);
    provider.failNext('listCompute', 'unauthorized');
    provider.reset();
    expect(await provider.listCompute()).toEqual([]);
  });
});
