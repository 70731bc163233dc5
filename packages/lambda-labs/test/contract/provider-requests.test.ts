import { type CallContext, isAtlasError } from '@atlas/core';
import { type Exchange, recordingFetch } from '@atlas/test-kit';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaLabs, type LambdaLabsProvider } from '../../src/index.js';
import { type LambdaFake, startLambdaFake } from '../../src/testing/index.js';
import { validateRequest, validateResponse } from './spec-validator.js';

// Other files in this worker may have turned the network off for nock; the fake is on loopback.
nock.enableNetConnect('127.0.0.1');

/** Every spec operation the provider uses; each must show up among the recorded exchanges. */
const USED_OPERATIONS = [
  'GET /api/v1/instance-types',
  'GET /api/v1/instances',
  'GET /api/v1/instances/{id}',
  'POST /api/v1/instance-operations/launch',
  'POST /api/v1/instance-operations/terminate',
  'POST /api/v1/instance-operations/restart',
  'GET /api/v1/ssh-keys',
  'POST /api/v1/ssh-keys',
  'DELETE /api/v1/ssh-keys/{id}',
  'GET /api/v1/file-systems',
  'POST /api/v1/filesystems',
  'DELETE /api/v1/filesystems/{id}',
  'GET /api/v1/images',
  'GET /api/v1/firewall-rulesets',
  'POST /api/v1/firewall-rulesets',
  'DELETE /api/v1/firewall-rulesets/{id}',
];

/**
 * Runs every provider operation against the fake through a recording fetch (CallContext.fetch),
 * the error paths included, then validates each request the provider sent and each answer the
 * fake gave against Lambda's official openapi-1.8.3.json.
 */
describe('contract: every request the provider sends and every answer the fake gives match openapi-1.8.3.json', () => {
  let fake: LambdaFake;
  let provider: LambdaLabsProvider;
  const exchanges: Exchange[] = [];
  const failures: string[] = [];

  beforeAll(async () => {
    fake = await startLambdaFake({ bootMs: 0, terminateMs: 0 });
    provider = createLambdaLabs({ baseUrl: fake.url, launchIntervalMs: 0, retry: { limit: 0 } });
    const ctx: CallContext = { apiKey: fake.apiKey, fetch: recordingFetch(exchanges) };
    const settle = async (p: Promise<unknown>, label: string) => {
      try {
        await p;
      } catch (error) {
        if (!isAtlasError(error)) throw error;
        failures.push(`${label}: ${error.kind}`);
      }
    };

    await provider.listGpuTypes(ctx);
    await provider.images(ctx);
    const fs = await provider.fileSystems.create({ name: 'atlas-contract', region: 'us-south-2' }, ctx);
    await provider.fileSystems.list(ctx);
    const key = await provider.sshKeys.add({ name: 'contract-key' }, ctx);
    await provider.sshKeys.list(ctx);

    // Every spawn field Lambda can carry: ports (firewall), env and bearer (user_data), a filesystem, hints, options.
    const full = await provider.spawnCompute(
      {
        gpu: 'h100',
        image: 'ghcr.io/me/infer:1',
        name: 'atlas-app-s1',
        regionHints: ['us-south-2'],
        ports: [
          { port: 8000, protocol: 'http' },
          { port: 2222, protocol: 'tcp' },
        ],
        env: { MODEL: 'llama' },
        auth: 'bearer',
        networkVolumeId: fs.id,
        providerOptions: { hostname: 'atlas-contract', image: { family: 'lambda-stack-24-04' } },
      },
      ctx,
    );
    const plain = await provider.spawnCompute(
      { gpu: 'a10', image: 'ghcr.io/me/infer:1' },
      { ...ctx, idempotencyKey: 'contract-key-1' },
    );
    await provider.listCpuTypes(ctx);
    const cpu = await provider.spawnCompute({ cpu: { vcpus: 2 }, image: 'ghcr.io/me/worker:1' }, ctx);
    await provider.getCompute(full.id, ctx);
    await provider.listCompute({ namePrefix: 'atlas-' }, ctx);
    await provider.restart(full.id, ctx);

    // Error paths: each answer must still be one the spec declares.
    await settle(provider.getCompute('0000000000000000000000000000dead', ctx), 'get unknown');
    await settle(provider.terminate('0000000000000000000000000000dead', ctx), 'terminate unknown');
    // Listed but gone by the time the launch lands: Lambda's 400 insufficient-capacity.
    fake.setCapacity('gpu_1x_a10', [], { listed: ['us-east-1'] });
    await settle(provider.spawnCompute({ gpu: 'a10', image: 'x' }, ctx), 'spawn without capacity');
    await settle(provider.listCompute({}, { ...ctx, apiKey: 'secret_wrong' }), 'bad key');
    await settle(provider.fileSystems.delete(fs.id, ctx), 'delete a mounted filesystem');

    await provider.terminate(full.id, ctx);
    await provider.terminate(plain.id, ctx);
    await provider.terminate(cpu.id, ctx);
    await provider.fileSystems.delete(fs.id, ctx);
    await provider.sshKeys.delete(key.id, ctx);
  }, 30_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('the error paths failed as expected (and nothing else did)', () => {
    expect(failures).toEqual([
      'get unknown: not_found',
      'terminate unknown: not_found',
      'spawn without capacity: capacity',
      'bad key: unauthorized',
      'delete a mounted filesystem: conflict',
    ]);
  });

  it('every request validates against the spec', () => {
    const violations = exchanges.flatMap((e) => validateRequest(e.method, e.path, e.query, e.requestBody));
    expect(violations).toEqual([]);
  });

  it('every answer of the fake validates against the spec', () => {
    const violations = exchanges.flatMap((e) => validateResponse(e.method, e.path, e.status, e.body));
    expect(violations).toEqual([]);
  });

  it('the run covers every operation the provider uses', () => {
    const seen = new Set(
      exchanges.map(
        (e) => `${e.method} ${e.path.replace(/\/[0-9a-f]{32}$/, '/{id}').replace(/\/contract[^/]*$/, '/{id}')}`,
      ),
    );
    expect(USED_OPERATIONS.filter((op) => !seen.has(op))).toEqual([]);
  });
});
