import { AtlasError, createAtlas, isAtlasError, spawnCompute, terminate } from '@atlas/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createAcme } from '../src/index.js';
import { startFakeAcme } from './fake-acme-server.js';

// How an application uses the provider; docs/writing-a-provider.md quotes these tests.

const server = await startFakeAcme();
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('using atlas-provider-acme', () => {
  it('works with the top-level functions, no registration needed', async () => {
    const acme = createAcme({ apiKey: server.apiKey, baseUrl: server.baseUrl });

    const compute = await spawnCompute({
      provider: acme,
      gpu: 'h100',
      image: 'ghcr.io/acme/echo:1',
      ports: [{ port: 8000, protocol: 'http' }],
      auth: 'bearer',
    });

    expect(compute.provider).toBe('acme');
    expect(compute.ports[0]?.url).toBe(`https://${compute.id}-8000.proxy.acme.example`);
    expect(compute.auth?.header).toMatch(/^Bearer /);
    await terminate(acme, compute.id);
  });

  it('registers under a name with createAtlas', async () => {
    const atlas = createAtlas({
      providers: { acme: createAcme({ apiKey: server.apiKey, baseUrl: server.baseUrl }) },
      defaultProvider: 'acme',
    });

    const compute = await atlas.spawnCompute({ gpu: 'l4', image: 'ghcr.io/acme/echo:1', name: 'demo' });
    const listed = await atlas.listCompute({ provider: 'acme', name: 'demo' });

    expect(listed.map((c) => c.id)).toEqual([compute.id]);
    await atlas.terminate(compute.id);
  });

  it('rejects a GPU Acme lacks before sending anything', async () => {
    const acme = createAcme({ apiKey: server.apiKey, baseUrl: server.baseUrl });

    await expect(spawnCompute({ provider: acme, gpu: 'mi300x', image: 'ghcr.io/acme/echo:1' })).rejects.toMatchObject({
      kind: 'unsupported',
      provider: 'acme',
    });
    expect(await server.faults.count?.('spawnCompute')).toBe(0);
  });
});

// A provider that brings its own HTTP client instead of core's still speaks Atlas errors:
// AtlasError.fromResponse reads the cloud's error body, a failed fetch becomes `transport`.
async function getInstanceWithFetch(baseUrl: string, apiKey: string, id: string): Promise<unknown> {
  const url = new URL(`instances/${encodeURIComponent(id)}`, baseUrl);
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  } catch (cause) {
    throw new AtlasError({ kind: 'transport', provider: 'acme', message: `acme: GET ${url.pathname} failed`, cause });
  }
  const body = await response.text();
  if (!response.ok) {
    throw AtlasError.fromResponse({
      status: response.status,
      body,
      headers: response.headers,
      provider: 'acme',
      operation: `GET ${url.pathname}`,
    });
  }
  return JSON.parse(body);
}

describe('error normalization with AtlasError.fromResponse', () => {
  it('turns a 404 body into not_found, with the message the cloud gave', async () => {
    const error = await getInstanceWithFetch(server.baseUrl, server.apiKey, 'inst_missing').catch((e: unknown) => e);
    expect(isAtlasError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'not_found', provider: 'acme', status: 404 });
    expect((error as AtlasError).message).toContain('Instance inst_missing does not exist.');
  });

  it('turns a bad key into unauthorized', async () => {
    const wrongKey = 'acme_wrong_key_0123456789abcdef';
    const error = await getInstanceWithFetch(server.baseUrl, wrongKey, 'inst_1').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized', provider: 'acme' });
  });
});
