import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProviderHttp, defineProvider } from '../src/provider/index.js';
import { rejection } from './atlas-helpers.js';

/** A fetch that records each request and answers `{}`. */
function recordingFetch() {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const http = createProviderHttp({
  provider: 'acme',
  defaultBaseUrl: 'https://api.acme.example/v1/',
  apiKeyEnv: ['ACME_API_KEY', 'ACME_TOKEN'],
  headers: (ctx) => (ctx.idempotencyKey === undefined ? undefined : { 'idempotency-key': ctx.idempotencyKey }),
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createProviderHttp', () => {
  it('resolves the key per call: the call, else the environment, read at call time', async () => {
    const { fetch, requests } = recordingFetch();
    vi.stubEnv('ACME_API_KEY', 'env-key-000000001');
    await http({ fetch }).request({ method: 'GET', path: 'instances' });
    await http({ fetch, apiKey: 'call-key-00000001' }).request({ method: 'GET', path: 'instances' });
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer env-key-000000001',
      'Bearer call-key-00000001',
    ]);
    expect(requests[0]?.url).toBe('https://api.acme.example/v1/instances');
  });

  it('falls back to the other environment variables in order', async () => {
    const { fetch, requests } = recordingFetch();
    vi.stubEnv('ACME_API_KEY', '');
    vi.stubEnv('ACME_TOKEN', 'fallback-key-00001');
    await http({ fetch }).request({ method: 'GET', path: 'instances' });
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer fallback-key-00001');
  });

  it('fails before any request when no key is found, naming the ways to set one', async () => {
    const { fetch } = recordingFetch();
    vi.stubEnv('ACME_API_KEY', '');
    vi.stubEnv('ACME_TOKEN', '');
    expect(() => http({ fetch })).toThrow(/ACME_API_KEY/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends the per-call headers and honours a base URL override', async () => {
    const { fetch, requests } = recordingFetch();
    await http({ fetch, apiKey: 'call-key-00000001', baseUrl: 'http://127.0.0.1:9/v1', idempotencyKey: 'k-1' }).request(
      {
        method: 'POST',
        path: 'instances',
        json: {},
      },
    );
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/v1/instances');
    expect(requests[0]?.headers.get('idempotency-key')).toBe('k-1');
  });

  it('takes a named base URL for a provider with several APIs', async () => {
    const runtime = createProviderHttp({
      provider: 'acme',
      defaultBaseUrl: 'https://run.acme.example/',
      baseUrlName: 'runtime',
      apiKeyEnv: 'ACME_API_KEY',
    });
    const { fetch, requests } = recordingFetch();
    await runtime({ fetch, apiKey: 'k-000000001', baseUrl: 'http://127.0.0.1:1/' }).request({
      method: 'GET',
      path: 'a',
    });
    await runtime({ fetch, apiKey: 'k-000000001', baseUrls: { runtime: 'http://127.0.0.1:2/' } }).request({
      method: 'GET',
      path: 'a',
    });
    expect(requests.map((r) => r.url)).toEqual(['https://run.acme.example/a', 'http://127.0.0.1:2/a']);
  });

  it('gets the settings key through defineProvider, and a missing key rejects as an AtlasError', async () => {
    const { fetch, requests } = recordingFetch();
    vi.stubEnv('ACME_API_KEY', '');
    vi.stubEnv('ACME_TOKEN', '');
    const make = (apiKey?: string) =>
      defineProvider({
        id: 'acme',
        capabilities: [],
        settings: { fetch, ...(apiKey === undefined ? {} : { apiKey }) },
        operations: {
          spawnCompute: async () => {
            throw new Error('not used');
          },
          getCompute: async (id, ctx) => {
            await http(ctx).request({ method: 'GET', path: `instances/${id}` });
            return { id, provider: 'acme', status: 'running', gpuCount: 1, ports: [], raw: {} };
          },
          listCompute: async () => [],
          terminate: async () => {},
        },
      });
    await make('settings-key-0001').getCompute('i-1');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer settings-key-0001');
    const error = await rejection(make().getCompute('i-1'));
    expect(error.kind).toBe('unauthorized');
    expect(requests).toHaveLength(1);
  });
});
