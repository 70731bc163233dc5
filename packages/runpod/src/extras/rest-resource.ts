import type { CallContext } from '@atlas/core';
import { parseId, scrubRaw } from '@atlas/core/provider';
import * as v from 'valibot';
import { PROVIDER_ID } from '../settings.js';
import type { ClientFor } from './client-factory.js';

/** list, get, create, delete of one REST v2 collection; ctx last. defineProvider guards every call. */
export interface ResourceApi<Item, CreateInput> {
  list(ctx?: CallContext): Promise<Item[]>;
  get(id: string, ctx?: CallContext): Promise<Item>;
  create(input: CreateInput, ctx?: CallContext): Promise<Item>;
  delete(id: string, ctx?: CallContext): Promise<void>;
}

export interface ResourceSpec<Item> {
  /** Collection path under /v2/, e.g. `templates`. */
  readonly path: string;
  /** The list answer's wrapping key (`{ templates: [...] }`). */
  readonly listKey: string;
  readonly schema: v.GenericSchema<unknown, Item>;
}

/** `templates/{id}`, the id checked before any request as the boundary checks a compute id. */
const itemPath = (collection: string, id: string) =>
  `${collection}/${encodeURIComponent(parseId(id, 'id', PROVIDER_ID))}`;

/**
 * The shared shape of RunPod's collections. Items go through scrubRaw: endpoints and templates
 * carry env values, which Atlas never hands out.
 */
export function restResource<Item, CreateInput>(
  clientFor: ClientFor,
  spec: ResourceSpec<Item>,
): ResourceApi<Item, CreateInput> {
  const listSchema = v.looseObject({ [spec.listKey]: v.array(spec.schema) });
  const request = async (ctx: CallContext | undefined, method: 'GET' | 'POST', path: string, json?: unknown) =>
    scrubRaw(
      await clientFor(ctx).request({ method, path, schema: spec.schema, ...(json === undefined ? {} : { json }) }),
    );
  return {
    list: async (ctx) => {
      const answer = await clientFor(ctx).request({ method: 'GET', path: spec.path, schema: listSchema });
      return (answer[spec.listKey] as Item[]).map((item) => scrubRaw(item));
    },
    get: (id, ctx) => request(ctx, 'GET', itemPath(spec.path, id)),
    create: (input, ctx) => request(ctx, 'POST', spec.path, input),
    delete: async (id, ctx) => {
      await clientFor(ctx).request({ method: 'DELETE', path: itemPath(spec.path, id), responseType: 'none' });
    },
  };
}

/** `PATCH /v2/{path}/{id}`, for the collections that can be updated in place. */
export function patchResource<Item, UpdateInput>(clientFor: ClientFor, spec: ResourceSpec<Item>) {
  return async (id: string, input: UpdateInput, ctx?: CallContext): Promise<Item> =>
    scrubRaw(
      await clientFor(ctx).request({
        method: 'PATCH',
        path: itemPath(spec.path, id),
        json: input,
        schema: spec.schema,
      }),
    );
}
