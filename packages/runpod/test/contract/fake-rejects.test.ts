import { describe, expect, it } from 'vitest';
import { H100, useFake } from './fake-http.js';
import { validateRequest } from './spec-validator.js';

const gpu = { id: H100, count: 1 };
const scaling = { type: 'QUEUE_DELAY', queueDelay: 4 };

/** Bodies per route, valid and invalid; the spec (through ajv) is the judge of which is which. */
const CORPUS: Record<string, unknown[]> = {
  '/v2/pods': [
    { name: 'ok', image: 'x', gpu },
    {
      name: 'ok',
      image: 'x',
      gpu,
      cloud: 'COMMUNITY',
      ports: ['8000/http'],
      env: { A: 'b' },
      disk: 20,
      dataCenterIds: ['US-KS-2'],
    },
    {
      name: 'ok',
      image: 'x',
      gpu: { ...gpu, allowedCudaVersions: ['12.8'], minCudaVersion: '12.4' },
      startSsh: true,
      startJupyter: false,
      globalNetworking: true,
    },
    {
      name: 'ok',
      image: 'x',
      gpu,
      mounts: { persistent: { size: 20, path: '/workspace' } },
      args: 'serve',
      registry: null,
    },
    { name: 'ok', image: 'x', cpu: { id: 'cpu3c', vcpuCount: 4 } },
    { name: 'ok', image: 'x', cpu: { id: 'cpu5m', vcpuCount: 8 }, cloud: 'SECURE', disk: 20, ports: ['8000/http'] },
    {},
    { name: '', image: 'x', gpu },
    { name: 'no-image', gpu },
    { name: 'bad', image: 'x', gpu, bogus: 1 },
    { name: 'bad', image: 'x', gpu: { count: 1 } },
    { name: 'bad', image: 'x', gpu: { ...gpu, count: 0 } },
    { name: 'bad', image: 'x', gpu: { ...gpu, count: 1.5 } },
    { name: 'bad', image: 'x', gpu: { ...gpu, extra: true } },
    { name: 'bad', image: 'x', gpu: { ...gpu, minCudaVersion: '12' } },
    { name: 'bad', image: 'x', gpu, cloud: 'ALL' },
    { name: 'bad', image: 'x', gpu, ports: '8000/http' },
    { name: 'bad', image: 'x', gpu, env: { A: 1 } },
    { name: 'bad', image: 'x', gpu, env: ['A=b'] },
    { name: 'bad', image: 'x', gpu, disk: 0 },
    { name: 'bad', image: 'x', gpu, mounts: { persistent: { size: 5, path: '/w' } } },
    { name: 'bad', image: 'x', gpu, mounts: { persistent: { size: 20 } } },
    {
      name: 'bad',
      image: 'x',
      gpu,
      mounts: {
        network: [
          { volumeId: 'a', path: '/a' },
          { volumeId: 'b', path: '/b' },
        ],
      },
    },
    { name: 'bad', image: 'x', gpu, mounts: { other: {} } },
    { name: 'bad', image: 'x', cpu: { id: 'cpu3c', vcpuCount: 1 } },
    { name: 'bad', image: 'x', cpu: { id: 'cpu3c' } },
    { name: 'bad', image: 'x', cpu: { id: '', vcpuCount: 4 } },
    { name: 'bad', image: 'x', cpu: { id: 'cpu3c', vcpuCount: 4, memory: 16 } },
    { name: 'bad', image: 'x', cpu: { id: 'cpu3c', vcpuCount: '4' } },
    { name: 'bad', image: 'x', gpu, startSsh: 'yes' },
    { name: 'bad', image: 'x', gpu, dataCenterIds: 'US-KS-2' },
    { name: 7, image: 'x', gpu },
    42,
    null,
    [],
  ],
  '/v2/templates': [
    { name: 't', image: 'x' },
    {
      name: 't',
      image: 'x',
      category: 'AMD',
      public: false,
      serverless: true,
      allowedCudaVersions: ['12.8'],
      mounts: { persistent: { size: 10, path: '/w' } },
    },
    { name: 't' },
    { image: 'x' },
    { name: 't', image: 'x', category: 'TPU' },
    { name: 't', image: 'x', mounts: { network: [] } },
    { name: 't', image: 'x', allowedCudaVersions: ['twelve'] },
  ],
  '/v2/network-volumes': [
    { name: 'v', size: 10, dataCenter: 'US-KS-2' },
    { name: 'v', size: 4096, dataCenter: 'US-KS-2', type: 'HIGH_PERFORMANCE' },
    { name: 'v', size: 9, dataCenter: 'US-KS-2' },
    { name: 'v', size: 4097, dataCenter: 'US-KS-2' },
    { name: 'v', dataCenter: 'US-KS-2' },
    { name: 'v', size: 10, dataCenter: 'US-KS-2', type: 'SLOW' },
    { name: 'v', size: 10, dataCenter: 'US-KS-2', extra: 1 },
  ],
  '/v2/serverless': [
    { name: 'e', type: 'QUEUE', image: 'x', scaling },
    {
      name: 'e',
      type: 'QUEUE',
      image: 'x',
      scaling,
      workers: { min: 0, max: 3, idleTimeout: 5 },
      flashboot: 'FLASHBOOT',
      timeout: 1000,
    },
    { name: 'e', type: 'LOAD_BALANCER', image: 'x', scaling: { type: 'REQUEST_COUNT', requestCount: 2 } },
    { name: 'e', type: 'QUEUE', image: 'x', scaling, gpu: { pools: ['ADA_24'], count: 1 } },
    { name: 'e', type: 'LOAD_BALANCER', image: 'x', scaling },
    { name: 'e', type: 'QUEUE', scaling },
    { name: 'e', type: 'QUEUE', image: 'x' },
    { name: 'e', image: 'x', scaling },
    { name: 'e', type: 'QUEUE', image: 'x', scaling: { type: 'QUEUE_DELAY', queueDelay: 0.1 } },
    { name: 'e', type: 'QUEUE', image: 'x', scaling: { type: 'OTHER' } },
    { name: 'e', type: 'QUEUE', image: 'x', scaling, workers: { idleTimeout: 0 } },
    { name: 'e', type: 'QUEUE', image: 'x', scaling, gpu: { pools: [] } },
    { name: 'e', type: 'QUEUE', image: 'x', scaling, gpu: { count: 1 } },
    { name: 'e', type: 'QUEUE', image: 'x', scaling, flashboot: 'ON' },
    { name: 'e', type: 'QUEUE', image: 'x', scaling, bogus: true },
  ],
};

