import type { FakeResponse } from '@atlas/fake-kit';
import { FAKE_CPU_TYPES, FAKE_DATA_CENTERS, FAKE_GPU_TYPES } from './catalog-data.js';
import type { FakeState } from './fake-state.js';
import { json, NO_CONTENT, problem } from './http-io.js';
import { podLogs } from './pod-logs-route.js';
import type { NewPod, PodAction, PodChanges } from './pod-store.js';
import { CreatePodRequest, PodActionRequest, UpdatePodRequest } from './request-schemas.js';
import type { Route, RouteContext } from './router.js';

/** The detail the real API sends when a GPU cannot be placed (errors.md, third-party observation). */
export const NO_CAPACITY_DETAIL = 'There are no longer any instances available with the requested specifications.';

const DATA_CENTER_IDS = new Set(FAKE_DATA_CENTERS.map((dc) => dc.id));

type Body = Record<string, unknown>;

const asObject = (value: unknown): Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};

function notFound(ctx: RouteContext, what = 'pod'): FakeResponse {
  return problem(404, `${what} not found`, { instance: ctx.path });
}

/** Places a pod the way POST /v2/pods does: template defaults, then GPU, cloud and data center checks. */
function createPod(state: FakeState, ctx: RouteContext): FakeResponse {
  const body = asObject(ctx.body);
  const name = typeof body.name === 'string' ? body.name : '';
  if ((body.gpu === undefined) === (body.cpu === undefined)) {
    return problem(400, 'supply exactly one of gpu or cpu', { instance: ctx.path });
  }
  let template: Body = {};
  if (typeof body.templateId === 'string') {
    const found = state.templates.get(body.templateId);
    if (!found) return problem(404, `template ${body.templateId} not found`, { instance: ctx.path });
    template = found;
  }
  const cloud = body.cloud === 'COMMUNITY' ? 'COMMUNITY' : 'SECURE';
  const mounts = asObject(body.mounts ?? template.mounts);
  const networkMount = Array.isArray(mounts.network) ? asObject(mounts.network[0]) : undefined;
  let candidates = Array.isArray(body.dataCenterIds) ? (body.dataCenterIds as string[]) : [...DATA_CENTER_IDS];
  const unknownDc = candidates.find((dc) => !DATA_CENTER_IDS.has(dc));
  if (unknownDc !== undefined) return problem(400, `unknown data center ${unknownDc}`, { instance: ctx.path });
  if (networkMount) {
    const volume = state.networkVolumes.get(String(networkMount.volumeId));
    if (!volume)
      return problem(400, `network volume ${String(networkMount.volumeId)} not found`, { instance: ctx.path });
    // A network volume pins the pod to the volume's data center.
    candidates = candidates.filter((dc) => dc === volume.dataCenter);
  }

  const inStock = (id: string) => (dc: string) => {
    const level = state.stock.get(id)?.get(dc);
    return level !== undefined && level !== 'NONE';
  };
  let placed: Pick<NewPod, 'gpu' | 'cpu' | 'cost' | 'dataCenterId'>;
  if (body.gpu !== undefined) {
    const gpuBody = asObject(body.gpu);
    const count = typeof gpuBody.count === 'number' ? gpuBody.count : 1;
    const type = FAKE_GPU_TYPES.find((t) => t.id === gpuBody.id);
    if (!type) return problem(400, `unknown GPU type ${String(gpuBody.id)}`, { instance: ctx.path });
    const price = cloud === 'SECURE' ? type.secure : type.community;
    const maxCount = cloud === 'SECURE' ? type.maxCount.secure : type.maxCount.community;
    const dataCenterId = candidates.find(inStock(type.id));
    if (price <= 0 || count > maxCount || dataCenterId === undefined) {
      return problem(400, NO_CAPACITY_DETAIL, { instance: ctx.path });
    }
    placed = { gpu: { id: type.id, count }, cost: Math.round(price * count * 100) / 100, dataCenterId };
  } else {
    const cpuBody = asObject(body.cpu);
    const vcpuCount = Number(cpuBody.vcpuCount);
    const flavor = FAKE_CPU_TYPES.find((f) => f.id === cpuBody.id);
    if (!flavor) return problem(400, `unknown CPU flavor ${String(cpuBody.id)}`, { instance: ctx.path });
    // BaseCpuConfig: a power of two valid for the flavor. CreatePodRequest: no persistent mount.
    const powerOfTwo = (vcpuCount & (vcpuCount - 1)) === 0;
    if (!powerOfTwo || vcpuCount < flavor.vcpu.min || vcpuCount > flavor.vcpu.max) {
      return problem(400, `vcpuCount ${vcpuCount} is not valid for CPU flavor ${flavor.id}`, { instance: ctx.path });
    }
    if (asObject(body.mounts).persistent !== undefined) {
      return problem(400, 'CPU pods support container disk and network volumes only', { instance: ctx.path });
    }
    if (cloud !== 'SECURE') return problem(400, NO_CAPACITY_DETAIL, { instance: ctx.path });
    const dataCenterId = candidates.find(inStock(flavor.id));
    if (dataCenterId === undefined) return problem(400, NO_CAPACITY_DETAIL, { instance: ctx.path });
    placed = {
      cpu: { id: flavor.id, vcpuCount, memory: Math.floor(flavor.ramGbPerVcpu * vcpuCount) },
      cost: Math.round(flavor.securePerVcpu * vcpuCount * 10_000) / 10_000,
      dataCenterId,
    };
  }

  const pick = <T>(key: string, fallback: T): T => (body[key] ?? template[key] ?? fallback) as T;
  const id = state.pods.create({
    name,
    image: pick('image', ''),
    args: pick('args', ''),
    disk: pick('disk', 50),
    ports: pick<string[]>('ports', []),
    env: { ...asObject(template.env), ...asObject(body.env) } as Record<string, string>,
    registry: pick<string | null>('registry', null),
    // CPU pods do not inherit a template's persistent mount (the spec's templateId).
    mounts: placed.cpu ? Object.fromEntries(Object.entries(mounts).filter(([key]) => key !== 'persistent')) : mounts,
    cloud,
    template: typeof body.templateId === 'string' ? body.templateId : null,
    locked: false,
    globalNetworking: body.globalNetworking === true,
    ...placed,
  });
  return json(201, state.pods.view(id));
}

