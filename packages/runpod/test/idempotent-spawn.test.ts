import { PRESHARED_KEY_ENV } from '@atlas/core';
import { CREATE_MARKER_ENV } from '@atlas/core/provider';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRunPod, type RunPodSettings } from '../src/index.js';
import { type RunPodFake, startRunPodFake } from '../src/testing/index.js';
import { pod, provider, REST, rejection, slowReply, useNock } from './helpers.js';

/** A reset socket; nock 15 needs an Error instance here. */
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const request = { gpu: 'l4', image: 'x', name: 'job-7' };
const recent = () => new Date().toISOString();
/** A token this process never minted. */
const HELD_TOKEN = 'held-by-an-earlier-pod_0123456789abcdefghijklmn';

/** The marker the one POST carried, read from its body. */
function captureMarker() {
  const seen: { marker?: string | undefined; env?: Record<string, string> | undefined } = {};
  const body = (payload: { env?: Record<string, string> }) => {
    seen.env = payload.env;
    seen.marker = payload.env?.[CREATE_MARKER_ENV];
    return true;
  };
  return { seen, body };
}

describe('ambiguous creates (nock): one POST, adoption only by the marker', () => {
  useNock();

  it('the POST carries a fresh marker in the env, a new one per spawn', async () => {
    const first = captureMarker();
    const second = captureMarker();
    nock(REST)
      .post('/v2/pods', first.body)
      .reply(201, pod({ id: 'a' }))
      .post('/v2/pods', second.body)
      .reply(201, pod({ id: 'b' }));
    await provider().spawnCompute(request);
    await provider().spawnCompute(request);
    expect(first.seen.marker).toMatch(/^[0-9a-f]{16}$/);
    expect(second.seen.marker).toMatch(/^[0-9a-f]{16}$/);
    expect(first.seen.marker).not.toBe(second.seen.marker);
  });

  it('created, then the connection dropped: the pod with our marker is adopted, one POST', async () => {
    const { seen, body } = captureMarker();
    nock(REST)
      .post('/v2/pods', body)
      .replyWithError(reset())
      .get('/v2/pods')
      .reply(() => [
        200,
        {
          pods: [
            pod({
              id: 'namesake',
              name: 'job-7',
              createdAt: recent(),
              env: { [CREATE_MARKER_ENV]: 'ffffffffffffffff' },
            }),
            pod({ id: 'made', name: 'job-7', status: 'PROVISIONING', env: { [CREATE_MARKER_ENV]: seen.marker } }),
          ],
        },
      ]);
    const compute = await provider({ retry: { limit: 3, backoffMs: 1 } }).spawnCompute(request);
    // retries are on, yet the reset POST was not re-sent: useNock fails on any unconsumed or extra mock
    expect(compute.id).toBe('made');
  });

  it('under bearer the adopted pod comes with the token this spawn minted (the one the pod holds)', async () => {
    const { seen, body } = captureMarker();
    nock(REST)
      .post('/v2/pods', body)
      .reply(500, { title: 'Internal Server Error', status: 500, detail: 'upstream failed' })
      .get('/v2/pods')
      .reply(() => [200, { pods: [pod({ id: 'made', name: 'job-7', env: seen.env })] }]);
    const compute = await provider().spawnCompute({ ...request, auth: 'bearer' });
    expect(compute.id).toBe('made');
    expect(compute.auth?.token).toBe(seen.env?.[PRESHARED_KEY_ENV]);
  });

  it('a recent namesake without our marker is NOT adopted and its token is not returned: fail closed', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(500, { title: 'Internal Server Error', status: 500, detail: 'upstream failed' })
      .get('/v2/pods')
      .reply(200, {
        pods: [pod({ id: 'earlier', name: 'job-7', createdAt: recent(), env: { [PRESHARED_KEY_ENV]: HELD_TOKEN } })],
      });
    const error = await rejection(provider().spawnCompute({ ...request, auth: 'bearer' }));
    expect(error.kind).toBe('provider');
    expect(error.details).toMatchObject({ possiblyCreated: true, lookFor: { name: 'job-7' } });
    expect(JSON.stringify(error)).not.toContain(HELD_TOKEN);
    expect(JSON.stringify(error)).not.toContain('earlier');
  });

  it('500 and nothing with the marker: no second POST; possiblyCreated, the marker and what to run', async () => {
    const { seen, body } = captureMarker();
    nock(REST)
      .post('/v2/pods', body)
      .reply(503, { title: 'Service Unavailable', status: 503, detail: 'try again' })
      .get('/v2/pods')
      .reply(200, { pods: [] });
    const error = await rejection(provider().spawnCompute(request));
    expect(error.kind).toBe('provider');
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({ possiblyCreated: true, lookFor: { name: 'job-7', marker: seen.marker } });
    expect(error.message).toContain('atlas ls --name job-7');
  });

  it('a timeout counts as ambiguous too', async () => {
    const { seen, body } = captureMarker();
    nock(REST)
      .post('/v2/pods', body)
      .reply(slowReply(5_000, 201, pod({ id: 'late', name: 'job-7' })))
      .get('/v2/pods')
      .reply(() => [200, { pods: [pod({ id: 'late', name: 'job-7', env: { [CREATE_MARKER_ENV]: seen.marker } })] }]);
    // Generous enough that the fast reconciling list fits in it even on a loaded machine.
    expect((await provider({ timeoutMs: 1_000 }).spawnCompute(request)).id).toBe('late');
  });

  it('two pods with our marker: conflict, fail closed, no second POST', async () => {
    const { seen, body } = captureMarker();
    nock(REST)
      .post('/v2/pods', body)
      .reply(500, 'oops')
      .get('/v2/pods')
      .reply(() => [
        200,
        {
          pods: [
            pod({ id: 'p1', name: 'job-7', env: { [CREATE_MARKER_ENV]: seen.marker } }),
            pod({ id: 'p2', name: 'job-7', env: { [CREATE_MARKER_ENV]: seen.marker } }),
          ],
        },
      ]);
    const error = await rejection(provider().spawnCompute(request));
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('job-7');
    expect(error.message).toContain('p1');
    expect(error.message).toContain('p2');
  });

  it('a terminated pod with our marker is not adopted', async () => {
    const { seen, body } = captureMarker();
    nock(REST)
      .post('/v2/pods', body)
      .reply(500, 'oops')
      .get('/v2/pods')
      .reply(() => [
        200,
        { pods: [pod({ id: 'gone', name: 'job-7', status: 'TERMINATED', env: { [CREATE_MARKER_ENV]: seen.marker } })] },
      ]);
    expect((await rejection(provider().spawnCompute(request))).details?.possiblyCreated).toBe(true);
  });

  it('a 4xx is a clear answer: no lookup, no retry, no hint', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(422, { title: 'Unprocessable Entity', status: 422, detail: 'bad', errors: ['$.x: no'] });
    const error = await rejection(provider().spawnCompute(request));
    expect(error.kind).toBe('validation');
    expect(error.details).toBeUndefined();
  });

  it('when the lookup fails too: possiblyCreated and the name to look for', async () => {
    nock(REST).post('/v2/pods').reply(500, 'a').get('/v2/pods').reply(500, 'b');
    const error = await rejection(provider().spawnCompute(request));
    expect(error.details?.possiblyCreated).toBe(true);
    expect(error.message).toContain('atlas ls --name job-7');
  });

  it('the caller aborts while the POST is in flight: possiblyCreated, not a bare "aborted"', async () => {
    const controller = new AbortController();
    nock(REST)
      .post('/v2/pods')
      .reply(() => {
        controller.abort();
        return slowReply(5_000, 201, pod())();
      });
    const error = await rejection(provider().spawnCompute(request, { signal: controller.signal }));
    expect(error.kind).toBe('transport');
    expect(error.details).toMatchObject({ possiblyCreated: true, lookFor: { name: 'job-7' } });
    expect(error.message).toContain('atlas ls --name job-7');
  });

  it('a marker in the request env is refused before any request', async () => {
    const error = await rejection(provider().spawnCompute({ ...request, env: { [CREATE_MARKER_ENV]: 'mine' } }));
    expect(error.kind).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toContain(`env.${CREATE_MARKER_ENV}`);
  });
});

