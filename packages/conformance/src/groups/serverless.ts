import { isTerminalJobStatus, type JobRef, JobSchema, type Provider } from '@atlas/core';
import { expect, it } from 'vitest';
import { collect } from '../collect.js';
import type { Harness } from '../harness.js';
import { lazy } from '../lazy.js';
import { pollUntil } from '../poll.js';
import { expectRejects } from '../rejection.js';
import { schemaProblems } from '../schema-check.js';

type ServerlessProvider = Provider & Required<Pick<Provider, 'runJob' | 'getJob' | 'cancelJob' | 'streamJob'>>;

/** run -> status -> stream -> cancel, for providers that declare serverless. */
export function serverlessGroup(h: Harness): void {
  const { testMs } = h.timeouts;
  const job = h.options.job ?? { endpoint: 'atlas-conformance', input: { prompt: 'hello' } };
  const provider = () => {
    const p = h.provider();
    for (const method of ['runJob', 'getJob', 'cancelJob', 'streamJob'] as const) {
      if (typeof p[method] !== 'function') expect.fail(`serverless needs ${method}, which the provider lacks`);
    }
    return p as ServerlessProvider;
  };
  const run = (mode: 'async' | 'sync') =>
    provider().runJob({ endpoint: job.endpoint, input: job.input, mode }, h.ctx());
  const finished = (ref: JobRef) =>
    pollUntil(
      () => provider().getJob(ref, h.ctx()),
      (j) => isTerminalJobStatus(j.status),
      h.timeouts,
      `job ${ref.id} should finish`,
      (j) => `status '${j.status}'`,
    );
  const asyncJob = lazy(() => run('async'));

  it(
    "runJob (async) returns a Job with the provider's id, an id and the endpoint",
    async () => {
      const submitted = await asyncJob();
      expect(submitted.provider).toBe(h.provider().id);
      expect(submitted.id).toEqual(expect.any(String));
      expect(submitted.endpoint).toBe(job.endpoint);
    },
    testMs,
  );

  it(
    'runJob returns a Job that matches JobSchema',
    async () => {
      expect(schemaProblems(JobSchema, await asyncJob(), 'job')).toEqual([]);
    },
    testMs,
  );

  it(
    'getJob of the returned Job eventually shows completed with output',
    async () => {
      const done = await finished(await asyncJob());
      expect(done.status).toBe('completed');
      expect(done.output, 'output of the completed job').toBeDefined();
    },
    testMs,
  );

  it(
    'runJob (sync) returns the finished job',
    async () => {
      const done = await run('sync');
      expect(done.status).toBe('completed');
      expect(done.output, 'output of the sync job').toBeDefined();
    },
    testMs,
  );

  it(
    'streamJob yields the chunks in order, then ends',
    async () => {
      const chunks = await collect(provider().streamJob(await run('async'), h.ctx()), h.timeouts.readyMs, 'streamJob');
      expect(chunks.length, 'chunks streamed').toBeGreaterThan(0);
      expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    },
    testMs,
  );

  it(
    'cancelJob leads to cancelled',
    async () => {
      const submitted = await run('async');
      await provider().cancelJob(submitted, h.ctx());
      expect((await finished(submitted)).status).toBe('cancelled');
    },
    testMs,
  );

  it(
    'getJob of an unknown id rejects not_found',
    async () => {
      const ref = { endpoint: job.endpoint, id: `atlas-conformance-missing-${globalThis.crypto.randomUUID()}` };
      await expectRejects(
        () => provider().getJob(ref, h.ctx()),
        ['not_found'],
        h.provider().id,
        'getJob of an unknown id',
      );
    },
    testMs,
  );

  it(
    'every Job carries raw',
    async () => {
      const submitted = await asyncJob();
      const fetched = await provider().getJob(submitted, h.ctx());
      expect(submitted.raw, 'raw of runJob').toBeDefined();
      expect(fetched.raw, 'raw of getJob').toBeDefined();
    },
    testMs,
  );
}
