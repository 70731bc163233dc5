import type { HttpClient } from '@atlas/core/provider';
import { type DataCenter, ListDataCentersSchema } from '../api/catalog.js';

export interface DataCenterOptions {
  /** Adds each data center's GPU stock (`include=GPU_AVAILABILITY`). */
  readonly gpuAvailability?: boolean;
}

/** `GET /v2/catalog/datacenters`: the ids regionHints (dataCenterIds) accept. */
export async function listDataCenters(client: HttpClient, options: DataCenterOptions = {}): Promise<DataCenter[]> {
  const { dataCenters } = await client.request({
    method: 'GET',
    path: 'catalog/datacenters',
    query: { include: options.gpuAvailability ? 'GPU_AVAILABILITY' : undefined },
    schema: ListDataCentersSchema,
  });
  return dataCenters;
}
