import { type CallContext, scrubRaw } from '@atlas/core';
import {
  type CreateEndpointInput,
  EndpointSchema,
  ListEndpointsSchema,
  type RunPodEndpoint,
  type UpdateEndpointInput,
} from '../api/endpoints.js';
import { guard } from '../guard.js';
import type { ClientFor } from './client-factory.js';

const path = (id: string) => `serverless/${encodeURIComponent(id)}`;

/** Serverless endpoints on REST v2 (`/v2/serverless`). Returned objects have their env values scrubbed. */
export interface EndpointsApi {
  list(ctx?: CallContext): Promise<RunPodEndpoint[]>;
  get(id: string, ctx?: CallContext): Promise<RunPodEndpoint>;
  create(input: CreateEndpointInput, ctx?: CallContext): Promise<RunPodEndpoint>;
  update(id: string, input: UpdateEndpointInput, ctx?: CallContext): Promise<RunPodEndpoint>;
  delete(id: string, ctx?: CallContext): Promise<void>;
}

export function endpointsApi(clientFor: ClientFor): EndpointsApi {
  return {
    list: (ctx) =>
      guard(async () => {
        const { endpoints } = await clientFor(ctx).request({ method: 'GET', path: 'serverless', schema: ListEndpointsSchema });
        return endpoints.map((e) => scrubRaw(e));
      }),
    get: (id, ctx) => guard(async () => scrubRaw(await clientFor(ctx).request({ method: 'GET', path: path(id), schema: EndpointSchema }))),
    create: (input, ctx) =>
      guard(async () => scrubRaw(await clientFor(ctx).request({ method: 'POST', path: 'serverless', json: input, schema: EndpointSchema }))),
    update: (id, input, ctx) =>
      guard(async () => scrubRaw(await clientFor(ctx).request({ method: 'PATCH', path: path(id), json: input, schema: EndpointSchema }))),
    delete: (id, ctx) =>
      guard(async () => {
        await clientFor(ctx).request({ method: 'DELETE', path: path(id), responseType: 'none' });
      }),
  };
}
