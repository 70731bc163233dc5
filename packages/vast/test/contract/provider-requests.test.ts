import { type Exchange, recordingFetch } from '@atlas/test-kit';
import nock from 'nock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createVast } from '../../src/index.js';
import { startVastFake } from '../../src/testing/index.js';
import { validateRequest, validateResponse } from './spec-validator.js';

nock.enableNetConnect('127.0.0.1');

const fake = await startVastFake({ provisioningMs: 1, pageSize: 2 });
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function recorded(settings: Parameters<typeof createVast>[0] = {}) {
  const exchanges: Exchange[] = [];
  const provider = createVast({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    minIntervalMs: 0,
    retry: { limit: 0 },
    fetch: recordingFetch(exchanges),
    ...settings,
  });
  return { provider, exchanges };
}

function violations(exchanges: readonly Exchange[]): string[] {
  return exchanges.flatMap((e) => [
    ...validateRequest(e.method, e.path, e.query, e.requestBody),
    ...validateResponse(e.method, e.path, e.status, e.body, e.contentType),
  ]);
}

async function settle(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

describe('every request the provider sends, and every answer of the fake, validates against openapi.yaml', () => {
  it('the whole lifecycle and the extras', async () => {
    const { provider, exchanges } = recorded();
    const compute = await provider.spawnCompute({
      gpu: 'rtx_4090',
      image: 'vastai/pytorch:2.4',
      name: 'contract',
      env: { A: 'b' },
      ports: [{ port: 8000 }, { port: 22, protocol: 'tcp' }],
      regionHints: ['US', 'DE'],
      providerOptions: {
        maxPricePerHour: 5,
        minReliability: 0.9,
        onstart: 'echo hi',
        runtype: 'ssh_direct',
        ask: { use_jupyter_lab: true, python_utf8: true },
      },
      auth: 'bearer',
    });
    await provider.spawnCompute({ gpu: 'a100_80g', image: 'x', spot: true, gpuCount: 2, cloudType: 'secure' });
    await provider.spawnCompute({ gpu: 'rtx_3090', image: 'x', name: 'third' }, { idempotencyKey: 'k-1' });
    await provider.getCompute(compute.id);
    await provider.listCompute({ namePrefix: 'con' });
    await provider.stop(compute.id);
    await provider.start(compute.id);
    await provider.reboot(compute.id);
    await provider.label(compute.id, 'renamed');
    await provider.ssh(compute.id);
    await provider.attachSshKey(compute.id, 'ssh-ed25519 AAAAC3Nza test@atlas');
    const key = await provider.sshKeys.add('ssh-ed25519 AAAAC3Nza test@atlas');
    await provider.sshKeys.list();
    await provider.sshKeys.remove(String(key.id));
    await provider.listGpuTypes();
    await provider.searchOffers({ gpu_name: { in: ['RTX 4090'] }, num_gpus: { gte: 1 }, limit: 5 });
    await provider.terminate(compute.id);
    await provider.billing.charges({ from: Date.now() - 3_600_000, to: Date.now() + 1, type: ['instance', 'volume'] });
    await provider.billing.totalUsd({ from: Date.now() - 3_600_000, to: Date.now() + 1, instanceId: compute.id });
    expect(exchanges.length).toBeGreaterThan(15);
    expect(violations(exchanges)).toEqual([]);
  });

  it('error answers: a vanished ask (404, 410), unknown ids, a bad key, a bad query', async () => {
    const { provider, exchanges } = recorded();
    const before = fake.market.list();
    const made = await provider.spawnCompute({ gpu: 'rtx_4090', image: 'x' });
    const after = new Set(fake.market.list().map((o) => o.id));
    const [cheapest] = before.filter((o) => !after.has(o.id));
    expect(cheapest, 'the rented ask left the market').toBeDefined();
    // The rented ask answers 410; an ask that never existed answers 404.
    const rawExchanges: Exchange[] = [];
    await fetchAsk(rawExchanges, cheapest!.id);
    await fetchAsk(rawExchanges, 1);
    await settle(provider.getCompute('123456'));
    await settle(provider.stop('123456'));
    await settle(provider.terminate('123456'));
    await settle(recorded({ apiKey: 'wrong' }).provider.getCompute(made.id));
    await recordingFetch(rawExchanges)(`${fake.url}/api/v0/bundles/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ gpu_name: { eq: 'RTX 4090' }, num_gpus: { about: 2 } }),
    });
    const all = [...exchanges, ...rawExchanges];
    expect(all.map((e) => e.status)).toEqual(expect.arrayContaining([404, 410, 400]));
    expect(violations(all)).toEqual([]);
  });

  it('rate-limit answers in their three shapes', async () => {
    const limited = await startVastFake({ minIntervalMs: 60_000 });
    try {
      const exchanges: Exchange[] = [];
      const provider = createVast({
        apiKey: limited.apiKey,
        baseUrl: limited.url,
        minIntervalMs: 0,
        retry: { limit: 0 },
        fetch: recordingFetch(exchanges),
      });
      const made = await provider.spawnCompute({ gpu: 'rtx_4090', image: 'x' }).catch(() => undefined);
      expect(made, 'the first calls of each endpoint pass').toBeDefined();
      await settle(provider.spawnCompute({ gpu: 'rtx_4090', image: 'x' }));
      await settle(provider.listCompute());
      await settle(provider.listCompute());
      await settle(provider.terminate(made!.id));
      await settle(provider.terminate(made!.id));
      expect(exchanges.filter((e) => e.status === 429).length).toBeGreaterThanOrEqual(3);
      expect(violations(exchanges)).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});

/** Accepts an ask directly, for the error shapes the provider's failover hides. */
async function fetchAsk(exchanges: Exchange[], askId: number): Promise<void> {
  await recordingFetch(exchanges)(`${fake.url}/api/v0/asks/${askId}/`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ image: 'x' }),
  });
}

describe('the validator catches what breaks the spec', () => {
  it('a wrong body, an undeclared query parameter, a path the spec lacks, an undeclared status', () => {
    expect(validateRequest('PUT', '/api/v0/asks/1/', new URLSearchParams(), { image: 1 })).not.toEqual([]);
    expect(validateRequest('PUT', '/api/v0/asks/1/', new URLSearchParams(), { image: 'x', env: 5 })).not.toEqual([]);
    expect(validateRequest('GET', '/api/v0/instances/1/', new URLSearchParams({ owner: 'me' }), undefined)).not.toEqual(
      [],
    );
    expect(validateRequest('GET', '/api/v1/instances/', new URLSearchParams({ limit: '50' }), undefined)).not.toEqual(
      [],
    );
    expect(validateRequest('DELETE', '/api/v0/instances/1/', new URLSearchParams(), {})).not.toEqual([]);
    // Charges: select_filters is required, limit is at least 1.
    expect(validateRequest('GET', '/api/v0/charges/', new URLSearchParams({ limit: '500' }), undefined)).toEqual([
      "GET /api/v0/charges: required query parameter 'select_filters' is missing",
    ]);
    expect(
      validateRequest('GET', '/api/v0/charges/', new URLSearchParams({ select_filters: '{}', limit: '0' }), undefined),
    ).not.toEqual([]);
    expect(validateRequest('GET', '/api/v0/nowhere/', new URLSearchParams(), undefined)).not.toEqual([]);
    expect(validateResponse('GET', '/api/v0/instances/1/', 418, {}, 'application/json')).not.toEqual([]);
    expect(
      validateResponse('GET', '/api/v0/instances/1/', 200, { instances: { id: 'x' } }, 'application/json'),
    ).not.toEqual([]);
  });
});
