import { type CallContext, isAtlasError } from '@atlas/core';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunPod, type RunPodProvider } from '../../src/index.js';
import { type RunPodFake, startRunPodFake } from '../../src/testing/index.js';
import { eventually } from './fake-http.js';
import { missedOperations, PROVIDER_OPERATIONS } from './operations.js';
import { type Exchange, recordingFetch } from './recorder.js';
import { validateRequest, validateResponse } from './spec-validator.js';

// Other files in this worker may have turned the network off for nock; the fake is on loopback.
nock.enableNetConnect('127.0.0.1');

/**
 * Runs every provider operation against the fake through a recording fetch (CallContext.fetch),
 * then validates each request the provider sent (method, path, query, body) against
 * openapi-v2.json, or serverless-openapi.yaml for the runtime, and each answer it read.
 */
describe('contract: every request the provider sends matches the RunPod specs', () => {
  let fake: RunPodFake;
  let provider: RunPodProvider;
  const exchanges: Exchange[] = [];
  const expectedFailures: string[] = [];

  beforeAll(async () => {
    fake = await startRunPodFake({ jobDurationMs: 40 });
    provider = createRunPod({
      baseUrl: fake.url,
      runtimeBaseUrl: fake.runtimeUrl,
      retry: { limit: 2, backoffMs: 5, maxDelayMs: 20 },
    });
    const ctx: CallContext = { apiKey: fake.apiKey, fetch: recordingFetch(fake.runtimeUrl, exchanges) };
    const settle = async (p: Promise<unknown>, label: string) => {
      try {
        await p;
      } catch (error) {
        if (!isAtlasError(error)) throw error;
        expectedFailures.push(`${label}: ${error.kind}`);
      }
    };

    // Extras first: a template, a network volume and an endpoint for the spawns and jobs below.
    const template = await provider.templates.create(
      { name: 'atlas-tpl', image: 'acme/infer:1', ports: ['8000/http'], env: { MODE: 'x' } },
      ctx,
    );
    await provider.templates.list(ctx);
    await provider.templates.get(template.id, ctx);
    const volume = await provider.networkVolumes.create({ name: 'atlas-vol', size: 20, dataCenter: 'US-KS-2' }, ctx);
    await provider.networkVolumes.list(ctx);
    await provider.networkVolumes.get(volume.id, ctx);
    const endpoint = await provider.endpoints.create(
      {
        name: 'atlas-ep',
        type: 'QUEUE',
        image: 'acme/worker:1',
        scaling: { type: 'QUEUE_DELAY', queueDelay: 4 },
        workers: { min: 0, max: 2 },
      },
      ctx,
    );
    await provider.endpoints.list(ctx);
    await provider.endpoints.get(endpoint.id, ctx);
    await provider.endpoints.update(endpoint.id, { workers: { max: 3 } }, ctx);

    // Compute: every spawn field, then the lifecycle.
    const pod = await provider.spawnCompute(
      {
        gpu: 'rtx_4090',
        gpuCount: 1,
        image: 'acme/infer:1',
        name: 'atlas-contract',
        cloudType: 'secure',
        regionHints: ['US-KS-2', 'EU-RO-1'],
        ports: [
          { port: 8000, protocol: 'http' },
          { port: 22, protocol: 'tcp' },
        ],
        env: { MODEL: 'llama' },
        auth: 'bearer',
        containerDiskGb: 30,
        volumeGb: 20,
      },
      ctx,
    );
    await provider.spawnCompute(
      {
        gpu: 'h100',
        image: 'acme/infer:1',
        cloudType: 'community',
        networkVolumeId: volume.id,
        providerOptions: { globalNetworking: true },
      },
      ctx,
    );
    await provider.spawnCompute(
      { gpu: 'l40s', image: 'acme/infer:1', templateId: template.id },
      { ...ctx, idempotencyKey: 'contract-key-1' },
    );
    // CPU pods: a size picked from the catalog, and a named flavor on a network volume.
    const cpuPod = await provider.spawnCompute(
      {
        cpu: { vcpus: 4, memoryGb: 16 },
        image: 'acme/worker:1',
        ports: [{ port: 8000, protocol: 'http' }],
        containerDiskGb: 20,
        env: { MODE: 'cpu' },
      },
      ctx,
    );
    await provider.getCompute(cpuPod.id, ctx);
    await provider.spawnCompute(
      { cpu: { vcpus: 2, flavor: 'cpu5c' }, image: 'acme/worker:1', cloudType: 'secure', networkVolumeId: volume.id },
      ctx,
    );
    await eventually(
      () => provider.getCompute(pod.id, ctx),
      (c) => c.status === 'running',
    );
    await provider.listCompute({}, ctx);
    await provider.listCompute(
      { name: 'atlas-contract', status: ['running'], gpu: 'rtx_4090', region: 'US-KS-2' },
      ctx,
    );
    for await (const _line of provider.logs(pod.id, { tail: 10, source: 'container', idleMs: 200 }, ctx)) {
      // draining is the point: the request is what gets checked
    }
    await provider.stop(pod.id, ctx);
    await provider.start(pod.id, ctx);
    await provider.terminate(pod.id, ctx);
    await settle(provider.getCompute(pod.id, ctx), 'getCompute after terminate');

    // The idempotent-spawn path: the pod is created, the answer is lost, the provider reconciles by name.
    fake.faults.inject('spawnCompute', { afterCreate: true, status: 500 });
    await settle(provider.spawnCompute({ gpu: 'rtx_4090', image: 'acme/infer:1' }, ctx), 'spawn after 500');
    fake.catalog.setStock('NVIDIA B200', 'NONE');
    await settle(provider.spawnCompute({ gpu: 'b200', image: 'acme/infer:1' }, ctx), 'spawn without stock');

    // Catalog.
    await provider.listGpuTypes(ctx);
    await provider.listCpuTypes(ctx);
    await provider.dataCenters({}, ctx);
    await provider.dataCenters({ gpuAvailability: true }, ctx);

    // Serverless runtime: every operation.
    const job = await provider.runJob({ endpoint: endpoint.id, input: { prompt: 'a b c' } }, ctx);
    await provider.getJob(job, ctx);
    for await (const _chunk of provider.streamJob(job, ctx)) {
      // each chunk once; the requests are what gets checked
    }
    await provider.runJob(
      {
        endpoint: endpoint.id,
        input: { prompt: 'sync' },
        mode: 'sync',
        timeoutMs: 5_000,
        policy: { executionTimeoutMs: 60_000, ttlMs: 60_000, lowPriority: false },
      },
      ctx,
    );
    await provider.runJob(
      { endpoint: endpoint.id, input: { prompt: 'hook' }, webhook: 'https://example.com/hook' },
      ctx,
    );
    const slow = await provider.runJob({ endpoint: endpoint.id, input: { durationMs: 60_000 } }, ctx);
    await provider.cancelJob(slow, ctx);
    const failing = await provider.runJob({ endpoint: endpoint.id, input: { fail: 'boom' } }, ctx);
    await eventually(
      () => provider.getJob(failing, ctx),
      (j) => j.status === 'failed',
    );
    await provider.retryJob(failing, ctx);
    await provider.purgeQueue(endpoint.id, ctx);
    await provider.endpointHealth(endpoint.id, ctx);

    // Billing: every bill, each filter, and the reconciliation read over the pods above.
    await provider.billing.pods({ lastN: 2, bucketSize: 'hour' }, ctx);
    await provider.billing.pods({ podId: pod.id, from: new Date(Date.now() - 3_600_000), to: Date.now() + 1 }, ctx);
    await provider.billing.totalUsd({ from: Date.now() - 3_600_000, to: Date.now() + 1 }, ctx);
    await provider.billing.serverless({ endpointId: endpoint.id, bucketSize: 'day' }, ctx);
    await provider.billing.networkVolumes({ networkVolumeId: volume.id, lastN: 1, bucketSize: 'month' }, ctx);
    await provider.billing.publicEndpoints({ from: '2026-06-01T00:00:00Z' }, ctx);
    await provider.billing.account({ bucketSize: 'week' }, ctx);

    // Clean-up through the extras.
    await provider.endpoints.delete(endpoint.id, ctx);
    await provider.templates.delete(template.id, ctx);
    await provider.networkVolumes.delete(volume.id, ctx);
  });
  afterAll(() => fake.close());

  it('exercised every operation of the provider', () => {
    expect(missedOperations(exchanges, PROVIDER_OPERATIONS)).toEqual([]);
    expect(expectedFailures).toEqual(['getCompute after terminate: not_found', 'spawn without stock: capacity']);
  });

  it('the drive sent real bodies (the recording sees them)', () => {
    const creates = exchanges.filter((e) => e.method === 'POST' && e.path === '/v2/pods');
    expect(creates.length).toBeGreaterThanOrEqual(5);
    expect(creates[0]!.requestBody).toMatchObject({
      name: 'atlas-contract',
      image: 'acme/infer:1',
      gpu: { id: 'NVIDIA GeForce RTX 4090', count: 1 },
    });
    expect(validateRequest('POST', '/v2/pods', { ...(creates[0]!.requestBody as object), bogus: 1 })).not.toEqual([]);
  });

  it('every request validates against the spec (zero violations)', () => {
    const violations = exchanges.flatMap((e) =>
      validateRequest(e.method, e.path, e.requestBody, {
        api: e.api,
        query: e.query,
        ...(e.requestContentType ? { contentType: e.requestContentType } : {}),
      }),
    );
    expect(violations).toEqual([]);
  });

  it('every answer the provider read validates against the spec', () => {
    const violations = exchanges.flatMap((e) =>
      validateResponse(e.method, e.path, e.status, e.body, { api: e.api, contentType: e.contentType }),
    );
    expect(violations).toEqual([]);
  });

  it('the provider always sent the bearer key and never put it in a URL', () => {
    expect(exchanges.length).toBeGreaterThan(40);
    expect(
      exchanges.filter((e) => e.authorization !== `Bearer ${fake.apiKey}`).map((e) => `${e.method} ${e.path}`),
    ).toEqual([]);
    expect(
      exchanges.filter((e) => `${e.path}?${e.query}`.includes(fake.apiKey)).map((e) => `${e.method} ${e.path}`),
    ).toEqual([]);
  });
});
