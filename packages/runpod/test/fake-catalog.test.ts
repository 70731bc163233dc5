import { describe, expect, it } from 'vitest';
import { FAKE_GPU_TYPES } from '../src/testing/index.js';
import { H100, podBody, useFake } from './contract/fake-http.js';

type Gpu = {
  id: string;
  price: { secure: number; community: number };
  availability?: string;
  dataCenters?: Array<{ id: string; availability: string }>;
};

describe('RunPod fake: catalog, templates, network volumes', () => {
  const t = useFake();

  const gpus = async (query = '') => ((await t.api('GET', `/v2/catalog/gpus${query}`)).body as { gpus: Gpu[] }).gpus;

  it('lists GPU types with native ids and secure/community prices, stock only when asked', async () => {
    const plain = await gpus();
    expect(plain.map((g) => g.id)).toEqual(FAKE_GPU_TYPES.map((t) => t.id));
    const h100 = plain.find((g) => g.id === H100)!;
    expect(h100.price).toMatchObject({ secure: 2.69, community: 2.39 });
    expect(h100.availability).toBeUndefined();
    const withStock = (await gpus('?include=AVAILABILITY&product=POD')).find((g) => g.id === H100)!;
    expect(withStock.availability).toBe('HIGH');
    expect(withStock.dataCenters).toContainEqual({ id: 'US-KS-2', name: 'US Kansas 2', availability: 'HIGH' });
  });

  it('reflects setStock in the catalog and in data center availability', async () => {
    t.fake.catalog.setStock(H100, 'NONE');
    expect((await gpus('?include=AVAILABILITY')).find((g) => g.id === H100)!.availability).toBe('NONE');
    t.fake.catalog.setStock(H100, 'LOW', 'EU-RO-1');
    expect((await gpus('?include=AVAILABILITY')).find((g) => g.id === H100)!.availability).toBe('LOW');
    const dc = (await t.api('GET', '/v2/catalog/datacenters/EU-RO-1?include=GPU_AVAILABILITY')).body as {
      gpuAvailability: Array<{ id: string; availability: string }>;
    };
    expect(dc.gpuAvailability).toContainEqual({ id: H100, name: 'H100 SXM', availability: 'LOW' });
    expect(() => t.fake.catalog.setStock('NVIDIA Imaginary', 'LOW')).toThrow(/unknown GPU type/);
  });

  it('filters community GPUs and data centers by region', async () => {
    const community = await gpus('?cloud=COMMUNITY');
    expect(community.every((g) => g.price.community > 0)).toBe(true);
    expect(community.length).toBeLessThan(FAKE_GPU_TYPES.length);
    const europe = (await t.api('GET', '/v2/catalog/datacenters?regions=EUROPE')).body as {
      dataCenters: Array<{ region: string }>;
    };
    expect(europe.dataCenters.length).toBeGreaterThan(0);
    expect(europe.dataCenters.every((d) => d.region === 'EUROPE')).toBe(true);
    expect((await t.api('GET', '/v2/catalog/datacenters/NOPE-1')).status).toBe(404);
  });

  it('a template supplies defaults that the create body overrides', async () => {
    const template = (
      await t.api('POST', '/v2/templates', {
        name: 't',
        image: 'acme/base:1',
        ports: ['8888/http'],
        env: { A: '1', B: '1' },
      })
    ).body as { id: string };
    const res = await t.api('POST', '/v2/pods', {
      name: 'p',
      templateId: template.id,
      gpu: { id: H100 },
      env: { B: '2' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      image: 'acme/base:1',
      ports: ['8888/http'],
      env: { A: '1', B: '2' },
      template: template.id,
    });
    expect((await t.api('POST', '/v2/pods', { name: 'p', templateId: 'missing', gpu: { id: H100 } })).status).toBe(404);
  });

  it('a network volume pins the pod to its data center', async () => {
    const volume = (await t.api('POST', '/v2/network-volumes', { name: 'v', size: 20, dataCenter: 'EU-RO-1' }))
      .body as { id: string; type: string };
    expect(volume.type).toBe('STANDARD');
    t.fake.catalog.setStock(H100, 'HIGH', 'EU-RO-1');
    const res = await t.api(
      'POST',
      '/v2/pods',
      podBody({ mounts: { network: [{ volumeId: volume.id, path: '/data' }] } }),
    );
    expect(res.status).toBe(201);
    expect((res.body as { dataCenterId: string }).dataCenterId).toBe('EU-RO-1');
    t.fake.catalog.setStock(H100, 'NONE', 'EU-RO-1');
    expect(
      (await t.api('POST', '/v2/pods', podBody({ mounts: { network: [{ volumeId: volume.id, path: '/data' }] } })))
        .status,
    ).toBe(400);
    expect(
      (await t.api('POST', '/v2/pods', podBody({ mounts: { network: [{ volumeId: 'missing', path: '/data' }] } })))
        .status,
    ).toBe(400);
    expect((await t.api('POST', '/v2/network-volumes', { name: 'v', size: 20, dataCenter: 'MARS-1' })).status).toBe(
      400,
    );
  });

  it('lists, gets and deletes templates, volumes and endpoints', async () => {
    for (const [path, body, listKey] of [
      ['/v2/templates', { name: 't', image: 'x' }, 'templates'],
      ['/v2/network-volumes', { name: 'v', size: 10, dataCenter: 'US-KS-2' }, 'networkVolumes'],
      [
        '/v2/serverless',
        { name: 'e', type: 'QUEUE', image: 'x', scaling: { type: 'QUEUE_DELAY', queueDelay: 1 } },
        'endpoints',
      ],
    ] as const) {
      const created = (await t.api('POST', path, body)).body as { id: string };
      expect((await t.api('GET', `${path}/${created.id}`)).body).toMatchObject({ id: created.id });
      const list = (await t.api('GET', path)).body as Record<string, Array<{ id: string }>>;
      expect(list[listKey]!.map((x) => x.id)).toContain(created.id);
      expect((await t.api('DELETE', `${path}/${created.id}`)).status).toBe(204);
      expect((await t.api('GET', `${path}/${created.id}`)).status).toBe(404);
    }
  });

  it('seeds the configured serverless endpoints and updates one with PATCH', async () => {
    expect(t.fake.endpoints.ids()).toEqual(['atlas-conformance']);
    const res = await t.api('PATCH', '/v2/serverless/atlas-conformance', { workers: { max: 5 } });
    expect(res.body).toMatchObject({ id: 'atlas-conformance', workers: { min: 0, max: 5, idleTimeout: 10 } });
  });
});