describe('ambiguous creates against the stateful fake', () => {
  let fake: RunPodFake;
  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    fake = await startRunPodFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  const runpod = (settings: RunPodSettings = {}) =>
    createRunPod({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      runtimeBaseUrl: fake.runtimeUrl,
      retry: { limit: 0 },
      ...settings,
    });

  it.each([
    ['created, then the connection drops', { afterCreate: true, resetConnection: true }],
    ['500 after creating', { afterCreate: true, status: 500 }],
  ])('%s: the pod is adopted, exactly one exists', async (_label, fault) => {
    fake.reset();
    fake.faults.inject('spawnCompute', fault);
    const compute = await runpod().spawnCompute({ gpu: 'rtx_4090', image: 'x' });
    expect(fake.pods.count()).toBe(1);
    expect(fake.pods.get(compute.id)?.name).toBe(compute.name);
    expect(fake.faults.count('spawnCompute')).toBe(1);
  });

  it('500 without creating: fails closed, nothing created, one POST', async () => {
    fake.reset();
    fake.faults.inject('spawnCompute', { status: 500 });
    const error = await rejection(runpod().spawnCompute({ gpu: 'rtx_4090', image: 'x', name: 'w' }));
    expect(error.details).toMatchObject({ possiblyCreated: true, lookFor: { name: 'w' } });
    expect(fake.pods.count()).toBe(0);
    expect(fake.faults.count('spawnCompute')).toBe(1);
  });

  it.each([
    ['without an idempotency key', {}],
    ['with an idempotency key', { idempotencyKey: 'session-9' }],
  ])(
    'the create commits after the client gave up (%s): one pod, and the error names its marker',
    async (_label, ctx) => {
      fake.reset();
      fake.faults.inject('spawnCompute', { commitAfterMs: 1_500 });
      const error = await rejection(
        runpod({ timeoutMs: 800 }).spawnCompute({ gpu: 'rtx_4090', image: 'x', name: 'late' }, ctx),
      );
      expect(error.kind).toBe('timeout');
      expect(error.details).toMatchObject({ possiblyCreated: true });
      const lookFor = error.details?.lookFor as { name: string; marker: string };
      expect(lookFor.name).toMatch(/^late/);
      await vi.waitFor(() => expect(fake.pods.count()).toBe(1), { timeout: 10_000, interval: 50 });
      const [made] = fake.pods.list();
      expect(made?.name).toBe(lookFor.name);
      expect(fake.pods.readEnv(made?.id ?? '')?.[CREATE_MARKER_ENV]).toBe(lookFor.marker);
      expect(fake.faults.count('spawnCompute')).toBe(1);
    },
  );
});
