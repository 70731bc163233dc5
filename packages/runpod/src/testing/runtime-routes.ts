import { sleep } from '@atlas/core/provider';
import { closeSignal, type FakeResponse } from '@atlas/fake-kit';
import type { FakeState } from './fake-state.js';
import { json, problem } from './http-io.js';
import { JobRequest } from './request-schemas.js';
import type { Route, RouteContext } from './router.js';

/** How long /runsync holds the connection by default (serverless.md: 90 s). */
const DEFAULT_SYNC_WAIT_MS = 90_000;
const MAX_SYNC_WAIT_MS = 300_000;

type JobBody = { input: unknown; policy?: { executionTimeout?: number } };

/** Runs `then` when the endpoint (and job, if named) exist; 404 otherwise, like the real host. */
function withJob(
  state: FakeState,
  ctx: RouteContext,
  then: (endpoint: string, id: string) => FakeResponse | Promise<FakeResponse>,
): FakeResponse | Promise<FakeResponse> {
  const endpoint = ctx.params.endpoint!;
  const id = ctx.params.jobId!;
  if (!state.endpoints.has(endpoint)) return problem(404, `endpoint ${endpoint} not found`, { instance: ctx.path });
  if (!state.jobs.has(endpoint, id)) return problem(404, `job ${id} not found`, { instance: ctx.path });
  return then(endpoint, id);
}

function withEndpoint(
  state: FakeState,
  ctx: RouteContext,
  then: (endpoint: string) => FakeResponse | Promise<FakeResponse>,
): FakeResponse | Promise<FakeResponse> {
  const endpoint = ctx.params.endpoint!;
  if (!state.endpoints.has(endpoint)) return problem(404, `endpoint ${endpoint} not found`, { instance: ctx.path });
  return then(endpoint);
}

/** /runsync holds the request until the job ends or `wait` elapses, then answers whatever the status is. */
async function runSync(state: FakeState, ctx: RouteContext, endpoint: string): Promise<FakeResponse> {
  const id = state.jobs.create(endpoint, ctx.body as JobBody, true);
  const requested = Number(ctx.query.get('wait') ?? DEFAULT_SYNC_WAIT_MS);
  const wait = Math.min(
    MAX_SYNC_WAIT_MS,
    Number.isFinite(requested) && requested >= 0 ? requested : DEFAULT_SYNC_WAIT_MS,
  );
  const deadline = Date.now() + wait;
  const signal = closeSignal(ctx.res);
  // A timer may fire a millisecond before Date.now() reaches the job's end: look again until the
  // job is done or the wait is over, so a job that fits in `wait` is always answered finished.
  for (let left = state.jobs.msUntilDone(endpoint, id); left > 0 && Date.now() < deadline && !signal.aborted; ) {
    await sleep(Math.min(left + 1, deadline - Date.now()), signal);
    left = state.jobs.msUntilDone(endpoint, id);
  }
  return json(200, state.jobs.view(endpoint, id));
}

export function runtimeRoutes(state: FakeState): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v2/{endpoint}/run',
      operation: 'runJob',
      body: JobRequest,
      handle: (ctx) =>
        withEndpoint(state, ctx, (endpoint) => {
          const id = state.jobs.create(endpoint, ctx.body as JobBody, false);
          return json(200, { id, status: 'IN_QUEUE' });
        }),
    },
    {
      method: 'POST',
      pattern: '/v2/{endpoint}/runsync',
      operation: 'runJob',
      body: JobRequest,
      handle: (ctx) => withEndpoint(state, ctx, (e) => runSync(state, ctx, e)),
    },
    {
      method: 'GET',
      pattern: '/v2/{endpoint}/status/{jobId}',
      operation: 'getJob',
      handle: (ctx) => withJob(state, ctx, (e, id) => json(200, state.jobs.view(e, id))),
    },
    {
      method: 'GET',
      pattern: '/v2/{endpoint}/stream/{jobId}',
      handle: (ctx) => withJob(state, ctx, (e, id) => json(200, state.jobs.drain(e, id))),
    },
    {
      method: 'POST',
      pattern: '/v2/{endpoint}/cancel/{jobId}',
      handle: (ctx) =>
        withJob(state, ctx, (e, id) => {
          state.jobs.cancel(e, id);
          return json(200, { id, status: state.jobs.status(e, id) });
        }),
    },
    {
      method: 'POST',
      pattern: '/v2/{endpoint}/retry/{jobId}',
      handle: (ctx) =>
        withJob(state, ctx, (e, id) =>
          state.jobs.retry(e, id) === 'ok'
            ? json(200, { id, status: 'IN_QUEUE' })
            : problem(400, 'only FAILED or TIMED_OUT jobs can be retried', { instance: ctx.path }),
        ),
    },
    {
      method: 'POST',
      pattern: '/v2/{endpoint}/purge-queue',
      handle: (ctx) =>
        withEndpoint(state, ctx, (e) => json(200, { removed: state.jobs.purge(e), status: 'completed' })),
    },
    {
      method: 'GET',
      pattern: '/v2/{endpoint}/health',
      handle: (ctx) => withEndpoint(state, ctx, (e) => json(200, state.jobs.health(e))),
    },
  ];
}
