import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunPod } from '../src/index.js';
import { type RunPodFake, startRunPodFake } from '../src/testing/index.js';
import { collect, pod, provider, REST, rejection, useNock } from './helpers.js';

const SSE = { 'content-type': 'text/event-stream' };
const sse = (events: { id: string; line: string }[]) =>
  events
    .map((e) => `id: ${e.id}\ndata: ${JSON.stringify({ source: 'container', line: e.line, ts: e.id })}\n\n`)
    .join('');

describe('logs: options checked before any request (nock)', () => {
  useNock();

  it.each([
    [{ tail: 5001 }, 'tail'],
    [{ tail: -1 }, 'tail'],
    [{ tail: 1.5 }, 'tail'],
    [{ since: 'yesterday' }, 'since'],
    [{ since: '2026-13-01T00:00:00Z' }, 'since'],
  ])('%j is a validation error naming %s, zero requests', async (options, field) => {
    const error = await rejection(collect(provider().logs('p1', options)));
    expect(error.kind).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toEqual([field]);
  });

  it('tail 5000 and an RFC 3339 since are sent', async () => {
    nock(REST)
      .get('/v2/pods/p1/logs')
      .query({ tail: '5000', since: '2026-06-01T12:00:00.5+02:00' })
      .reply(200, '', SSE);
    expect(await collect(provider().logs('p1', { tail: 5000, since: '2026-06-01T12:00:00.5+02:00' }))).toEqual([]);
  });
});

describe('logs({ follow: true }): the server closing the stream is not the end (nock)', () => {
  useNock();

  it('resumes with Last-Event-ID until the pod ends, then the iteration ends', async () => {
    nock(REST)
      .get('/v2/pods/p1/logs')
      .reply(200, sse([{ id: '2026-06-01T12:00:00Z/000000000001', line: 'one' }]), SSE)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status: 'RUNNING' }));
    nock(REST, { reqheaders: { 'last-event-id': '2026-06-01T12:00:00Z/000000000001' } })
      .get('/v2/pods/p1/logs')
      .reply(200, sse([{ id: '2026-06-01T12:00:01Z/000000000002', line: 'two' }]), SSE);
    nock(REST)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status: 'EXITED' }));
    expect(await collect(provider().logs('p1', { follow: true }))).toEqual(['one', 'two']);
  });

  it('a pod that is gone (404) ends the iteration too', async () => {
    nock(REST)
      .get('/v2/pods/p1/logs')
      .reply(200, sse([{ id: 'a', line: 'last words' }]), SSE)
      .get('/v2/pods/p1')
      .reply(404, { title: 'Not Found', status: 404, detail: 'pod not found' });
    expect(await collect(provider().logs('p1', { follow: true }))).toEqual(['last words']);
  });
});

describe('logs({ follow: true }) against the fake, whose streams end after the backlog', () => {
  let fake: RunPodFake;
  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    fake = await startRunPodFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('yields new lines across reconnects, no line twice, and ends when the pod is stopped', async () => {
    const runpod = createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, retry: { limit: 0 } });
    const compute = await runpod.spawnCompute({ gpu: 'rtx_4090', image: 'acme/infer:7' });
    fake.pods.appendLog(compute.id, 'first');
    const lines: string[] = [];
    for await (const line of runpod.logs(compute.id, { follow: true, source: 'container' })) {
      lines.push(line);
      if (line === 'first') fake.pods.appendLog(compute.id, 'second');
      if (line === 'second') await runpod.stop(compute.id);
    }
    // Boot lines may come first, depending on how far the pod got; none twice.
    expect(lines.slice(lines.indexOf('first'))).toEqual(['first', 'second']);
    expect(new Set(lines).size).toBe(lines.length);
  });
});