const UPDATES: unknown[] = [
  { name: 'n' },
  {
    image: 'x',
    env: { A: 'b' },
    ports: ['22/tcp'],
    locked: true,
    globalNetworking: false,
    registry: null,
    templateId: '',
  },
  { mounts: { persistent: { size: 20, path: '/w' } } },
  { name: '' },
  { cloud: 'SECURE' },
  { gpu: { id: 'x' } },
  { env: { A: 2 } },
  { mounts: { persistent: { size: 1, path: '/w' } } },
];

const ACTIONS: unknown[] = [
  { action: 'stop' },
  { action: 'terminate' },
  { action: 'pause' },
  {},
  { action: 'stop', force: true },
  { action: 1 },
];

const RUNTIME: unknown[] = [
  { input: { prompt: 'x' } },
  { input: null },
  {
    input: 'text',
    webhook: 'https://example.com/h',
    policy: { executionTimeout: 5000, lowPriority: true, ttl: 10_000 },
  },
  { input: {}, s3Config: { accessId: 'a', accessSecret: 'b', bucketName: 'c', endpointUrl: 'https://s3' } },
  { input: {}, extra: 'allowed: the runtime schema is open' },
  {},
  { webhook: 'https://example.com' },
  { input: {}, policy: { executionTimeout: 10 } },
  { input: {}, policy: { ttl: 700_000_000 } },
  { input: {}, policy: { lowPriority: 'no' } },
  { input: {}, s3Config: { accessId: 'a' } },
  { input: {}, webhook: 42 },
];

describe('contract: the fake rejects exactly the bodies the spec rejects', () => {
  const t = useFake();

  for (const [path, bodies] of Object.entries(CORPUS)) {
    it(`POST ${path}: 422 iff the spec says invalid`, async () => {
      let invalid = 0;
      const disagreements: string[] = [];
      for (const body of bodies) {
        const violations = validateRequest('POST', path, body);
        if (violations.length > 0) invalid += 1;
        const res = await t.api('POST', path, body);
        if ((res.status === 422) !== violations.length > 0) {
          disagreements.push(
            `${JSON.stringify(body)}: fake ${res.status}, spec ${violations.length === 0 ? 'valid' : violations.join('; ')}`,
          );
        }
        if (res.status === 422) expect((res.body as { errors: string[] }).errors.length).toBeGreaterThan(0);
      }
      expect(disagreements).toEqual([]);
      expect(invalid).toBeGreaterThan(0);
      expect(invalid).toBeLessThan(bodies.length);
    });
  }

  /** Sends each body; returns those where the fake's verdict (rejectStatus or not) differs from the spec's. */
  async function disagreements(
    bodies: unknown[],
    send: (body: unknown) => Promise<{ status: number; specInvalid: boolean }>,
    rejectStatus: number,
  ) {
    const out: string[] = [];
    for (const body of bodies) {
      const { status, specInvalid } = await send(body);
      if ((status === rejectStatus) !== specInvalid)
        out.push(`${JSON.stringify(body)}: fake ${status}, spec ${specInvalid ? 'invalid' : 'valid'}`);
    }
    return out;
  }

  it('PATCH /v2/pods/{id}: 422 iff the spec says invalid', async () => {
    const pod = (await t.api('POST', '/v2/pods', { name: 'a', image: 'x', gpu })).body as { id: string };
    const path = `/v2/pods/${pod.id}`;
    const send = async (body: unknown) => ({
      status: (await t.api('PATCH', path, body)).status,
      specInvalid: validateRequest('PATCH', path, body).length > 0,
    });
    expect(await disagreements(UPDATES, send, 422)).toEqual([]);
  });

  it('POST /v2/pods/{id}/action: 422 iff the spec says invalid', async () => {
    const send = async (body: unknown) => {
      const pod = (await t.api('POST', '/v2/pods', { name: 'a', image: 'x', gpu })).body as { id: string };
      const path = `/v2/pods/${pod.id}/action`;
      return {
        status: (await t.api('POST', path, body)).status,
        specInvalid: validateRequest('POST', path, body).length > 0,
      };
    };
    expect(await disagreements(ACTIONS, send, 422)).toEqual([]);
  });

  it('runtime /run: 400 iff the runtime spec says invalid', async () => {
    const path = '/v2/atlas-conformance/run';
    const send = async (body: unknown) => ({
      status: (await t.rt('POST', path, body)).status,
      specInvalid: validateRequest('POST', path, body, { api: 'runtime' }).length > 0,
    });
    expect(await disagreements(RUNTIME, send, 400)).toEqual([]);
  });
});
