import { isAtlasError, type JobChunk } from '@atlas/core';
import { describe, expect, it } from 'vitest';
import { createMock } from '../src/index.js';
import { countingIds, manualClock } from './helpers.js';

function setUp() {
  const clock = manualClock();
  const provider = createMock({ clock: clock.now, ids: countingIds('job'), jobDurationMs: 1000 });
  return { clock, provider };
}

const expectedOutput = (input: unknown) => ({
  echo: input,
  text: 'part 1 of 4, part 2 of 4, part 3 of 4, part 4 of 4',
});

describe('job state machine', () => {
  it('goes in_queue -> in_progress -> completed over jobDurationMs', async () => {
    const { clock, provider } = setUp();
    const job = await provider.runJob({ endpoint: 'echo', input: { prompt: 'hi' }, mode: 'async' });
    expect(job).toMatchObject({ id: 'job-1', endpoint: 'echo', provider: 'mock', status: 'in_queue' });
    clock.advance(200);
    expect((await provider.getJob(job)).status).toBe('in_progress');
    clock.advance(800);
    expect(await provider.getJob(job)).toMatchObject({
      status: 'completed',
      output: expectedOutput({ prompt: 'hi' }),
      delayTimeMs: 200,
      executionTimeMs: 800,
    });
  });

  it('returns the finished job in sync mode', async () => {
    const { provider } = setUp();
    const job = await provider.runJob({ endpoint: 'echo', input: 42, mode: 'sync' });
    expect(job).toMatchObject({ status: 'completed', output: expectedOutput(42) });
  });

  it('cancels a job in flight, and leaves a finished one alone', async () => {
    const { clock, provider } = setUp();
    const running = await provider.runJob({ endpoint: 'echo', input: 1, mode: 'async' });
    const done = await provider.runJob({ endpoint: 'echo', input: 2, mode: 'sync' });
    clock.advance(300);
    await provider.cancelJob(running);
    await provider.cancelJob(done);
    clock.advance(5000);
    expect((await provider.getJob(running)).status).toBe('cancelled');
    expect((await provider.getJob(done)).status).toBe('completed');
  });

  it('times out a job that runs longer than its policy allows', async () => {
    const { clock, provider } = setUp();
    const job = await provider.runJob({
      endpoint: 'echo',
      input: 1,
      mode: 'async',
      policy: { executionTimeoutMs: 100 },
    });
    clock.advance(5000);
    expect(await provider.getJob(job)).toMatchObject({ status: 'timed_out', executionTimeMs: 100 });
  });

  it('streams the chunks as the clock produces them, then ends', async () => {
    const { clock, provider } = setUp();
    const job = await provider.runJob({ endpoint: 'echo', input: 1, mode: 'async' });
    const chunks: JobChunk[] = [];
    const drained = (async () => {
      for await (const chunk of provider.streamJob(job)) {
        chunks.push(chunk);
      }
    })();
    for (let i = 0; i < 10; i++) {
      clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await drained;
    expect(chunks).toEqual([0, 1, 2, 3].map((index) => ({ index, output: `part ${index + 1} of 4` })));
  });

  it('streams with the real clock without waiting past the job', async () => {
    const provider = createMock({ jobDurationMs: 50 });
    const job = await provider.runJob({ endpoint: 'echo', input: 1, mode: 'async' });
    const indexes: number[] = [];
    for await (const chunk of provider.streamJob(job)) indexes.push(chunk.index);
    expect(indexes).toEqual([0, 1, 2, 3]);
    expect((await provider.getJob(job)).status).toBe('completed');
  });

  it('rejects not_found for an unknown job or another endpoint', async () => {
    const { provider } = setUp();
    const job = await provider.runJob({ endpoint: 'echo', input: 1, mode: 'sync' });
    for (const ref of [
      { endpoint: 'echo', id: 'nope' },
      { endpoint: 'other', id: job.id },
    ]) {
      const error = await provider.getJob(ref).catch((e: unknown) => e);
      expect(isAtlasError(error) && error.kind).toBe('not_found');
    }
  });

  it('validates job requests with core', async () => {
    const { provider } = setUp();
    const error = await provider.runJob({ endpoint: '', input: 1, mode: 'async' }).catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('validation');
  });
});
