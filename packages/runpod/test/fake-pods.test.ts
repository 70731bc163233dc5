import { describe, expect, it } from 'vitest';
import { eventually, H100, podBody, useFake } from './contract/fake-http.js';

type Pod = Record<string, unknown> & { id: string; status: string };

describe('RunPod fake: pods', () => {
  const t = useFake();

  const create = async (overrides: Record<string, unknown> = {}): Promise<Pod> => {
    const res = await t.api('POST', '/v2/pods', podBody(overrides));
    expect(res.status).toBe(201);
    return res.body as Pod;
  };
  const get = async (id: string) => (await t.api('GET', `/v2/pods/${id}`)).body as Pod;

  it('creates a pod in PROVISIONING that moves through STARTING to RUNNING', async () => {
    const pod = await create();
    expect(pod.status).toBe('PROVISIONING');
    expect(pod.runtime).toBeNull();
    expect(pod.actions).toEqual(['stop', 'terminate']);
    const seen = new Set<string>();
    const running = await eventually(
      () => get(pod.id),
      (p) => {
        seen.add(p.status);
        return p.status === 'RUNNING';
      },
    );
    expect([...seen].every((s) => ['PROVISIONING', 'STARTING', 'RUNNING'].includes(s))).toBe(true);
    expect(running.actions).toEqual(['stop', 'restart', 'terminate']);
    expect(running.startedAt).toEqual(expect.any(String));
    const ports = (running.runtime as { ports: Array<Record<string, unknown>> }).ports;
    expect(ports).toContainEqual({ private: 8000, public: null, type: 'http', ip: null });
    const tcp = ports.find((p) => p.type === 'tcp');
    expect(tcp).toMatchObject({
      private: 22,
      public: expect.any(Number),
      ip: expect.stringMatching(/^203\.0\.113\.\d+$/),
    });
  });

  it('fills gpu, cloud, data center, cost and env from the request', async () => {
    const pod = await create({
      cloud: 'COMMUNITY',
      gpu: { id: H100, count: 2 },
      dataCenterIds: ['EU-RO-1', 'US-KS-2'],
    });
    expect(pod.gpu).toEqual({ id: H100, count: 2 });
    expect(pod.cloud).toBe('COMMUNITY');
    expect(['EU-RO-1', 'US-KS-2']).toContain(pod.dataCenterId);
    expect(pod.cost).toBeCloseTo(2.39 * 2);
    expect(pod.env).toEqual({ TOKEN: 's3cret' });
    expect(t.fake.pods.readEnv(pod.id)).toEqual({ TOKEN: 's3cret' });
  });

  it('lists pods wrapped in {"pods": [...]}', async () => {
    const a = await create({ name: 'a' });
    const b = await create({ name: 'b' });
    const res = await t.api('GET', '/v2/pods');
    expect(res.status).toBe(200);
    expect((res.body as { pods: Pod[] }).pods.map((p) => p.id)).toEqual([a.id, b.id]);
  });

  it('stops to EXITED and starts back through STARTING to RUNNING', async () => {
    const pod = await create();
    await eventually(
      () => get(pod.id),
      (p) => p.status === 'RUNNING',
    );
    const stopped = await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'stop' });
    expect(stopped.status).toBe(200);
    expect((stopped.body as Pod).status).toBe('EXITED');
    expect((stopped.body as Pod).actions).toEqual(['start', 'terminate']);
    const started = await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'start' });
    expect(started.status).toBe(200);
    expect(['STARTING', 'RUNNING']).toContain((started.body as Pod).status);
    await eventually(
      () => get(pod.id),
      (p) => p.status === 'RUNNING',
    );
  });

  it('answers 409 problem+json for an action the status does not allow', async () => {
    const pod = await create();
    // A booting pod cannot be started, whichever boot phase it is in by now.
    expect((await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'start' })).status).toBe(409);
    await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'stop' });
    const res = await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'stop' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ title: 'Conflict', status: 409, detail: expect.stringContaining('EXITED') });
    expect((await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'restart' })).status).toBe(409);
  });

  it('restarts a running pod', async () => {
    const pod = await create();
    await eventually(
      () => get(pod.id),
      (p) => p.status === 'RUNNING',
    );
    const res = await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'restart' });
    expect(res.status).toBe(200);
    expect((res.body as Pod).status).toBe('STARTING');
    await eventually(
      () => get(pod.id),
      (p) => p.status === 'RUNNING',
    );
  });

  it('updates a pod with PATCH: only the fields sent change', async () => {
    const pod = await create({ name: 'before', env: { A: '1' } });
    const res = await t.api('PATCH', `/v2/pods/${pod.id}`, { name: 'after', ports: ['8000/http'], locked: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: pod.id,
      name: 'after',
      ports: ['8000/http'],
      locked: true,
      env: { A: '1' },
      image: pod.image,
    });
    expect((await t.api('PATCH', `/v2/pods/${pod.id}`, { bogus: 1 })).status).toBe(422);
    expect((await t.api('PATCH', '/v2/pods/nope', { name: 'x' })).status).toBe(404);
  });

  it('deletes with 204 and the pod is gone afterwards', async () => {
    const pod = await create();
    const del = await t.api('DELETE', `/v2/pods/${pod.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await t.api('GET', `/v2/pods/${pod.id}`)).status).toBe(404);
    expect((await t.api('DELETE', `/v2/pods/${pod.id}`)).status).toBe(404);
    expect(((await t.api('GET', '/v2/pods')).body as { pods: Pod[] }).pods).toEqual([]);
  });

  it('terminates through the action route with 204', async () => {
    const pod = await create();
    const res = await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'terminate' });
    expect(res.status).toBe(204);
    expect(t.fake.pods.get(pod.id)).toBeUndefined();
  });

  it('answers 404 problem+json for an unknown pod on every pod route', async () => {
    for (const [method, path, body] of [
      ['GET', '/v2/pods/nope'],
      ['DELETE', '/v2/pods/nope'],
      ['POST', '/v2/pods/nope/action', { action: 'stop' }],
      ['GET', '/v2/pods/nope/logs'],
    ] as const) {
      const res = await t.api(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ title: 'Not Found', status: 404 });
    }
  });

  it('a pod put in ERROR can be started again', async () => {
    const pod = await create();
    expect(t.fake.pods.fail(pod.id)).toBe(true);
    expect((await get(pod.id)).status).toBe('ERROR');
    expect((await get(pod.id)).actions).toEqual(['start', 'terminate']);
    const res = await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'start' });
    expect(res.status).toBe(200);
  });

  it('seeds many running pods for benchmarks', async () => {
    const ids = t.fake.seedPods(500);
    expect(ids).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
    const list = (await t.api('GET', '/v2/pods')).body as { pods: Pod[] };
    expect(list.pods).toHaveLength(500);
    expect(list.pods.every((p) => p.status === 'RUNNING')).toBe(true);
  });

  it('reset() empties the state', async () => {
    await create();
    t.fake.reset();
    expect(t.fake.pods.count()).toBe(0);
  });
});
