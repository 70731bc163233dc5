import { bestLevel, FAKE_DATA_CENTERS, FAKE_GPU_TYPES, type FakeGpuType } from './catalog-data.js';
import type { FakeState } from './fake-state.js';
import { json, problem } from './http-io.js';
import type { Route } from './router.js';

/** `include=A,B` and repeated `include=A&include=B` both occur (style form, explode false). */
function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .filter((v) => v !== '');
}

function gpuView(state: FakeState, type: FakeGpuType, query: URLSearchParams): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: type.id,
    name: type.name,
    pool: type.pool,
    manufacturer: type.manufacturer,
    memory: type.memory,
    secure: true,
    community: type.community > 0,
    price: { secure: type.secure, community: type.community, serverless: type.serverless },
    maxCount: { ...type.maxCount },
  };
  if (listParam(query, 'include').includes('AVAILABILITY')) {
    const stock = state.stock.get(type.id) ?? new Map();
    const dataCenters = FAKE_DATA_CENTERS.filter((dc) => stock.has(dc.id)).map((dc) => ({
      id: dc.id,
      name: dc.name,
      availability: stock.get(dc.id)!,
    }));
    view.availability = bestLevel(dataCenters.map((dc) => dc.availability));
    view.dataCenters = dataCenters;
    view.cudaVersions = ['12.8', '12.6', '12.4', '11.8'].map((version) => ({ version, available: true }));
  }
  return view;
}

function dataCenterView(
  state: FakeState,
  dc: (typeof FAKE_DATA_CENTERS)[number],
  include: string[],
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: dc.id,
    name: dc.name,
    region: dc.region,
    globalNetwork: dc.globalNetwork,
    networkVolumeTypes: ['STANDARD', 'HIGH_PERFORMANCE'],
    compliance: [...dc.compliance],
  };
  if (include.includes('GPU_AVAILABILITY')) {
    view.gpuAvailability = FAKE_GPU_TYPES.flatMap((type) => {
      const level = state.stock.get(type.id)?.get(dc.id);
      return level ? [{ id: type.id, name: type.name, availability: level }] : [];
    });
  }
  if (include.includes('CPU_AVAILABILITY'))
    view.cpuAvailability = [{ id: 'cpu3c-2-4', name: 'Compute-Optimized', availability: 'MEDIUM' }];
  return view;
}

export function catalogRoutes(state: FakeState): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v2/catalog/gpus',
      handle: (ctx) => {
        const cloud = ctx.query.get('cloud');
        const types = FAKE_GPU_TYPES.filter((t) => cloud !== 'COMMUNITY' || t.community > 0);
        return json(200, { gpus: types.map((t) => gpuView(state, t, ctx.query)) });
      },
    },
    {
      method: 'GET',
      pattern: '/v2/catalog/gpus/{id}',
      handle: (ctx) => {
        const type = FAKE_GPU_TYPES.find((t) => t.id === ctx.params.id);
        return type
          ? json(200, gpuView(state, type, ctx.query))
          : problem(404, 'GPU type not found', { instance: ctx.path });
      },
    },
    {
      method: 'GET',
      pattern: '/v2/catalog/datacenters',
      handle: (ctx) => {
        const regions = listParam(ctx.query, 'regions');
        const include = listParam(ctx.query, 'include');
        const dcs = FAKE_DATA_CENTERS.filter((dc) => regions.length === 0 || regions.includes(dc.region));
        return json(200, { dataCenters: dcs.map((dc) => dataCenterView(state, dc, include)) });
      },
    },
    {
      method: 'GET',
      pattern: '/v2/catalog/datacenters/{id}',
      handle: (ctx) => {
        const dc = FAKE_DATA_CENTERS.find((d) => d.id === ctx.params.id);
        return dc
          ? json(200, dataCenterView(state, dc, listParam(ctx.query, 'include')))
          : problem(404, 'data center not found', { instance: ctx.path });
      },
    },
  ];
}
