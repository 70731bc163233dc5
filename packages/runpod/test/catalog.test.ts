import { isKnownGpuId } from '@atlas/core';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { RUNPOD_GPU_MAP } from '../src/index.js';
import { provider, REST, useNock } from './helpers.js';

useNock();

const gpu = (overrides: Record<string, unknown>) => ({
  id: 'NVIDIA GeForce RTX 4090',
  name: 'RTX 4090',
  pool: 'ADA_24',
  manufacturer: 'NVIDIA',
  memory: 24,
  secure: true,
  community: true,
  price: { secure: 0.69, community: 0.34, serverless: 1.1 },
  maxCount: { secure: 8, community: 4 },
  availability: 'HIGH',
  ...overrides,
});

describe('listGpuTypes: GET /v2/catalog/gpus?include=AVAILABILITY&product=POD', () => {
  it('maps each entry to its canonical id, prices per cloud, stock and observedAt', async () => {
    const gpus = [
      gpu({}),
      gpu({
        id: 'NVIDIA H100 80GB HBM3',
        name: 'H100 SXM',
        memory: 80,
        community: false,
        price: { secure: 2.69, community: 0 },
        availability: 'LOW',
      }),
      gpu({ id: 'NVIDIA A40', name: 'A40', memory: 48, availability: 'NONE' }),
    ];
    nock(REST)
      .get('/v2/catalog/gpus')
      .query({ include: 'AVAILABILITY', product: 'POD', cloud: 'SECURE' })
      .reply(200, { gpus })
      .get('/v2/catalog/gpus')
      .query({ include: 'AVAILABILITY', product: 'POD', cloud: 'COMMUNITY' })
      .reply(200, { gpus });
    const before = Date.now();
    const types = await provider().listGpuTypes();
    expect(types.map((t) => [t.id, t.canonical, t.stock])).toEqual([
      ['NVIDIA GeForce RTX 4090', 'rtx_4090', 'high'],
      ['NVIDIA H100 80GB HBM3', 'h100_sxm', 'low'],
      ['NVIDIA A40', undefined, 'none'],
    ]);
    expect(types[0]).toMatchObject({
      provider: 'runpod',
      displayName: 'RTX 4090',
      memoryGb: 24,
      pricePerHour: { secure: 0.69, community: 0.34 },
    });
    expect(types[1]?.pricePerHour).toEqual({ secure: 2.69 });
    expect(Date.parse(types[0]?.observedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(types[0]?.raw).toMatchObject({ pool: 'ADA_24' });
  });
});

describe('listGpuTypes: stock per cloud type (the API reports one cloud per request, SECURE by default)', () => {
  it('asks for secure and community stock and reports both; stock is the best of them', async () => {
    nock(REST)
      .get('/v2/catalog/gpus')
      .query({ include: 'AVAILABILITY', product: 'POD', cloud: 'SECURE' })
      .reply(200, {
        gpus: [
          gpu({ availability: 'NONE' }),
          gpu({ id: 'NVIDIA H100 80GB HBM3', community: false, availability: 'LOW' }),
        ],
      })
      .get('/v2/catalog/gpus')
      .query({ include: 'AVAILABILITY', product: 'POD', cloud: 'COMMUNITY' })
      // A type the community cloud does not offer may be missing from its answer.
      .reply(200, {
        gpus: [gpu({ availability: 'HIGH' }), gpu({ id: 'NVIDIA A40', name: 'A40', availability: 'MEDIUM' })],
      });
    const types = await provider().listGpuTypes();
    expect(types.map((t) => [t.id, t.stock, t.stockByCloud])).toEqual([
      ['NVIDIA GeForce RTX 4090', 'high', { secure: 'none', community: 'high' }],
      ['NVIDIA H100 80GB HBM3', 'low', { secure: 'low', community: 'none' }],
      ['NVIDIA A40', 'medium', { community: 'medium' }],
    ]);
  });
});

describe('the gpu map', () => {
  it('maps known canonical ids only, each to native ids RunPod lists', () => {
    for (const [canonical, natives] of Object.entries(RUNPOD_GPU_MAP)) {
      expect(isKnownGpuId(canonical), canonical).toBe(true);
      expect([natives].flat().length).toBeGreaterThan(0);
    }
  });

  it('covers the canonical GPUs RunPod offers', () => {
    const covered = Object.keys(RUNPOD_GPU_MAP).sort();
    expect(covered).toEqual(
      [
        'a100_80g',
        'a4000',
        'a5000',
        'a6000',
        'b200',
        'h100',
        'h100_pcie',
        'h100_sxm',
        'h200',
        'l4',
        'l40',
        'l40s',
        'mi300x',
        'rtx_3090',
        'rtx_4090',
        'rtx_5090',
        'rtx_6000_ada',
      ].sort(),
    );
  });
});

describe('dataCenters: GET /v2/catalog/datacenters', () => {
  it('lists data centers, with GPU stock on request', async () => {
    const dc = {
      id: 'EU-RO-1',
      name: 'Romania',
      region: 'EUROPE',
      globalNetwork: true,
      networkVolumeTypes: ['STANDARD'],
      compliance: [],
    };
    nock(REST)
      .get('/v2/catalog/datacenters')
      .reply(200, { dataCenters: [dc] });
    expect((await provider().dataCenters()).map((d) => d.id)).toEqual(['EU-RO-1']);
    nock(REST)
      .get('/v2/catalog/datacenters')
      .query({ include: 'GPU_AVAILABILITY' })
      .reply(200, {
        dataCenters: [{ ...dc, gpuAvailability: [{ id: 'NVIDIA L4', name: 'L4', availability: 'LOW' }] }],
      });
    const [withStock] = await provider().dataCenters({ gpuAvailability: true });
    expect(withStock?.gpuAvailability?.[0]?.availability).toBe('LOW');
  });
});
