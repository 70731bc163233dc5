import { parseComputeRequest } from '@atlas/core/provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMock } from '../src/index.js';
import { countingIds, manualClock, rejection } from './helpers.js';

const request = (name: string) => parseComputeRequest({ gpu: 'l4', image: 'x', name });

describe('delayNext', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stalls the next call, then serves it normally', async () => {
    vi.useFakeTimers();
    const provider = createMock();
    provider.delayNext('listCompute', 5_000);
    let settled = false;
    const call = provider.listCompute().then((computes) => {
      settled = true;
      return computes;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled, 'settled before the delay ran out').toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toEqual([]);
  });

  it('rejects transport when ctx.signal aborts during the stall', async () => {
    const provider = createMock();
    provider.delayNext('getCompute', 60_000);
    const controller = new AbortController();
    const call = rejection(provider.getCompute('any', { signal: controller.signal }));
    controller.abort();
    expect(await call).toMatchObject({ kind: 'transport', provider: 'mock', retryable: false });
  });

  it('rejects timeout when ctx.timeoutMs is shorter than the stall', async () => {
    vi.useFakeTimers();
    const provider = createMock();
    provider.delayNext('listCompute', 5_000, { times: 2 });
    const call = rejection(provider.listCompute({}, { timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(await call).toMatchObject({ kind: 'timeout', provider: 'mock' });
  });

  it('is dropped by clearFaults', async () => {
    const provider = createMock();
    provider.delayNext('listCompute', 60_000);
    provider.clearFaults();
    expect(await provider.listCompute()).toEqual([]);
  });
});

describe('setPageSize', () => {
  it('pages the store, and listCompute still returns every compute, each once', async () => {
    const provider = createMock({ ids: countingIds('c') });
    for (const name of ['a', 'b', 'c', 'd', 'e']) await provider.spawnCompute(request(name));
    provider.setPageSize(2);
    expect((await provider.listCompute()).map((c) => c.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await provider.listCompute({ namePrefix: 'd' })).map((c) => c.id)).toEqual(['c-4']);
    provider.setPageSize(undefined);
    expect(await provider.listCompute()).toHaveLength(5);
  });
});

describe('jobs that fail, and the input the worker got', () => {
  it('an input with `fail` ends failed halfway, with that error, and streams only what came before', async () => {
    const clock = manualClock();
    const provider = createMock({ clock: clock.now, jobDurationMs: 1_000 });
    const job = await provider.runJob({ endpoint: 'e', input: { fail: 'worker raised' }, mode: 'async' });
    clock.advance(599);
    expect((await provider.getJob(job)).status).toBe('in_progress');
    clock.advance(1);
    expect(await provider.getJob(job)).toMatchObject({ status: 'failed', error: 'worker raised' });
    const chunks = [];
    for await (const chunk of provider.streamJob(job)) chunks.push(chunk.index);
    expect(chunks, 'chunks due by the failure (at 400 and 600 ms)').toEqual([0, 1]);
  });

  it('readJobInput returns the input as submitted', async () => {
    const provider = createMock();
    const input = { prompt: 'hi', nested: { n: 1 } };
    const job = await provider.runJob({ endpoint: 'e', input, mode: 'async' });
    expect(provider.readJobInput(job)).toEqual(input);
    expect(() => provider.readJobInput({ endpoint: 'other', id: job.id })).toThrow(/not found/);
  });
});