/** PATCH: only the fields present change; `templateId` becomes the pod's `template`. */
function updatePod(state: FakeState, ctx: RouteContext): FakeResponse {
  const id = ctx.params.id!;
  if (!state.pods.view(id)) return notFound(ctx);
  const { templateId, ...fields } = asObject(ctx.body);
  if (typeof templateId === 'string' && templateId !== '' && !state.templates.has(templateId)) {
    return problem(404, `template ${templateId} not found`, { instance: ctx.path });
  }
  const changes = {
    ...fields,
    ...(typeof templateId === 'string' ? { template: templateId === '' ? null : templateId } : {}),
  } as PodChanges;
  state.pods.update(id, changes);
  return json(200, state.pods.view(id));
}

function podAction(state: FakeState, ctx: RouteContext): FakeResponse {
  const id = ctx.params.id!;
  const action = asObject(ctx.body).action as PodAction;
  const before = state.pods.status(id);
  const result = state.pods.act(id, action);
  if (result === 'not_found') return notFound(ctx);
  if (result === 'conflict') {
    return problem(409, `action '${action}' is not valid for a pod in status ${before}`, { instance: ctx.path });
  }
  return action === 'terminate' ? NO_CONTENT : json(200, state.pods.view(id));
}

const actionOperation = (body: unknown) => {
  const action = asObject(body).action;
  return action === 'start' || action === 'stop' || action === 'terminate' ? action : undefined;
};

export function podRoutes(state: FakeState): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v2/pods',
      operation: 'listCompute',
      handle: () => json(200, { pods: state.pods.viewAll() }),
    },
    {
      method: 'POST',
      pattern: '/v2/pods',
      operation: 'spawnCompute',
      body: CreatePodRequest,
      handle: (ctx) => createPod(state, ctx),
    },
    {
      method: 'GET',
      pattern: '/v2/pods/{id}',
      operation: 'getCompute',
      handle: (ctx) => {
        const view = state.pods.view(ctx.params.id!);
        return view ? json(200, view) : notFound(ctx);
      },
    },
    { method: 'PATCH', pattern: '/v2/pods/{id}', body: UpdatePodRequest, handle: (ctx) => updatePod(state, ctx) },
    {
      method: 'DELETE',
      pattern: '/v2/pods/{id}',
      operation: 'terminate',
      handle: (ctx) => (state.pods.delete(ctx.params.id!) ? NO_CONTENT : notFound(ctx)),
    },
    {
      method: 'POST',
      pattern: '/v2/pods/{id}/action',
      operation: actionOperation,
      body: PodActionRequest,
      handle: (ctx) => podAction(state, ctx),
    },
    { method: 'GET', pattern: '/v2/pods/{id}/logs', handle: (ctx) => podLogs(state, ctx) },
  ];
}
