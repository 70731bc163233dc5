import {
  type Capability,
  isTerminalJobStatus,
  type Job,
  type JobRef,
  type JobRequestInput,
  JobSchema,
  type JobStatus,
  type Provider,
} from '@atlas/core';
import { expect, it, vi } from 'vitest';
import { collect } from '../collect.js';
import type { Harness } from '../harness.js';
import type { JobOutcome } from '../hooks.js';
import { pollUntil } from '../poll.js';
import { schemaProblems } from '../schema-check.js';
import { startWebhookReceiver } from '../webhook-receiver.js';

type ServerlessProvider = Provider & Required<Pick<Provider, 'runJob' | 'getJob' | 'cancelJob' | 'streamJob'>>;

export const DEFAULT_JOB: { endpoint: string; input: unknown; chunks?: number } = {
  endpoint: 'atlas-conformance',
  input: { prompt: 'atlas conformance stream check' },
};

/** run -> status -> stream -> cancel -> fail, for providers that declare serverless; each test runs its own jobs. */
export function serverlessGroup(h: Harness, declared: readonly Capability[]): void {
  const { testMs } = h.timeouts;
  const job = h.options.job ?? DEFAULT_JOB;
  const provider = () => {
    const p = h.provider();
    for (const method of ['runJob', 'getJob', 'cancelJob', 'streamJob'] as const) {
      if (typeof p[method] !== 'function') expect.fail(`serverless needs ${method}, which the provider lacks`);
    }
    return p as ServerlessProvider;
  };
  const run = (mode: 'async' | 'sync', extra: Partial<Pick<JobRequestInput, 'input' | 'policy' | 'webhook'>> = {}) =>
    provider().runJob({ endpoint: job.endpoint, input: job.input, mode, ...extra }, h.ctx());
  const poll = (ref: JobRef, done: (status: JobStatus) => boolean, what: string) =>
    pollUntil(
      () => provider().getJob(ref, h.ctx()),
      (j) => done(j.status),
      h.timeouts,
      what,
      (j) => `status '${j.status}'`,
    );
  const finished = (ref: JobRef) => poll(ref, isTerminalJobStatus, `job ${ref.id} should finish`);
  /** Every normalized field of a Job, one line per mismatch. */
  const expectJob = (value: Job, ref: { id?: string; endpoint: string }, path: string) => {
    const problems = schemaProblems(JobSchema, value, 'job').map((p) => `schema: ${p}`);
    if (value.provider !== h.provider().id)
      problems.push(`provider: expected '${h.provider().id}', saw '${value.provider}'`);
    if (value.endpoint !== ref.endpoint) problems.push(`endpoint: expected '${ref.endpoint}', saw '${value.endpoint}'`);
    if (ref.id !== undefined && value.id !== ref.id) problems.push(`id: expected '${ref.id}', saw '${value.id}'`);
    if (value.raw === undefined) problems.push('raw: expected the provider response, saw undefined');
    expect(problems, `${path} (rule: every Job read path reports every normalized field)`).toEqual([]);
  };
  const stream = async (ref: JobRef) =>
    collect(provider().streamJob(ref, h.ctx()), h.timeouts.readyMs, `streamJob of ${ref.id}`);
  const expectChunks = (chunks: readonly { index: number }[], what: string) => {
    expect(chunks.length, `${what}: chunks streamed`).toBeGreaterThan(0);
    if (job.chunks !== undefined)
      expect(chunks.length, `${what}: chunks of the job (options.job.chunks)`).toBe(job.chunks);
    expect(
      chunks.map((c) => c.index),
      `${what}: chunk indexes (rule: in order from 0, each once)`,
    ).toEqual(chunks.map((_, i) => i));
  };
  const missingRef = () => ({
    endpoint: job.endpoint,
    id: `atlas-conformance-missing-${globalThis.crypto.randomUUID()}`,
  });

  it(
    'runJob (async) returns a valid Job for the endpoint',
    async () => {
      expectJob(await run('async'), { endpoint: job.endpoint }, 'runJob (async)');
    },
    testMs,
  );

  it(
    'getJob returns a valid Job with the same id, and it ends completed with output',
    async () => {
      const submitted = await run('async');
      expectJob(await provider().getJob(submitted, h.ctx()), submitted, 'getJob');
      const done = await finished(submitted);
      expectJob(done, submitted, 'getJob of the finished job');
      expect(done.status, 'status of the finished job').toBe('completed');
      expect(done.output, 'output of the completed job').toBeDefined();
    },
    testMs,
  );

  it(
    'getJob tells two jobs apart',
    async () => {
      const a = await run('async');
      const b = await run('async');
      expect(b.id, 'two runJob calls returned one id').not.toBe(a.id);
      expectJob(await provider().getJob(a, h.ctx()), a, `getJob(${a.id})`);
      expectJob(await provider().getJob(b, h.ctx()), b, `getJob(${b.id})`);
    },
    testMs,
  );

  it(
    'runJob (sync) returns the finished, valid job',
    async () => {
      const done = await run('sync');
      expectJob(done, { endpoint: job.endpoint }, 'runJob (sync)');
      expect(done.status, 'status of a sync job').toBe('completed');
      expect(done.output, 'output of the sync job').toBeDefined();
    },
    testMs,
  );

  h.withHooks(['readJobInput'], "the job's input reaches the worker unchanged", async () => {
    const input = { prompt: job.input, atlasConformanceNonce: globalThis.crypto.randomUUID() };
    const submitted = await run('async', { input });
    expect(await h.hooks.readJobInput?.(submitted, h.provider()), 'the input the worker received').toEqual(input);
  });

  it(
    'streamJob of a fresh job yields every chunk in order, then ends',
    async () => {
      expectChunks(await stream(await run('async')), 'streamJob of a fresh job');
    },
    testMs,
  );

  it(
    'streamJob of a job that already finished still yields every chunk, then ends',
    async () => {
      const live = await stream(await run('async'));
      const submitted = await run('async');
      await finished(submitted);
      const late = await stream(submitted);
      expectChunks(late, 'streamJob of a finished job');
      expect(late.length, 'chunks of a finished job vs. a job streamed live').toBe(live.length);
    },
    testMs,
  );

  it(
    'cancelJob of a queued job leads to cancelled',
    async () => {
      const submitted = await run('async');
      await provider().cancelJob(submitted, h.ctx());
      expect((await finished(submitted)).status, 'status after cancelJob').toBe('cancelled');
    },
    testMs,
  );

  it(
    'cancelJob of a running job leads to cancelled',
    async () => {
      const submitted = await run('async');
      await poll(submitted, (s) => s !== 'in_queue', `job ${submitted.id} should leave the queue`);
      await provider().cancelJob(submitted, h.ctx());
      expect((await finished(submitted)).status, 'status after cancelJob of a running job').toBe('cancelled');
    },
    testMs,
  );

  for (const method of ['getJob', 'cancelJob', 'streamJob'] as const) {
    it(
      `${method} of an unknown id rejects not_found`,
      async () => {
        const ref = missingRef();
        const p = provider();
        const call =
          method === 'streamJob'
            ? () => collect(p.streamJob(ref, h.ctx()), h.timeouts.readyMs, 'streamJob of an unknown id')
            : () => p[method](ref, h.ctx());
        await h.rejects(call, ['not_found'], `${method} of an unknown id`);
      },
      testMs,
    );
  }

  const outcomeTest = (outcome: JobOutcome) =>
    h.withHooks(['jobRequest'], `a job that ends ${outcome} reads ${outcome}, with an error, on getJob`, async () => {
      const request = h.hooks.jobRequest?.(outcome) ?? {};
      const submitted = await run('async', request);
      const done = await finished(submitted);
      expectJob(done, submitted, `getJob of a ${outcome} job`);
      expect(done.status, `status of a job made to end ${outcome}`).toBe(outcome);
      expect(done.error, `error of a ${outcome} job`).toEqual(expect.any(String));
    });
  outcomeTest('failed');
  outcomeTest('timed_out');

  h.withHooks(['jobRequest'], 'a failed job never streams past its failure and its stream ends', async () => {
    const submitted = await run('async', h.hooks.jobRequest?.('failed') ?? {});
    const chunks = await stream(submitted);
    expect(
      chunks.map((c) => c.index),
      'chunk indexes of a failed job',
    ).toEqual(chunks.map((_, i) => i));
    expect((await finished(submitted)).status, 'status after the stream ended').toBe('failed');
  });

  if (declared.includes('webhooks')) {
    it(
      'declares webhooks, so a finished job is POSTed to its webhook',
      async () => {
        const receiver = await startWebhookReceiver();
        try {
          const submitted = await run('async', { webhook: receiver.url });
          await finished(submitted);
          await vi.waitFor(
            () => {
              if (!receiver.bodies.some((body) => body.includes(submitted.id)))
                throw new Error(
                  `no POST naming job ${submitted.id} reached the webhook (${receiver.bodies.length} received)`,
                );
            },
            { timeout: h.timeouts.readyMs, interval: h.timeouts.pollMs },
          );
        } finally {
          await receiver.close();
        }
      },
      testMs,
    );
  }
}
