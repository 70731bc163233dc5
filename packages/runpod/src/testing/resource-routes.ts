import { FAKE_DATA_CENTERS } from './catalog-data.js';
import type { FakeState } from './fake-state.js';
import { json, NO_CONTENT, problem } from './http-io.js';
import { resourceId } from './ids.js';
import {
  CreateEndpointRequest,
  CreateNetworkVolumeRequest,
  CreateTemplateRequest,
  UpdateEndpointRequest,
} from './request-schemas.js';
import type { Route } from './router.js';

type Body = Record<string, unknown>;

/** list/get/delete over one map, wrapped the way REST v2 wraps lists (`{"templates":[...]}`). */
function crudRoutes(base: string, listKey: string, what: string, store: () => Map<string, Body>): Route[] {
  return [
    { method: 'GET', pattern: base, handle: () => json(200, { [listKey]: [...store().values()] }) },
    {
      method: 'GET',
      pattern: `${base}/{id}`,
      handle: (ctx) => {
        const item = store().get(ctx.params.id!);
        return item ? json(200, item) : problem(404, `${what} not found`, { instance: ctx.path });
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/{id}`,
      handle: (ctx) =>
        store().delete(ctx.params.id!) ? NO_CONTENT : problem(404, `${what} not found`, { instance: ctx.path }),
    },
  ];
}

export function resourceRoutes(state: FakeState): Route[] {
  return [
    ...crudRoutes('/v2/templates', 'templates', 'template', () => state.templates),
    {
      method: 'POST',
      pattern: '/v2/templates',
      body: CreateTemplateRequest,
      handle: (ctx) => {
        const body = ctx.body as Body;
        const template: Body = {
          id: resourceId(8),
          args: '',
          disk: 50,
          mounts: {},
          ports: [],
          env: {},
          registry: null,
          serverless: false,
          public: false,
          category: 'NVIDIA',
          startSsh: true,
          startJupyter: true,
          allowedCudaVersions: [],
          ...body,
        };
        state.templates.set(template.id as string, template);
        return json(201, template);
      },
    },
    ...crudRoutes('/v2/network-volumes', 'networkVolumes', 'network volume', () => state.networkVolumes),
    {
      method: 'POST',
      pattern: '/v2/network-volumes',
      body: CreateNetworkVolumeRequest,
      handle: (ctx) => {
        const body = ctx.body as Body;
        if (!FAKE_DATA_CENTERS.some((dc) => dc.id === body.dataCenter)) {
          return problem(400, `unknown data center ${String(body.dataCenter)}`, { instance: ctx.path });
        }
        const volume: Body = { id: resourceId(10), type: 'STANDARD', ...body };
        state.networkVolumes.set(volume.id as string, volume);
        return json(201, volume);
      },
    },
    ...crudRoutes('/v2/serverless', 'endpoints', 'endpoint', () => state.endpoints),
    {
      method: 'POST',
      pattern: '/v2/serverless',
      body: CreateEndpointRequest,
      handle: (ctx) => {
        const { templateId, ...body } = ctx.body as Body;
        // Endpoint has no templateId field; a template only supplies container defaults.
        const template = typeof templateId === 'string' ? state.templates.get(templateId) : undefined;
        if (typeof templateId === 'string' && !template)
          return problem(404, `template ${templateId} not found`, { instance: ctx.path });
        const defaults: Body = template
          ? {
              image: template.image,
              args: template.args,
              disk: template.disk,
              env: template.env,
              ports: template.ports,
            }
          : {};
        const endpoint = state.addEndpoint({ ...defaults, ...body, id: resourceId(14), name: String(body.name) });
        return json(201, endpoint);
      },
    },
    {
      method: 'PATCH',
      pattern: '/v2/serverless/{id}',
      body: UpdateEndpointRequest,
      handle: (ctx) => {
        const current = state.endpoints.get(ctx.params.id!);
        if (!current) return problem(404, 'endpoint not found', { instance: ctx.path });
        const { templateId: _ignored, ...changes } = ctx.body as Body;
        // PATCH semantics: omitted fields stay, and `workers` merges field by field.
        const workers = { ...(current.workers as Body), ...(changes.workers as Body | undefined) };
        return json(
          200,
          state.addEndpoint({
            ...current,
            ...changes,
            workers,
            id: current.id as string,
            name: String(changes.name ?? current.name),
          }),
        );
      },
    },
  ];
}
