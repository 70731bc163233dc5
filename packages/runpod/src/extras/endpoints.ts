import type { CallContext } from '@atlas/core';
import {
  type CreateEndpointInput,
  EndpointSchema,
  type RunPodEndpoint,
  type UpdateEndpointInput,
} from '../api/endpoints.js';
import type { ClientFor } from './client-factory.js';
import { patchResource, type ResourceApi, restResource } from './rest-resource.js';

/** Serverless endpoints on REST v2 (`/v2/serverless`). Returned objects have their env values scrubbed. */
export interface EndpointsApi extends ResourceApi<RunPodEndpoint, CreateEndpointInput> {
  update(id: string, input: UpdateEndpointInput, ctx?: CallContext): Promise<RunPodEndpoint>;
}

const SPEC = { path: 'serverless', listKey: 'endpoints', schema: EndpointSchema };

export function endpointsApi(clientFor: ClientFor): EndpointsApi {
  return {
    ...restResource<RunPodEndpoint, CreateEndpointInput>(clientFor, SPEC),
    update: patchResource<RunPodEndpoint, UpdateEndpointInput>(clientFor, SPEC),
  };
}
