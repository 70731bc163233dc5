import { hashToken, PRESHARED_KEY_ENV, verifyToken } from '@atlas/core';
import { redactText } from '@atlas/core/provider';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunPod } from '../src/index.js';
import { type RunPodFake, startRunPodFake } from '../src/testing/index.js';
import { pod, provider, REST, rejection, useNock } from './helpers.js';

/** A token this process never minted: only the adoption can have registered it for redaction. */
const HELD_TOKEN = 'held-by-the-pod_0123456789abcdefghijklmnopqrstu';
const request = { gpu: 'l4', image: 'x', name: 'job-7' } as const;
const key = { idempotencyKey: 'k1' };

describe('ctx.idempotencyKey (nock): a repeated spawn adopts the pod the first one made', () => {
  useNock();

  it('same key twice: one POST, the same pod, the same working token', async () => {
    const created: { body?: Record<string, unknown> } = {};
    nock(REST)
      .get('/v2/pods')
      .reply(200, { pods: [] })
      .post('/v2/pods')
      .reply(async (req: Request) => {
        created.body = (await req.json()) as Record<string, unknown>;
        return [201, pod({ id: 'made', name: created.body.name, env: created.body.env })];
      })
      .get('/v2/pods')
      .reply(() => [200, { pods: [pod({ id: 'made', name: created.body?.name, env: created.body?.env })] }]);
    const first = await provider().spawnCompute({ ...request, auth: 'bearer' }, key);
    const second = await provider().spawnCompute({ ...request, auth: 'bearer' }, key);
    expect(created.body?.name).toBe('job-7-k1');
    expect(second.id).toBe(first.id);
    expect(second.auth?.token).toBe(first.auth?.token);
    expect(second.auth).toEqual(first.auth);
    expect(await verifyToken(first.auth?.token ?? '', second.auth?.hash ?? '')).toBe(true);
  });

  it('adopts a pod of any age (no recency window) and rebuilds its handle from the env it holds', async () => {
    nock(REST)
      .get('/v2/pods')
      .reply(200, {
        pods: [
          pod({ id: 'other', name: 'job-7' }),
          pod({ id: 'gone', name: 'job-7-k1', status: 'TERMINATED' }),
          pod({
            id: 'old',
            name: 'job-7-k1',
            status: 'EXITED',
            createdAt: '2020-01-01T00:00:00Z',
            env: { [PRESHARED_KEY_ENV]: HELD_TOKEN, A: 'b' },
          }),
        ],
      });
    const compute = await provider().spawnCompute({ ...request, auth: 'bearer' }, key);
    expect(compute.id).toBe('old');
    expect(compute.auth).toEqual({
      scheme: 'bearer',
      token: HELD_TOKEN,
      hash: await hashToken(HELD_TOKEN),
      header: `Bearer ${HELD_TOKEN}`,
      env: { [PRESHARED_KEY_ENV]: HELD_TOKEN },
    });
    expect(JSON.stringify(compute.raw)).not.toContain(HELD_TOKEN);
    expect(redactText(`plain ${HELD_TOKEN} text`)).not.toContain(HELD_TOKEN);
  });

  it('without auth bearer the adopted pod is returned without a handle', async () => {
    nock(REST)
      .get('/v2/pods')
      .reply(200, { pods: [pod({ id: 'made', name: 'atlas-k1', env: { [PRESHARED_KEY_ENV]: HELD_TOKEN } })] });
    const compute = await provider().spawnCompute({ gpu: 'l4', image: 'x' }, key);
    expect(compute.id).toBe('made');
    expect(compute.auth).toBeUndefined();
    expect(JSON.stringify(compute)).not.toContain(HELD_TOKEN);
  });

  it('only terminated namesakes: a new pod is created, with a new token', async () => {
    const sent: { env?: Record<string, string> } = {};
    nock(REST)
      .get('/v2/pods')
      .reply(200, {
        pods: [pod({ id: 'gone', name: 'job-7-k1', status: 'TERMINATED', env: { [PRESHARED_KEY_ENV]: HELD_TOKEN } })],
      })
      .post('/v2/pods')
      .reply(async (req: Request) => {
        const body = (await req.json()) as { name: string; env: Record<string, string> };
        sent.env = body.env;
        return [201, pod({ id: 'new', name: body.name })];
      });
    const compute = await provider().spawnCompute({ ...request, auth: 'bearer' }, key);
    expect(compute.id).toBe('new');
    expect(compute.auth?.token).not.toBe(HELD_TOKEN);
    expect(compute.auth?.token).toBe(sent.env?.[PRESHARED_KEY_ENV]);
  });

  it('no key: no list before the POST', async () => {
    // Only the POST is mocked: a GET /v2/pods would find no mock and fail the spawn.
    nock(REST)
      .post('/v2/pods')
      .reply(201, pod({ id: 'made', name: 'job-7' }));
    expect((await provider().spawnCompute(request)).id).toBe('made');
  });

  it('two live pods with the name: conflict naming both, no POST', async () => {
    nock(REST)
      .get('/v2/pods')
      .reply(200, {
        pods: [pod({ id: 'p1', name: 'job-7-k1' }), pod({ id: 'p2', name: 'job-7-k1', status: 'EXITED' })],
      });
    const error = await rejection(provider().spawnCompute(request, key));
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain("'job-7-k1'");
    expect(error.message).toContain('p1');
    expect(error.message).toContain('p2');
  });

  it('an adopted pod without ATLAS_PRESHARED_KEY under bearer: conflict, no POST, no handle', async () => {
    nock(REST)
      .get('/v2/pods')
      .reply(200, { pods: [pod({ id: 'bare', name: 'job-7-k1', env: { OTHER: 'hunter2-secret-value' } })] });
    const error = await rejection(provider().spawnCompute({ ...request, auth: 'bearer' }, key));
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('bare');
    expect(error.message).toContain(PRESHARED_KEY_ENV);
    expect(error.message).not.toContain('hunter2');
  });

  it('the list before the POST fails: the error stands and nothing is created', async () => {
    nock(REST).get('/v2/pods').reply(401, { title: 'Unauthorized', status: 401, detail: 'bad key' });
    expect((await rejection(provider().spawnCompute(request, key))).kind).toBe('unauthorized');
  });
});

