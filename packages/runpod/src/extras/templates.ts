import { type CreateTemplateInput, type RunPodTemplate, TemplateSchema } from '../api/templates.js';
import type { ClientFor } from './client-factory.js';
import { type ResourceApi, restResource } from './rest-resource.js';

/** Templates on REST v2 (`/v2/templates`). Returned objects have their env values scrubbed. */
export type TemplatesApi = ResourceApi<RunPodTemplate, CreateTemplateInput>;

export function templatesApi(clientFor: ClientFor): TemplatesApi {
  return restResource(clientFor, { path: 'templates', listKey: 'templates', schema: TemplateSchema });
}
