import type { FakeResponse } from '@atlas/fake-kit';
import {
  type AvailabilityLevel,
  bestLevel,
  FAKE_CPU_TYPES,
  FAKE_DATA_CENTERS,
  FAKE_GPU_TYPES,
  type FakeCpuType,
  type FakeGpuType,
} from './catalog-data.js';
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
    const dataCenters = stockedIn(state, type.id);
    view.availability = bestLevel(dataCenters.map((dc) => dc.availability));
    view.dataCenters = dataCenters;
    view.cudaVersions = ['12.8', '12.6', '12.4', '11.8'].map((version) => ({ version, available: true }));
  }
  return view;
}

/** The data centers that stock a type or flavor, with their level (schema `DataCenterAvailability`). */
function stockedIn(state: FakeState, id: string): { id: string; name: string; availability: AvailabilityLevel }[] {
  const stock = state.stock.get(id) ?? new Map<string, AvailabilityLevel>();
  return FAKE_DATA_CENTERS.filter((dc) => stock.has(dc.id)).map((dc) => ({
    id: dc.id,
    name: dc.name,
    availability: stock.get(dc.id)!,
  }));
}

function cpuView(state: FakeState, flavor: FakeCpuType, query: URLSearchParams): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: flavor.id,
    name: flavor.name,
    group: flavor.group,
    vcpu: { ...flavor.vcpu },
    ramGbPerVcpu: flavor.ramGbPerVcpu,
    price: { securePerVcpu: flavor.securePerVcpu, serverlessPerVcpu: flavor.serverlessPerVcpu },
  };
  if (listParam(query, 'include').includes('AVAILABILITY')) {
    const dataCenters = stockedIn(state, flavor.id).filter((dc) => dc.availability !== 'NONE');
    view.availability = bestLevel(dataCenters.map((dc) => dc.availability));
    // Omitted entirely when the flavor is unavailable everywhere (the spec's words).
    if (dataCenters.length > 0) view.dataCenters = dataCenters;
  }
  return view;
}

/**
 * The spec's 400s for the catalog's availability parameters: `product` is required with
 * include=AVAILABILITY and valid only with it; `vcpuCount` is valid only with it, a power of two.
 */
function availabilityProblem(query: URLSearchParams, path: string): FakeResponse | undefined {
  const wantsAvailability = listParam(query, 'include').includes('AVAILABILITY');
  if (wantsAvailability !== query.has('product'))
    return problem(400, 'product is required with include=AVAILABILITY, and valid only with it', { instance: path });
  const vcpuCount = query.get('vcpuCount');
  if (vcpuCount !== null && (!wantsAvailability || !isPowerOfTwo(Number(vcpuCount))))
    return problem(400, 'vcpuCount must be a power of two, with include=AVAILABILITY', { instance: path });
  return undefined;
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;

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
  if (include.includes('CPU_AVAILABILITY')) {
    view.cpuAvailability = FAKE_CPU_TYPES.flatMap((flavor) => {
      const level = state.stock.get(flavor.id)?.get(dc.id);
      return level ? [{ id: flavor.id, name: flavor.name, availability: level }] : [];
    });
  }
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
      pattern: '/v2/catalog/cpus',
      handle: (ctx) =>
        availabilityProblem(ctx.query, ctx.path) ??
        json(200, { cpus: FAKE_CPU_TYPES.map((flavor) => cpuView(state, flavor, ctx.query)) }),
    },
    {
      method: 'GET',
      pattern: '/v2/catalog/cpus/{id}',
      handle: (ctx) => {
        const flavor = FAKE_CPU_TYPES.find((f) => f.id === ctx.params.id);
        if (!flavor) return problem(404, 'CPU type not found', { instance: ctx.path });
        return availabilityProblem(ctx.query, ctx.path) ?? json(200, cpuView(state, flavor, ctx.query));
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
