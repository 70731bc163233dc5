import { type CallContext, scrubRaw } from '@atlas/core';
import { type CreateTemplateInput, ListTemplatesSchema, type RunPodTemplate, TemplateSchema } from '../api/templates.js';
import { guard } from '../guard.js';
import type { ClientFor } from './client-factory.js';

const path = (id: string) => `templates/${encodeURIComponent(id)}`;

/** Templates on REST v2 (`/v2/templates`). Returned objects have their env values scrubbed. */
export interface TemplatesApi {
  list(ctx?: CallContext): Promise<RunPodTemplate[]>;
  get(id: string, ctx?: CallContext): Promise<RunPodTemplate>;
  create(input: CreateTemplateInput, ctx?: CallContext): Promise<RunPodTemplate>;
  delete(id: string, ctx?: CallContext): Promise<void>;
}

export function templatesApi(clientFor: ClientFor): TemplatesApi {
  return {
    list: (ctx) =>
      guard(async () => {
        const { templates } = await clientFor(ctx).request({ method: 'GET', path: 'templates', schema: ListTemplatesSchema });
        return templates.map((t) => scrubRaw(t));
      }),
    get: (id, ctx) => guard(async () => scrubRaw(await clientFor(ctx).request({ method: 'GET', path: path(id), schema: TemplateSchema }))),
    create: (input, ctx) =>
      guard(async () => scrubRaw(await clientFor(ctx).request({ method: 'POST', path: 'templates', json: input, schema: TemplateSchema }))),
    delete: (id, ctx) =>
      guard(async () => {
        await clientFor(ctx).request({ method: 'DELETE', path: path(id), responseType: 'none' });
      }),
  };
}
