import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { collect, KEY, provider, RUNTIME, rejection, slowReply, useNock } from './helpers.js';

useNock();

const EP = 'ep123';

describe('runJob', () => {
  it('async: POST /v2/{endpoint}/run with input, webhook, policy and providerOptions', async () => {
    let body: unknown;
    nock(RUNTIME, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .post(`/v2/${EP}/run`, (b) => {
        body = b;
        return true;
      })
      .reply(200, { id: 'job-1', status: 'IN_QUEUE' });
    const job = await provider().runJob({
      endpoint: EP,
      input: { prompt: 'hi' },
      webhook: 'https://example.com/hook',
      policy: { executionTimeoutMs: 60_000, ttlMs: 120_000, lowPriority: true },
      providerOptions: { s3Config: { bucketName: 'b' } },
    });
    expect(body).toEqual({
      input: { prompt: 'hi' },
      webhook: 'https://example.com/hook',
      policy: { executionTimeout: 60_000, ttl: 120_000, lowPriority: true },
      s3Config: { bucketName: 'b' },
    });
    expect(job).toMatchObject({ id: 'job-1', endpoint: EP, provider: 'runpod', status: 'in_queue' });
  });

  it('sync: POST /runsync with a wait below the cap, returns the finished job', async () => {
    nock(RUNTIME)
      .post(`/v2/${EP}/runsync`, { input: { n: 1 } })
      .query({ wait: '9000' })
      .reply(200, { id: 'sync-1', status: 'COMPLETED', output: [{ seed: 4 }], executionTime: 3391, delayTime: 824 });
    const job = await provider().runJob({ endpoint: EP, input: { n: 1 }, mode: 'sync', timeoutMs: 10_000 });
    expect(job).toMatchObject({
      id: 'sync-1',
      endpoint: EP,
      status: 'completed',
      output: [{ seed: 4 }],
      executionTimeMs: 3391,
      delayTimeMs: 824,
    });
  });

  it('sync: a non-terminal answer (RunPod stopped waiting) is returned as it is, to be polled', async () => {
    nock(RUNTIME).post(`/v2/${EP}/runsync`).query(true).reply(200, { id: 'sync-2', status: 'IN_PROGRESS' });
    const job = await provider().runJob({ endpoint: EP, input: {}, mode: 'sync' });
    expect(job.status).toBe('in_progress');
  });

  it('sync: never blocks past timeoutMs; no answer by then is a timeout error', async () => {
    nock(RUNTIME)
      .post(`/v2/${EP}/runsync`)
      .query(true)
      .reply(slowReply(3_000, 200, { id: 'sync-3', status: 'COMPLETED' }));
    const error = await rejection(provider().runJob({ endpoint: EP, input: {}, mode: 'sync', timeoutMs: 100 }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('100 ms');
  });

  it.each([3_000_000_000, 5_000_000_000])(
    'sync: a cap past what a timer holds (%i ms) waits for the answer',
    async (timeoutMs) => {
      nock(RUNTIME)
        .post(`/v2/${EP}/runsync`)
        .query(true)
        .reply(slowReply(300, 200, { id: 'sync-6', status: 'COMPLETED' }));
      const job = await provider().runJob({ endpoint: EP, input: {}, mode: 'sync', timeoutMs });
      expect(job.status).toBe('completed');
    },
  );

  it('sync: the caller abort wins over the cap and is not reported as a timeout', async () => {
    nock(RUNTIME)
      .post(`/v2/${EP}/runsync`)
      .query(true)
      .reply(slowReply(3_000, 200, { id: 'sync-4', status: 'COMPLETED' }));
    const controller = new AbortController();
    const pending = provider().runJob(
      { endpoint: EP, input: {}, mode: 'sync', timeoutMs: 60_000 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect(error.kind).not.toBe('timeout');
  });

  it('sync: an HTTP 400 whose body is the FAILED job (as RunPod documents) is a failed Job, not a validation error', async () => {
    nock(RUNTIME)
      .post(`/v2/${EP}/runsync`)
      .query(true)
      .reply(400, { id: 'sync-6', status: 'FAILED', error: 'handler raised' });
    const job = await provider().runJob({ endpoint: EP, input: {}, mode: 'sync' });
    expect(job).toMatchObject({ id: 'sync-6', endpoint: EP, status: 'failed', error: 'handler raised' });
    nock(RUNTIME)
      .post(`/v2/${EP}/runsync`)
      .query(true)
      .reply(400, { title: 'Bad Request', detail: 'input is required' });
    expect((await rejection(provider().runJob({ endpoint: EP, input: {}, mode: 'sync' }))).kind).toBe('validation');
  });

  it('a FAILED job carries its error text', async () => {
    nock(RUNTIME).post(`/v2/${EP}/runsync`).query(true).reply(200, { id: 'sync-5', status: 'FAILED', error: 'boom' });
    const job = await provider().runJob({ endpoint: EP, input: {}, mode: 'sync' });
    expect(job).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('invalid job requests fail before any request', async () => {
    const error = await rejection(provider().runJob({ endpoint: '', input: {} }));
    expect(error.kind).toBe('validation');
  });

  it('settings.runtimeBaseUrl and ctx.baseUrls.runtime choose the runtime host', async () => {
    nock('http://runtime.settings').post(`/v2/${EP}/run`).reply(200, { id: 'a', status: 'IN_QUEUE' });
    await provider({ runtimeBaseUrl: 'http://runtime.settings' }).runJob({ endpoint: EP, input: {} });
    nock('http://runtime.ctx').post(`/v2/${EP}/run`).reply(200, { id: 'b', status: 'IN_QUEUE' });
    await provider({ runtimeBaseUrl: 'http://runtime.settings' }).runJob(
      { endpoint: EP, input: {} },
      {
        baseUrls: { runtime: 'http://runtime.ctx' },
      },
    );
  });
});

describe('getJob, cancelJob, retryJob', () => {
  it('getJob(job) works with the Job runJob returned: GET /status/{id} on its endpoint', async () => {
    nock(RUNTIME)
      .post(`/v2/${EP}/run`)
      .reply(200, { id: 'job-9', status: 'IN_QUEUE' })
      .get(`/v2/${EP}/status/job-9`)
      .reply(200, { id: 'job-9', status: 'COMPLETED', output: { text: 'ok' } });
    const runpod = provider();
    const job = await runpod.runJob({ endpoint: EP, input: {} });
    const done = await runpod.getJob(job);
    expect(done).toMatchObject({ id: 'job-9', endpoint: EP, status: 'completed', output: { text: 'ok' } });
  });

  it.each([
    ['IN_QUEUE', 'in_queue'],
    ['IN_PROGRESS', 'in_progress'],
    ['RUNNING', 'in_progress'],
    ['COMPLETED', 'completed'],
    ['FAILED', 'failed'],
    ['CANCELLED', 'cancelled'],
    ['TIMED_OUT', 'timed_out'],
  ])('status %s becomes %s', async (native, status) => {
    nock(RUNTIME).get(`/v2/${EP}/status/j`).reply(200, { id: 'j', status: native });
    expect((await provider().getJob({ endpoint: EP, id: 'j' })).status).toBe(status);
  });

  it('an unknown job is not_found', async () => {
    nock(RUNTIME).get(`/v2/${EP}/status/gone`).reply(404, 'Not Found');
    expect((await rejection(provider().getJob({ endpoint: EP, id: 'gone' }))).kind).toBe('not_found');
  });

  it('cancelJob: POST /cancel/{id}', async () => {
    nock(RUNTIME).post(`/v2/${EP}/cancel/job-9`).reply(200, { id: 'job-9', status: 'CANCELLED' });
    await expect(provider().cancelJob({ endpoint: EP, id: 'job-9' })).resolves.toBeUndefined();
  });

  it('retryJob: POST /retry/{id} returns the re-queued job', async () => {
    nock(RUNTIME).post(`/v2/${EP}/retry/job-9`).reply(200, { id: 'job-9', status: 'IN_QUEUE' });
    expect(await provider().retryJob({ endpoint: EP, id: 'job-9' })).toMatchObject({
      id: 'job-9',
      endpoint: EP,
      status: 'in_queue',
    });
  });
});

describe('purgeQueue and endpointHealth', () => {
  it('purgeQueue: POST /purge-queue', async () => {
    nock(RUNTIME).post(`/v2/${EP}/purge-queue`).reply(200, { removed: 2, status: 'completed' });
    expect(await provider().purgeQueue(EP)).toEqual({ removed: 2, status: 'completed' });
  });

  it('endpointHealth: GET /health, missing counters read as 0', async () => {
    nock(RUNTIME)
      .get(`/v2/${EP}/health`)
      .reply(200, {
        jobs: { completed: 1, failed: 5, inProgress: 0, inQueue: 2, retried: 0 },
        workers: { idle: 1, running: 0 },
      });
    const health = await provider().endpointHealth(EP);
    expect(health.jobs).toEqual({ completed: 1, failed: 5, inProgress: 0, inQueue: 2, retried: 0 });
    expect(health.workers).toMatchObject({
      idle: 1,
      running: 0,
      ready: 0,
      throttled: 0,
      unhealthy: 0,
      initializing: 0,
    });
  });

  it('an empty endpoint id is a validation error', async () => {
    expect((await rejection(provider().purgeQueue(' '))).kind).toBe('validation');
  });
});

describe('streamJob: polls /stream/{id} until terminal', () => {
  it('yields every chunk once, in order, indexed from 0, and stops at the terminal status', async () => {
    nock(RUNTIME)
      .get(`/v2/${EP}/stream/s1`)
      .reply(200, { status: 'IN_QUEUE', stream: [] })
      .get(`/v2/${EP}/stream/s1`)
      .reply(200, { status: 'IN_PROGRESS', stream: [{ output: 'a' }, { output: 'b' }] })
      .get(`/v2/${EP}/stream/s1`)
      .reply(200, { status: 'IN_PROGRESS', stream: [] })
      .get(`/v2/${EP}/stream/s1`)
      .reply(200, { status: 'COMPLETED', stream: [{ output: 'c' }] });
    const chunks = await collect(provider().streamJob({ endpoint: EP, id: 's1' }));
    expect(chunks).toEqual([
      { index: 0, output: 'a' },
      { index: 1, output: 'b' },
      { index: 2, output: 'c' },
    ]);
  });

  it('the bare-array form asks /status whether the job is done', async () => {
    nock(RUNTIME)
      .get(`/v2/${EP}/stream/s2`)
      .reply(200, [{ output: { text: ['x'] } }])
      .get(`/v2/${EP}/status/s2`)
      .reply(200, { id: 's2', status: 'COMPLETED' });
    expect(await collect(provider().streamJob({ endpoint: EP, id: 's2' }))).toEqual([
      { index: 0, output: { text: ['x'] } },
    ]);
  });

  it('aborting ends the iteration with an AtlasError', async () => {
    nock(RUNTIME).get(`/v2/${EP}/stream/s3`).times(50).reply(200, { status: 'IN_PROGRESS', stream: [] });
    const controller = new AbortController();
    const iterator = provider().streamJob({ endpoint: EP, id: 's3' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await rejection(collect(iterator));
    expect(error.retryable).toBe(false);
    nock.cleanAll();
  });

  it('a failed poll rejects the iteration with an AtlasError', async () => {
    nock(RUNTIME).get(`/v2/${EP}/stream/s4`).reply(404, 'Not Found');
    expect((await rejection(collect(provider().streamJob({ endpoint: EP, id: 's4' })))).kind).toBe('not_found');
  });

  it('a poll that fails with a 500 is not repeated (it may have drained chunks): the stream rejects instead', async () => {
    let polls = 0;
    nock(RUNTIME)
      .get(`/v2/${EP}/stream/s5`)
      .times(2)
      .reply(() => {
        polls++;
        return [500, { error: 'boom' }];
      });
    const error = await rejection(
      collect(provider({ retry: { limit: 2, backoffMs: 1 } }).streamJob({ endpoint: EP, id: 's5' })),
    );
    expect(error.status).toBe(500);
    expect(polls).toBe(1);
    nock.cleanAll();
  });

  it('a poll answered 429 did nothing, so it is retried and the stream goes on', async () => {
    nock(RUNTIME)
      .get(`/v2/${EP}/stream/s6`)
      .reply(429, {}, { 'Retry-After': '0' })
      .get(`/v2/${EP}/stream/s6`)
      .reply(200, { status: 'COMPLETED', stream: [{ output: 'x' }] });
    expect(
      await collect(provider({ retry: { limit: 2, backoffMs: 1 } }).streamJob({ endpoint: EP, id: 's6' })),
    ).toEqual([{ index: 0, output: 'x' }]);
  });

  it('a missing key rejects on the first next(), as an AtlasError', async () => {
    const saved = process.env.RUNPOD_API_KEY;
    delete process.env.RUNPOD_API_KEY;
    try {
      const { createRunPod } = await import('../src/index.js');
      const error = await rejection(collect(createRunPod().streamJob({ endpoint: EP, id: 's5' })));
      expect(error.kind).toBe('unauthorized');
    } finally {
      if (saved !== undefined) process.env.RUNPOD_API_KEY = saved;
    }
  });
});
