import type { GpuType } from '@atlas/core';
import type { HttpClient } from '@atlas/core/provider';
import { ListCatalogGpusSchema } from './api/catalog.js';
import { RUNPOD_GPU_MAP } from './gpu-map.js';
import { toGpuType } from './translate/gpu-type.js';

/** `GET /v2/catalog/gpus?include=AVAILABILITY&product=POD`: list prices per cloud plus pod stock. */
export async function listGpuTypes(client: HttpClient): Promise<GpuType[]> {
  const { gpus } = await client.request({
    method: 'GET',
    path: 'catalog/gpus',
    query: { include: 'AVAILABILITY', product: 'POD' },
    schema: ListCatalogGpusSchema,
  });
  const observedAt = new Date().toISOString();
  return gpus.map((gpu) => toGpuType(gpu, RUNPOD_GPU_MAP, observedAt));
}
