import { AtlasError, type Compute, type ComputeFilter } from '@atlas/core';
import { matchesComputeFilter } from '@atlas/core/provider';
import {
  type Instance,
  ListInstancesResponseSchema,
  type ManageInstanceBody,
  ShowInstanceResponseSchema,
  SuccessResponseSchema,
} from '../api/instances.js';
import type { VastApi } from '../client.js';
import { refusedWithOk } from '../error-rules.js';
import { VAST_GPU_MAP } from '../gpu-map.js';
import { readTokenPages } from '../next-token-pages.js';
import { PROVIDER_ID } from '../settings.js';
import { instanceToCompute } from '../translate/instance.js';
import { decodeLabel } from '../translate/label.js';

/** The v1 list's page limit (the spec's maximum). */
const PAGE_SIZE = 25;
/** A cursor that outlasts this is a server bug. */
const MAX_PAGES = 10_000;

function notFound(id: string): AtlasError {
  return new AtlasError({
    kind: 'not_found',
    provider: PROVIDER_ID,
    message: `vast: no instance '${id}' (destroyed instances disappear from Vast entirely).`,
  });
}

/** Vast ids are integers: anything else cannot exist, and is never put in a URL. */
export function instanceId(id: string): string {
  if (!/^\d{1,18}$/.test(id)) throw notFound(id);
  return id;
}

export async function getInstance(api: VastApi, id: string): Promise<Instance> {
  const path = `api/v0/instances/${instanceId(id)}/`;
  let body: { instances: Instance | null };
  try {
    body = await api.request('show', { method: 'GET', path, schema: ShowInstanceResponseSchema });
  } catch (error) {
    if (error instanceof AtlasError && error.status === 404 && error.kind === 'not_found') throw notFound(id);
    throw error;
  }
  if (body.instances === null) throw notFound(id);
  return body.instances;
}

export async function getCompute(api: VastApi, id: string): Promise<Compute> {
  return instanceToCompute(await getInstance(api, id));
}

/** Filters the v1 list applies server-side (`select_filters`): only columns stored on the contract. */
export type InstanceFilters = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Every instance, page by page (`next_token`) to the end. */
export function listInstances(api: VastApi, filters?: InstanceFilters): Promise<Instance[]> {
  return readTokenPages('the instance list', MAX_PAGES, async (after) => {
    const body = await api.request('list', {
      method: 'GET',
      path: 'api/v1/instances/',
      query: {
        limit: PAGE_SIZE,
        order_by: JSON.stringify([{ col: 'id', dir: 'asc' }]),
        ...(filters === undefined ? {} : { select_filters: JSON.stringify(filters) }),
        ...(after === undefined ? {} : { after_token: after }),
      },
      schema: ListInstancesResponseSchema,
    });
    return { items: body.instances, next: body.next_token };
  });
}

/**
 * The v1 list read to the end, filtered here: a name lives in the label before the spawn marker,
 * which Vast's filters (`eq`, `in`, ...) cannot match, and statuses are derived. A label filter
 * still narrows the list when the exact label is known (see spawn's marker lookup).
 */
export async function listCompute(api: VastApi, filter: ComputeFilter = {}): Promise<Compute[]> {
  const instances = await listInstances(api);
  return instances
    .filter((instance) => {
      const { name } = decodeLabel(instance.label);
      if (filter.name !== undefined && name !== filter.name) return false;
      return filter.namePrefix === undefined || (name ?? '').startsWith(filter.namePrefix);
    })
    .map(instanceToCompute)
    .filter((compute) => matchesComputeFilter(compute, filter, VAST_GPU_MAP));
}

function checkSuccess(body: { success?: boolean | undefined }, what: string): void {
  if (body.success === false) throw refusedWithOk(body, what);
}

async function manage(api: VastApi, id: string, body: ManageInstanceBody, what: string): Promise<void> {
  const path = `api/v0/instances/${instanceId(id)}/`;
  try {
    checkSuccess(await api.request('manage', { method: 'PUT', path, json: body, schema: SuccessResponseSchema }), what);
  } catch (error) {
    if (error instanceof AtlasError && error.kind === 'not_found') throw notFound(id);
    throw error;
  }
}

/** Stops the container: the GPU is released, the disk is kept and still billed. */
export function stopInstance(api: VastApi, id: string): Promise<void> {
  return manage(api, id, { state: 'stopped' }, `stop ${id}`);
}

/** Asks for the container to run again; it waits ("scheduling") until the host's GPU is free. */
export function startInstance(api: VastApi, id: string): Promise<void> {
  return manage(api, id, { state: 'running' }, `start ${id}`);
}

export function labelInstance(api: VastApi, id: string, label: string): Promise<void> {
  return manage(api, id, { label }, `label ${id}`);
}

/** Destroys the instance: irreversible, its data is deleted, billing stops. */
export async function destroyInstance(api: VastApi, id: string): Promise<void> {
  const path = `api/v0/instances/${instanceId(id)}/`;
  try {
    checkSuccess(
      await api.request('destroy', { method: 'DELETE', path, schema: SuccessResponseSchema }),
      `destroy ${id}`,
    );
  } catch (error) {
    if (error instanceof AtlasError && error.kind === 'not_found') throw notFound(id);
    throw error;
  }
}

/** Restarts the container without giving up the GPU. */
export async function rebootInstance(api: VastApi, id: string): Promise<void> {
  const path = `api/v0/instances/reboot/${instanceId(id)}/`;
  try {
    checkSuccess(await api.request('reboot', { method: 'PUT', path, schema: SuccessResponseSchema }), `reboot ${id}`);
  } catch (error) {
    if (error instanceof AtlasError && error.kind === 'not_found') throw notFound(id);
    throw error;
  }
}
