import { describe, expect, it } from 'vitest';
import { podBody, useFake } from './contract/fake-http.js';

describe('RunPod fake: fault injector', () => {
  const t = useFake();

  it('answers an injected status and problem body for the next request only', async () => {
    t.fake.faults.inject('listCompute', { status: 503 });
    const first = await t.api('GET', '/v2/pods');
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect((await t.api('GET', '/v2/pods')).status).toBe(200);
    expect(t.fake.faults.count('listCompute')).toBe(2);
  });

  it('honours times, verbatim bodies, content types and headers', async () => {
    t.fake.faults.inject('getCompute', {
      status: 200,
      body: '{"id": "broken',
      contentType: 'application/json',
      headers: { 'x-fault': 'yes' },
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const res = await t.api('GET', '/v2/pods/anything');
      expect(res.status).toBe(200);
      expect(res.text).toBe('{"id": "broken');
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-fault')).toBe('yes');
    }
    expect((await t.api('GET', '/v2/pods/anything')).status).toBe(404);
  });

  it('sends Retry-After, with 429 when no status is given', async () => {
    t.fake.faults.inject('spawnCompute', { retryAfterSeconds: 2 });
    const res = await t.api('POST', '/v2/pods', podBody());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(t.fake.pods.count()).toBe(0);
  });

  it('resets the connection', async () => {
    t.fake.faults.inject('getCompute', { resetConnection: true });
    await expect(t.api('GET', '/v2/pods/x')).rejects.toThrow();
    expect((await t.api('GET', '/v2/pods/x')).status).toBe(404);
  });

  it('afterCreate creates the pod, then fails with 500 or a reset', async () => {
    t.fake.faults.inject('spawnCompute', { afterCreate: true });
    const res = await t.api('POST', '/v2/pods', podBody({ name: 'idem-1' }));
    expect(res.status).toBe(500);
    expect(t.fake.pods.list().map((p) => p.name)).toEqual(['idem-1']);

    t.fake.faults.inject('spawnCompute', { afterCreate: true, resetConnection: true });
    await expect(t.api('POST', '/v2/pods', podBody({ name: 'idem-2' }))).rejects.toThrow();
    expect(t.fake.pods.list().map((p) => p.name)).toEqual(['idem-1', 'idem-2']);
    expect(t.fake.faults.count('spawnCompute')).toBe(2);
  });

  it('maps stop, start and terminate to the action route by its body, and terminate to DELETE', async () => {
    const pod = (await t.api('POST', '/v2/pods', podBody())).body as { id: string };
    t.fake.faults.inject('start', { status: 502 });
    expect((await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'stop' })).status).toBe(200);
    expect((await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'start' })).status).toBe(502);
    t.fake.faults.inject('terminate', { status: 500, times: 2 });
    expect((await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'terminate' })).status).toBe(500);
    expect((await t.api('DELETE', `/v2/pods/${pod.id}`)).status).toBe(500);
    expect(t.fake.faults.count('stop')).toBe(1);
    expect(t.fake.faults.count('start')).toBe(1);
    expect(t.fake.faults.count('terminate')).toBe(2);
  });

  it('targets runJob and getJob on the runtime', async () => {
    t.fake.faults.inject('runJob', { status: 500 });
    expect((await t.rt('POST', '/v2/atlas-conformance/run', { input: {} })).status).toBe(500);
    const job = (await t.rt('POST', '/v2/atlas-conformance/runsync?wait=1', { input: {} })).body as { id: string };
    t.fake.faults.inject('getJob', { status: 404 });
    expect((await t.rt('GET', `/v2/atlas-conformance/status/${job.id}`)).status).toBe(404);
    expect((await t.rt('GET', `/v2/atlas-conformance/status/${job.id}`)).status).toBe(200);
    expect(t.fake.faults.count('runJob')).toBe(2);
    expect(t.fake.faults.count('getJob')).toBe(2);
  });

  it('applies a delay-only fault and then serves normally', async () => {
    t.fake.faults.inject('listCompute', { delayMs: 20 });
    expect((await t.api('GET', '/v2/pods')).status).toBe(200);
  });

  it('injects on any route by method and pattern', async () => {
    t.fake.faults.injectRoute('GET', '/v2/catalog/gpus', { status: 418, body: { nope: true } });
    const res = await t.api('GET', '/v2/catalog/gpus');
    expect(res.status).toBe(418);
    expect(res.body).toEqual({ nope: true });
    t.fake.faults.injectRoute('*', '/v2/{endpoint}/health', { status: 500 });
    expect((await t.rt('GET', '/v2/atlas-conformance/health')).status).toBe(500);
  });

  it('applies faults before auth, and clear() removes them and zeroes counters', async () => {
    t.fake.faults.inject('listCompute', { status: 500, times: 5 });
    expect((await t.api('GET', '/v2/pods', undefined, { authorization: 'Bearer wrong' })).status).toBe(500);
    t.fake.faults.clear();
    expect(t.fake.faults.count('listCompute')).toBe(0);
    expect((await t.api('GET', '/v2/pods')).status).toBe(200);
  });
});
