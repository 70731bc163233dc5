import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunPod } from '../src/index.js';
import { type RunPodFake, startRunPodFake } from '../src/testing/index.js';
import { pod, provider, REST, rejection, slowReply, useNock } from './helpers.js';

/** A reset socket; nock 15 needs an Error instance here. */
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const request = { gpu: 'l4', image: 'x', name: 'job-7' };
const recent = () => new Date().toISOString();

describe('idempotent spawn (nock): the POST is never blindly re-sent', () => {
  useNock();

  it('created, then the connection dropped: the pod is found by name and adopted, one POST', async () => {
    nock(REST)
      .post('/v2/pods')
      .replyWithError(reset())
      .get('/v2/pods')
      .reply(200, { pods: [pod({ id: 'made', name: 'job-7', status: 'PROVISIONING', createdAt: recent() })] });
    const compute = await provider({ retry: { limit: 3, backoffMs: 1 } }).spawnCompute(request);
    // retries are on, yet the reset POST was not re-sent: useNock fails on any unconsumed or extra mock
    expect(compute.id).toBe('made');
  });

  it('500 after creating: adopted', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(500, { title: 'Internal Server Error', status: 500, detail: 'upstream failed' })
      .get('/v2/pods')
      .reply(200, {
        pods: [pod({ id: 'other', name: 'someone-else' }), pod({ id: 'made', name: 'job-7', createdAt: recent() })],
      });
    expect((await provider({ retry: { limit: 3, backoffMs: 1 } }).spawnCompute(request)).id).toBe('made');
  });

  it('500 without creating: nothing by that name, so one more POST, which creates it', async () => {
    const names: unknown[] = [];
    nock(REST)
      .post('/v2/pods', (body) => {
        names.push(body.name);
        return true;
      })
      .reply(503, { title: 'Service Unavailable', status: 503, detail: 'try again' })
      .get('/v2/pods')
      .reply(200, { pods: [] })
      .post('/v2/pods', (body) => {
        names.push(body.name);
        return true;
      })
      .reply(201, pod({ id: 'made', name: 'job-7' }));
    expect((await provider().spawnCompute(request)).id).toBe('made');
    expect(names).toEqual(['job-7', 'job-7']);
  });

  it('a timeout counts as ambiguous too', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(slowReply(5_000, 201, pod({ id: 'late', name: 'job-7' })))
      .get('/v2/pods')
      .reply(200, { pods: [pod({ id: 'late', name: 'job-7', createdAt: recent() })] });
    // Generous enough that the fast reconciling list fits in it even on a loaded machine.
    expect((await provider({ timeoutMs: 1_000 }).spawnCompute(request)).id).toBe('late');
  });

  it('two pods with the name: conflict, fail closed, no second POST', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(500, 'oops')
      .get('/v2/pods')
      .reply(200, {
        pods: [
          pod({ id: 'p1', name: 'job-7', createdAt: recent() }),
          pod({ id: 'p2', name: 'job-7', createdAt: recent() }),
        ],
      });
    const error = await rejection(provider().spawnCompute(request));
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('job-7');
    expect(error.message).toContain('p1');
    expect(error.message).toContain('p2');
  });

  it('an old pod with the same name is not adopted', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(500, 'oops')
      .get('/v2/pods')
      .reply(200, { pods: [pod({ id: 'old', name: 'job-7', createdAt: '2020-01-01T00:00:00Z' })] })
      .post('/v2/pods')
      .reply(201, pod({ id: 'new', name: 'job-7' }));
    expect((await provider().spawnCompute(request)).id).toBe('new');
  });

  it('terminated pods with the name are ignored', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(500, 'oops')
      .get('/v2/pods')
      .reply(200, { pods: [pod({ id: 'gone', name: 'job-7', status: 'TERMINATED', createdAt: recent() })] })
      .post('/v2/pods')
      .reply(201, pod({ id: 'new', name: 'job-7' }));
    expect((await provider().spawnCompute(request)).id).toBe('new');
  });

  it('two ambiguous failures with nothing created: at most two POSTs, then the error', async () => {
    nock(REST).post('/v2/pods').reply(500, 'a').get('/v2/pods').reply(200, { pods: [] });
    nock(REST).post('/v2/pods').reply(500, 'b').get('/v2/pods').reply(200, { pods: [] });
    const error = await rejection(provider().spawnCompute(request));
    expect(error.kind).toBe('provider');
    expect(error.status).toBe(500);
  });

  it('a 4xx is a clear answer: no lookup, no retry', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(422, { title: 'Unprocessable Entity', status: 422, detail: 'bad', errors: ['$.x: no'] });
    expect((await rejection(provider().spawnCompute(request))).kind).toBe('validation');
  });

  it('when the lookup fails too, the error says to check for the name', async () => {
    nock(REST).post('/v2/pods').reply(500, 'a').get('/v2/pods').reply(500, 'b');
    const error = await rejection(provider().spawnCompute(request));
    expect(error.message).toContain("named 'job-7'");
  });
});

describe('idempotent spawn against the stateful fake: each case ends with exactly one pod', () => {
  let fake: RunPodFake;
  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    fake = await startRunPodFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  const runpod = () =>
    createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl, retry: { limit: 0 } });

  it.each([
    ['created, then the connection drops', { afterCreate: true, resetConnection: true }],
    ['500 after creating', { afterCreate: true, status: 500 }],
    ['500 without creating', { status: 500 }],
  ])('%s', async (_label, fault) => {
    fake.reset();
    fake.faults.inject('spawnCompute', fault);
    const compute = await runpod().spawnCompute({ gpu: 'rtx_4090', image: 'x' });
    expect(fake.pods.count()).toBe(1);
    expect(fake.pods.get(compute.id)?.name).toBe(compute.name);
  });
});
