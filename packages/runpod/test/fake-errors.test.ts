import { describe, expect, it } from 'vitest';
import { NO_CAPACITY_DETAIL, startRunPodFake } from '../src/testing/index.js';
import { fakeClient, H100, podBody, useFake } from './contract/fake-http.js';

describe('RunPod fake: auth and errors', () => {
  const t = useFake({ apiKey: 'rp_test_key' });

  it('answers 401 problem+json without a key or with a wrong one, on both servers', async () => {
    for (const headers of [
      { authorization: '' },
      { authorization: 'Bearer wrong' },
      { authorization: 'rp_test_key' },
    ]) {
      const res = await t.api('GET', '/v2/pods', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body).toMatchObject({ title: 'Unauthorized', status: 401 });
      expect(res.text).not.toContain('rp_test_key');
    }
    const rt = await t.rt('POST', '/v2/atlas-conformance/run', { input: {} }, { authorization: 'Bearer wrong' });
    expect(rt.status).toBe(401);
  });

  it('lets the runtime take the bare key, as the docs curl examples send it', async () => {
    const res = await t.rt('POST', '/v2/atlas-conformance/run', { input: {} }, { authorization: 'rp_test_key' });
    expect(res.status).toBe(200);
  });

  it('answers 422 with the list of violations for an invalid create body', async () => {
    const res = await t.api('POST', '/v2/pods', { cloud: 'MOON', gpu: { id: H100, count: 0 }, bogus: 1 });
    expect(res.status).toBe(422);
    const body = res.body as { title: string; errors: string[] };
    expect(body.title).toBe('Unprocessable Entity');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        "$: missing property 'name'",
        "$: missing property 'image'",
        "$: additional properties 'bogus' not allowed",
        "$.cloud: value must be one of 'SECURE', 'COMMUNITY'",
        '$.gpu.count: must be >= 1',
      ]),
    );
    expect(t.fake.pods.count()).toBe(0);
  });

  it('answers 422 for an unknown pod action and for a body missing entirely', async () => {
    const pod = (await t.api('POST', '/v2/pods', podBody())).body as { id: string };
    expect((await t.api('POST', `/v2/pods/${pod.id}/action`, { action: 'explode' })).status).toBe(422);
    expect((await t.api('POST', `/v2/pods/${pod.id}/action`)).status).toBe(422);
  });

  it('answers 400 for broken JSON', async () => {
    const res = await t.api('POST', '/v2/pods', '{"name":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('skips body validation when validateRequests is off', async () => {
    const loose = await startRunPodFake({ validateRequests: false });
    try {
      const res = await fakeClient(loose)('POST', '/v2/pods', { ...podBody(), bogus: true });
      expect(res.status).toBe(201);
    } finally {
      await loose.close();
    }
  });

  it('answers 400 with a capacity detail when the GPU has no stock', async () => {
    t.fake.catalog.setStock(H100, 'NONE');
    const res = await t.api('POST', '/v2/pods', podBody());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ title: 'Bad Request', status: 400, detail: NO_CAPACITY_DETAIL });
    expect(t.fake.pods.count()).toBe(0);
  });

  it('places the pod in a data center that still has stock', async () => {
    t.fake.catalog.setStock(H100, 'NONE', 'EU-RO-1');
    const res = await t.api('POST', '/v2/pods', podBody({ dataCenterIds: ['EU-RO-1', 'US-KS-2'] }));
    expect(res.status).toBe(201);
    expect((res.body as { dataCenterId: string }).dataCenterId).toBe('US-KS-2');
  });

  it('refuses community cloud for a secure-only GPU and counts above maxCount as capacity errors', async () => {
    const community = await t.api(
      'POST',
      '/v2/pods',
      podBody({ cloud: 'COMMUNITY', gpu: { id: 'NVIDIA H200', count: 1 } }),
    );
    expect(community.status).toBe(400);
    const tooMany = await t.api('POST', '/v2/pods', podBody({ gpu: { id: H100, count: 64 } }));
    expect((tooMany.body as { detail: string }).detail).toBe(NO_CAPACITY_DETAIL);
  });

  it('answers 400 for an unknown GPU type, for neither gpu nor cpu, and for an unknown data center', async () => {
    expect((await t.api('POST', '/v2/pods', podBody({ gpu: { id: 'NVIDIA Imaginary 9000' } }))).status).toBe(400);
    const { gpu: _gpu, ...noCompute } = podBody();
    expect((await t.api('POST', '/v2/pods', noCompute)).status).toBe(400);
    expect((await t.api('POST', '/v2/pods', podBody({ dataCenterIds: ['MARS-1'] }))).status).toBe(400);
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    expect((await t.api('GET', '/v2/nothing-here')).status).toBe(404);
    const res = await t.api('PUT', '/v2/pods');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('answers 404 for an unknown serverless endpoint or job', async () => {
    expect((await t.rt('POST', '/v2/no-such-endpoint/run', { input: {} })).status).toBe(404);
    expect((await t.rt('GET', '/v2/atlas-conformance/status/no-such-job')).status).toBe(404);
    expect((await t.rt('GET', '/v2/no-such-endpoint/health')).status).toBe(404);
  });

  it('answers 400 on the runtime when input is missing', async () => {
    const res = await t.rt('POST', '/v2/atlas-conformance/run', { webhook: 'https://example.com' });
    expect(res.status).toBe(400);
    expect((res.body as { errors: string[] }).errors).toEqual(["$: missing property 'input'"]);
  });
});
