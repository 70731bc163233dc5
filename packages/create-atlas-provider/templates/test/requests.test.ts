import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { create__PROVIDER_NAME__ } from '../src/index.js';

// The exact shape of one request, checked with nock: method, path, headers and body, and how an
// error answer becomes an AtlasError. TODO: when spawnCompute calls your real endpoint, make this
// test expect what your cloud's API reference says, and add one such test per endpoint you call.

const BASE = 'https://api.test.example';
const KEY = 'test_key_0123456789abcdef';

// retry.limit 0: each nock interceptor answers exactly one request.
const provider = () => create__PROVIDER_NAME__({ apiKey: KEY, baseUrl: `${BASE}/v1/`, retry: { limit: 0 } });

const instance = {
  id: 'inst_1',
  name: 'demo',
  state: 'pending',
  gpu_type: '__PROVIDER_ID__-h100-80g',
  gpu_count: 1,
  image: 'ghcr.io/example/echo:1',
  ip: null,
  ports: [{ port: 8000, protocol: 'http' }],
  hourly_price: 2.49,
  region: 'us-east',
  created_at: '2026-11-27T10:00:00.000Z',
};

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, 'nock interceptors not used').toEqual([]);
});

describe('spawnCompute: POST /v1/instances', () => {
  it('sends the key as a bearer header and the translated body', async () => {
    const seen: { body?: unknown; headers?: Headers } = {};
    nock(BASE)
      .post('/v1/instances')
      .reply(async (req: Request) => {
        seen.body = await req.json();
        seen.headers = req.headers;
        return [201, instance];
      });

    const compute = await provider().spawnCompute({
      gpu: 'h100',
      image: 'ghcr.io/example/echo:1',
      name: 'demo',
      ports: [{ port: 8000, protocol: 'http' }],
      env: { MODEL: 'small' },
    });

    expect(seen.headers?.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(seen.body).toEqual({
      name: 'demo',
      gpu_type: '__PROVIDER_ID__-h100-80g',
      gpu_count: 1,
      image: 'ghcr.io/example/echo:1',
      ports: [{ port: 8000, protocol: 'http' }],
      // The per-attempt marker that settles an ambiguous create (see spawnCompute).
      env: { MODEL: 'small', ATLAS_CREATE_MARKER: expect.stringMatching(/^[0-9a-f]{16}$/) },
    });
    expect(compute).toMatchObject({ id: 'inst_1', provider: '__PROVIDER_ID__', status: 'provisioning' });
  });

  it('turns a 401 into an AtlasError of kind unauthorized that never shows the key', async () => {
    nock(BASE)
      .post('/v1/instances')
      .reply(401, { error: { code: 'unauthorized', message: 'Invalid API key.' } });

    const error = await provider()
      .spawnCompute({ gpu: 'h100', image: 'ghcr.io/example/echo:1' })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'unauthorized', provider: '__PROVIDER_ID__', status: 401 });
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it('never sends a create again after a 500: it looks for its marker, then fails closed', async () => {
    let posts = 0;
    nock(BASE)
      .post('/v1/instances')
      .reply(() => {
        posts += 1;
        return [500, { error: { code: 'internal', message: 'Internal error.' } }];
      });
    nock(BASE).get('/v1/instances').reply(200, { instances: [] });

    const error = await provider()
      .spawnCompute({ gpu: 'h100', image: 'ghcr.io/example/echo:1', name: 'demo' })
      .catch((e: unknown) => e);

    expect(posts).toBe(1);
    expect(error).toMatchObject({
      provider: '__PROVIDER_ID__',
      retryable: false,
      details: { possiblyCreated: true, lookFor: { name: 'demo' } },
    });
  });
});
