import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunPodFake, startRunPodFake } from '../../src/testing/index.js';
import { eventually, H100, podBody } from './fake-http.js';
import { FAKE_OPERATIONS, missedOperations } from './operations.js';
import { type Exchange, recordingFetch } from './recorder.js';
import { validateRequest, validateResponse } from './spec-validator.js';

/**
 * Drives every route of the fake, successes and errors, through a recording fetch, then checks each
 * response against the spec's response schemas (and each request we sent, so the drive itself is honest).
 */
describe('contract: every fake response matches the RunPod specs', () => {
  let fake: RunPodFake;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    fake = await startRunPodFake({ jobDurationMs: 40 });
    const http = recordingFetch(fake.runtimeUrl, exchanges);
    const call = async (
      base: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await http(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${fake.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
      };
    };
    const rest = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(fake.url, method, path, body, headers);
    const rt = (method: string, path: string, body?: unknown) => call(fake.runtimeUrl, method, path, body);

    // Pods: create, read in each status, every action, logs, delete, and the error answers.
    const pod = (await rest('POST', '/v2/pods', podBody({ mounts: { persistent: { size: 20, path: '/workspace' } } })))
      .body as { id: string };
    await rest('GET', `/v2/pods/${pod.id}`);
    await rest('POST', `/v2/pods/${pod.id}/action`, { action: 'start' }); // 409
    await eventually(
      async () => (await rest('GET', `/v2/pods/${pod.id}`)).body as { status: string },
      (p) => p.status === 'RUNNING',
    );
    await rest('GET', '/v2/pods');
    await rest('GET', '/v2/pods?includeClusterPods=true');
    await rest('POST', `/v2/pods/${pod.id}/action`, { action: 'restart' });
    await rest('PATCH', `/v2/pods/${pod.id}`, { name: 'renamed', env: { B: 'c' }, ports: ['8000/http'] });
    await rest('PATCH', `/v2/pods/${pod.id}`, { cloud: 'SECURE' }); // 422
    await rest('POST', `/v2/pods/${pod.id}/action`, { action: 'stop' });
    await rest('GET', `/v2/pods/${pod.id}`);
    await rest('POST', `/v2/pods/${pod.id}/action`, { action: 'start' });
    await rest('GET', `/v2/pods/${pod.id}/logs`);
    await rest('GET', `/v2/pods/${pod.id}/logs?source=container&tail=10`);
    const cpuPod = (
      await rest('POST', '/v2/pods', { name: 'cpu', image: 'busybox', cpu: { id: 'cpu3c', vcpuCount: 2 } })
    ).body as { id: string };
    await rest('GET', `/v2/pods/${cpuPod.id}`);
    await rest('POST', `/v2/pods/${cpuPod.id}/action`, { action: 'terminate' });
    await rest('DELETE', `/v2/pods/${pod.id}`);
    await rest('GET', `/v2/pods/${pod.id}`); // 404
    await rest('DELETE', `/v2/pods/${pod.id}`); // 404
    await rest('GET', `/v2/pods/${pod.id}/logs`); // 404
    await rest('POST', '/v2/pods', { cloud: 'MOON' }); // 422
    await rest('POST', '/v2/pods', podBody({ gpu: { id: 'NVIDIA Imaginary' } })); // 400
    fake.catalog.setStock(H100, 'NONE');
    await rest('POST', '/v2/pods', podBody()); // 400 capacity
    await rest('GET', '/v2/pods', undefined, { authorization: 'Bearer nope' }); // 401

    // Billing: the pods above are on it, deleted ones too; every family, each filter, a bad query.
    await rest('GET', '/v2/billing');
    await rest('GET', `/v2/billing/pods?podId=${pod.id}&bucketSize=hour&lastN=3`);
    await rest('GET', '/v2/billing/pods?startTime=2026-06-01T00:00:00Z&bucketSize=year');
    await rest('GET', '/v2/billing/serverless?serverlessId=ep1');
    await rest('GET', '/v2/billing/endpoints?lastN=2');
    await rest('GET', '/v2/billing/network-volumes');
    await rest('GET', '/v2/billing/clusters?bucketSize=month');
    await rest('GET', '/v2/billing/pods?bucketSize=minute'); // 400

    // Catalog.
    await rest('GET', '/v2/catalog/gpus');
    await rest('GET', '/v2/catalog/gpus?include=AVAILABILITY&product=POD');
    await rest('GET', '/v2/catalog/gpus?cloud=COMMUNITY');
    await rest('GET', `/v2/catalog/gpus/${encodeURIComponent(H100)}?include=AVAILABILITY`);
    await rest('GET', '/v2/catalog/gpus/nope'); // 404
    await rest('GET', '/v2/catalog/cpus');
    await rest('GET', '/v2/catalog/cpus?include=AVAILABILITY&product=POD&vcpuCount=4');
    await rest('GET', '/v2/catalog/cpus?include=AVAILABILITY'); // 400: product is required with it
    await rest('GET', '/v2/catalog/cpus/cpu5g?include=AVAILABILITY&product=POD');
    await rest('GET', '/v2/catalog/cpus/nope'); // 404
    await rest('GET', '/v2/catalog/datacenters');
    await rest('GET', '/v2/catalog/datacenters?include=GPU_AVAILABILITY,CPU_AVAILABILITY&regions=EUROPE');
    await rest('GET', '/v2/catalog/datacenters/EU-RO-1?include=GPU_AVAILABILITY');

    // Templates, network volumes, serverless endpoints.
    const template = (
      await rest('POST', '/v2/templates', { name: 'tpl', image: 'x/y:1', ports: ['8000/http'], env: { A: 'b' } })
    ).body as { id: string };
    await rest('GET', '/v2/templates');
    await rest('GET', `/v2/templates/${template.id}`);
    await rest('POST', '/v2/pods', {
      name: 'from-template',
      templateId: template.id,
      gpu: { id: 'NVIDIA GeForce RTX 4090' },
    });
    await rest('POST', '/v2/templates', { image: 'x' }); // 422
    const volume = (await rest('POST', '/v2/network-volumes', { name: 'vol', size: 50, dataCenter: 'EU-RO-1' }))
      .body as { id: string };
    await rest('GET', '/v2/network-volumes');
    await rest('GET', `/v2/network-volumes/${volume.id}`);
    await rest('DELETE', `/v2/network-volumes/${volume.id}`);
    await rest('POST', '/v2/network-volumes', { name: 'vol', size: 5, dataCenter: 'EU-RO-1' }); // 422
    const endpoint = (
      await rest('POST', '/v2/serverless', {
        name: 'ep',
        type: 'QUEUE',
        templateId: template.id,
        scaling: { type: 'QUEUE_DELAY', queueDelay: 4 },
        workers: { min: 0, max: 2 },
      })
    ).body as { id: string };
    await rest('GET', '/v2/serverless');
    await rest('GET', `/v2/serverless/${endpoint.id}`);
    await rest('PATCH', `/v2/serverless/${endpoint.id}`, { name: 'ep-2', workers: { max: 4 } });
    await rest('DELETE', `/v2/serverless/${endpoint.id}`);
    await rest('DELETE', `/v2/templates/${template.id}`);
    await rest('GET', `/v2/templates/${template.id}`); // 404

    // Serverless runtime: every operation, each job status, and unknown ids.
    const E = '/v2/atlas-conformance';
    const job = (await rt('POST', `${E}/run`, { input: { prompt: 'one two three' } })).body as { id: string };
    await rt('GET', `${E}/status/${job.id}`);
    await rt('GET', `${E}/stream/${job.id}`);
    await eventually(
      async () => (await rt('GET', `${E}/stream/${job.id}`)).body as { status: string },
      (b) => b.status === 'COMPLETED',
    );
    await rt('GET', `${E}/status/${job.id}`);
    await rt('POST', `${E}/runsync`, { input: { prompt: 'sync' }, policy: { executionTimeout: 60_000, ttl: 60_000 } });
    await rt('POST', `${E}/runsync?wait=1000`, { input: { durationMs: 5_000 } });
    const failing = (await rt('POST', `${E}/run`, { input: { fail: 'boom' } })).body as { id: string };
    await eventually(
      async () => (await rt('GET', `${E}/status/${failing.id}`)).body as { status: string },
      (b) => b.status === 'FAILED',
    );
    await rt('POST', `${E}/retry/${failing.id}`);
    const slow = (await rt('POST', `${E}/run`, { input: { durationMs: 60_000 } })).body as { id: string };
    await rt('POST', `${E}/cancel/${slow.id}`);
    await rt('GET', `${E}/status/${slow.id}`);
    await rt('POST', `${E}/purge-queue`);
    await rt('GET', `${E}/health`);
    await rt('GET', `${E}/status/nope`); // 404
    await rt('POST', '/v2/nope/run', { input: {} }); // 404
    await rt('POST', `${E}/run`, { nope: true }); // 400
  });
  afterAll(() => fake.close());

  it('exercised every route the fake serves', () => {
    expect(missedOperations(exchanges, FAKE_OPERATIONS)).toEqual([]);
    const statuses = new Set(exchanges.map((e) => e.status));
    for (const status of [200, 201, 204, 400, 401, 404, 409, 422])
      expect(statuses.has(status), `status ${status}`).toBe(true);
  });

  it('every response validates against its response schema (zero violations)', () => {
    const violations = exchanges.flatMap((e) =>
      validateResponse(e.method, e.path, e.status, e.body, { api: e.api, contentType: e.contentType }),
    );
    expect(violations).toEqual([]);
  });

  it('every REST error is problem+json', () => {
    const errors = exchanges.filter((e) => e.api === 'rest' && e.status >= 400);
    expect(errors.length).toBeGreaterThan(5);
    expect(
      errors.filter((e) => e.contentType !== 'application/problem+json').map((e) => `${e.method} ${e.path}`),
    ).toEqual([]);
  });

  it('the drive itself sent valid requests, except the deliberate 4xx ones', () => {
    const sentOk = exchanges.filter((e) => e.status < 400 || e.status === 409 || e.status === 404);
    const violations = sentOk.flatMap((e) =>
      validateRequest(e.method, e.path, e.requestBody, { api: e.api, query: e.query }),
    );
    expect(violations).toEqual([]);
  });

  it('a rate-limited answer validates too', async () => {
    const limited = await startRunPodFake({ rateLimit: { requestsPerSecond: 1 } });
    try {
      const statuses: Array<{ status: number; body: unknown; contentType: string | null }> = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${limited.url}/v2/pods`, { headers: { authorization: `Bearer ${limited.apiKey}` } });
        statuses.push({ status: res.status, body: await res.json(), contentType: res.headers.get('content-type') });
      }
      const tooMany = statuses.find((s) => s.status === 429);
      expect(tooMany).toBeDefined();
      expect(validateResponse('GET', '/v2/pods', 429, tooMany!.body, { contentType: tooMany!.contentType })).toEqual(
        [],
      );
    } finally {
      await limited.close();
    }
  });
});
