import { describe, expect, it } from 'vitest';
import { startRunPodFake } from '../src/testing/index.js';
import { eventually, fakeClient, useFake } from './contract/fake-http.js';

type Job = { id: string; status: string; output?: unknown; error?: string; delayTime?: number; executionTime?: number };
const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];
const E = '/v2/atlas-conformance';

describe('RunPod fake: serverless runtime', () => {
  const t = useFake({ jobQueueMs: 20, jobDurationMs: 120 });

  const run = async (input: unknown, extra: Record<string, unknown> = {}): Promise<Job> => {
    const res = await t.rt('POST', `${E}/run`, { input, ...extra });
    expect(res.status).toBe(200);
    return res.body as Job;
  };
  const status = async (id: string) => (await t.rt('GET', `${E}/status/${id}`)).body as Job;

  it('queues a job, which goes IN_QUEUE → IN_PROGRESS → COMPLETED with the chunks as output', async () => {
    const job = await run({ prompt: 'hello brave new world' });
    expect(job).toEqual({ id: expect.stringMatching(/-u1$/), status: 'IN_QUEUE' });
    const seen: string[] = [];
    const done = await eventually(
      () => status(job.id),
      (j) => {
        if (seen.at(-1) !== j.status) seen.push(j.status);
        return TERMINAL.includes(j.status);
      },
    );
    expect(seen.filter((s) => !['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED'].includes(s))).toEqual([]);
    expect(done).toMatchObject({ status: 'COMPLETED', output: ['hello', 'brave', 'new', 'world'] });
    expect(done.executionTime).toEqual(expect.any(Number));
    expect(done.delayTime).toEqual(expect.any(Number));
  });

  it('streams every chunk exactly once, in order, draining per poll', async () => {
    const words = Array.from({ length: 12 }, (_, i) => `w${i}`);
    const job = await run({ prompt: words.join(' ') });
    const got: unknown[] = [];
    for (;;) {
      const res = await t.rt('GET', `${E}/stream/${job.id}`);
      expect(res.status).toBe(200);
      const body = res.body as { status: string; stream: Array<{ output: unknown }> };
      got.push(...body.stream.map((c) => c.output));
      if (TERMINAL.includes(body.status)) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(got).toEqual(words);
    const again = (await t.rt('GET', `${E}/stream/${job.id}`)).body as { stream: unknown[] };
    expect(again.stream).toEqual([]);
  });

  it('runsync waits for the job and answers it completed, with a sync- id', async () => {
    const res = await t.rt('POST', `${E}/runsync`, { input: { prompt: 'a b' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^sync-/), status: 'COMPLETED', output: ['a', 'b'] });
  });

  it('runsync answers a non-terminal job when wait elapses first', async () => {
    const res = await t.rt('POST', `${E}/runsync?wait=1`, { input: { prompt: 'slow', durationMs: 60_000 } });
    expect(res.status).toBe(200);
    const job = res.body as Job;
    expect(['IN_QUEUE', 'IN_PROGRESS']).toContain(job.status);
    expect((await status(job.id)).status).not.toBe('COMPLETED');
  });

  it('cancels a running job', async () => {
    const job = await run({ prompt: 'x', durationMs: 60_000 });
    const res = await t.rt('POST', `${E}/cancel/${job.id}`);
    expect(res.body).toEqual({ id: job.id, status: 'CANCELLED' });
    expect((await status(job.id)).status).toBe('CANCELLED');
  });

  it('fails when asked, and a retry requeues the same id which then completes', async () => {
    const job = await run({ prompt: 'x', fail: 'handler crashed' });
    const failed = await eventually(
      () => status(job.id),
      (j) => TERMINAL.includes(j.status),
    );
    expect(failed).toMatchObject({ status: 'FAILED', error: 'handler crashed' });
    const retried = await t.rt('POST', `${E}/retry/${job.id}`);
    expect(retried.body).toEqual({ id: job.id, status: 'IN_QUEUE' });
    const done = await eventually(
      () => status(job.id),
      (j) => TERMINAL.includes(j.status),
    );
    expect(done.status).toBe('COMPLETED');
    expect((await t.rt('POST', `${E}/retry/${job.id}`)).status).toBe(400);
  });

  it('times out when the execution timeout is shorter than the work', async () => {
    // The spec's minimum executionTimeout is 5 s; a loose fake lets the test use 20 ms.
    const loose = await startRunPodFake({ validateRequests: false, jobQueueMs: 0 });
    try {
      const q = fakeClient(loose, 'runtime');
      const job = (await q('POST', `${E}/run`, { input: { durationMs: 60_000 }, policy: { executionTimeout: 20 } }))
        .body as Job;
      const done = await eventually(
        async () => (await q('GET', `${E}/status/${job.id}`)).body as Job,
        (j) => TERMINAL.includes(j.status),
      );
      expect(done).toMatchObject({ status: 'TIMED_OUT', executionTime: 20 });
    } finally {
      await loose.close();
    }
  });

  it('purges only queued jobs and reports health', async () => {
    const slowQueue = await startRunPodFake({ jobQueueMs: 60_000 });
    try {
      const q = fakeClient(slowQueue, 'runtime');
      await q('POST', `${E}/run`, { input: 1 });
      await q('POST', `${E}/run`, { input: 2 });
      const health = (await q('GET', `${E}/health`)).body as {
        jobs: Record<string, number>;
        workers: Record<string, number>;
      };
      expect(health.jobs).toMatchObject({ inQueue: 2, inProgress: 0, completed: 0 });
      expect(health.workers).toEqual(
        expect.objectContaining({ idle: expect.any(Number), running: expect.any(Number) }),
      );
      expect((await q('POST', `${E}/purge-queue`)).body).toEqual({ removed: 2, status: 'completed' });
      expect(slowQueue.jobs.ids()).toEqual([]);
    } finally {
      await slowQueue.close();
    }
  });

  it('a job past its ttl is gone (404), as the docs say', async () => {
    // The spec's minimum ttl is 10 s; a loose fake lets the test use 20 ms.
    const loose = await startRunPodFake({ validateRequests: false });
    try {
      const q = fakeClient(loose, 'runtime');
      const job = (await q('POST', `${E}/run`, { input: {}, policy: { ttl: 20 } })).body as Job;
      await eventually(
        async () => (await q('GET', `${E}/status/${job.id}`)).status,
        (s) => s === 404,
      );
      expect(loose.jobs.get(job.id)).toBeUndefined();
    } finally {
      await loose.close();
    }
  });

  it('lists jobs through the accessor', async () => {
    const job = await run({ prompt: 'x' });
    expect(t.fake.jobs.list()).toEqual([expect.objectContaining({ id: job.id })]);
  });

  it('a job id is only valid under its endpoint', async () => {
    t.fake.endpoints.add('other');
    const job = await run({ prompt: 'x' });
    expect((await t.rt('GET', `/v2/other/status/${job.id}`)).status).toBe(404);
    expect(t.fake.jobs.get(job.id)).toMatchObject({ id: job.id });
  });

  it('an endpoint created through REST exists on the runtime', async () => {
    const created = await t.api('POST', '/v2/serverless', {
      name: 'echo',
      type: 'QUEUE',
      image: 'x/y:1',
      scaling: { type: 'QUEUE_DELAY', queueDelay: 4 },
    });
    expect(created.status).toBe(201);
    const endpoint = created.body as { id: string; requestUrls: { run: string } };
    expect(endpoint.requestUrls.run).toBe(`${t.fake.runtimeUrl}/v2/${endpoint.id}/run`);
    expect((await t.rt('POST', `/v2/${endpoint.id}/run`, { input: {} })).status).toBe(200);
  });
});

describe('RunPod fake: close()', () => {
  it('ends requests still held open (a long runsync) instead of waiting for them', async () => {
    const fake = await startRunPodFake();
    const pending = fetch(`${fake.runtimeUrl}${E}/runsync?wait=300000`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { durationMs: 600_000 } }),
    }).then(
      () => 'answered',
      () => 'dropped',
    );
    await eventually(
      async () => fake.jobs.ids().length,
      (n) => n === 1,
    );
    await fake.close();
    expect(await pending).toBe('dropped');
  });
});