describe('ctx.idempotencyKey against the stateful fake', () => {
  let fake: RunPodFake;
  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    fake = await startRunPodFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  // A fresh provider per call stands for a fresh process: nothing is remembered between them.
  const runpod = () =>
    createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl, retry: { limit: 0 } });

  it('same key from two providers: one pod, and both handles open it', async () => {
    fake.reset();
    const first = await runpod().spawnCompute(
      { gpu: 'rtx_4090', image: 'x', auth: 'bearer' },
      { idempotencyKey: 'session-1' },
    );
    const second = await runpod().spawnCompute(
      { gpu: 'rtx_4090', image: 'x', auth: 'bearer' },
      { idempotencyKey: 'session-1' },
    );
    expect(fake.pods.count()).toBe(1);
    expect(second.id).toBe(first.id);
    const held = fake.pods.readEnv(first.id)?.[PRESHARED_KEY_ENV] ?? '';
    expect(await verifyToken(held, first.auth?.hash ?? '')).toBe(true);
    expect(await verifyToken(held, second.auth?.hash ?? '')).toBe(true);
    expect(second.auth?.header).toBe(first.auth?.header);
  });

  it('different keys: two pods', async () => {
    fake.reset();
    const a = await runpod().spawnCompute({ gpu: 'rtx_4090', image: 'x' }, { idempotencyKey: 'session-a' });
    const b = await runpod().spawnCompute({ gpu: 'rtx_4090', image: 'x' }, { idempotencyKey: 'session-b' });
    expect(fake.pods.count()).toBe(2);
    expect(a.id).not.toBe(b.id);
  });
});
