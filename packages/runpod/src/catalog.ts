import type { CpuType, GpuType } from '@atlas/core';
import type { HttpClient } from '@atlas/core/provider';
import { type CatalogCpu, type CatalogGpu, ListCatalogCpusSchema, ListCatalogGpusSchema } from './api/catalog.js';
import { RUNPOD_GPU_MAP } from './gpu-map.js';
import { toCpuTypes } from './translate/cpu-type.js';
import { type CloudStock, toGpuType } from './translate/gpu-type.js';

/**
 * `GET /v2/catalog/gpus?include=AVAILABILITY&product=POD`, once per cloud type: the API computes
 * availability for one cloud per request (SECURE when `cloud` is omitted), and the two clouds stock
 * apart. List prices per cloud come with either answer.
 */
export async function listGpuTypes(client: HttpClient): Promise<GpuType[]> {
  const read = async (cloud: 'SECURE' | 'COMMUNITY') =>
    (
      await client.request({
        method: 'GET',
        path: 'catalog/gpus',
        query: { include: 'AVAILABILITY', product: 'POD', cloud },
        schema: ListCatalogGpusSchema,
      })
    ).gpus;
  const [secure, community] = await Promise.all([read('SECURE'), read('COMMUNITY')]);
  const observedAt = new Date().toISOString();
  const secureById = new Map(secure.map((gpu) => [gpu.id, gpu]));
  const communityById = new Map(community.map((gpu) => [gpu.id, gpu]));
  // Secure's order first, then what only the community answer lists.
  const entries = [...secure, ...community.filter((gpu) => !secureById.has(gpu.id))];
  return entries.map((entry) =>
    toGpuType(entry, RUNPOD_GPU_MAP, observedAt, {
      secure: stockIn(entry, 'secure', secureById.get(entry.id)),
      community: stockIn(entry, 'community', communityById.get(entry.id)),
    }),
  );
}

/** A cloud's answer for the type; absent from it, `NONE` if the type says that cloud lacks it, else unknown. */
function stockIn(entry: CatalogGpu, cloud: 'secure' | 'community', answer: CatalogGpu | undefined): CloudStock {
  if (answer !== undefined) return answer.availability;
  return entry[cloud] === false ? 'NONE' : undefined;
}

/** `GET /v2/catalog/cpus?include=AVAILABILITY&product=POD`: the CPU flavors, with their stock for pods. */
export async function readCpuCatalog(client: HttpClient): Promise<CatalogCpu[]> {
  const { cpus } = await client.request({
    method: 'GET',
    path: 'catalog/cpus',
    query: { include: 'AVAILABILITY', product: 'POD' },
    schema: ListCatalogCpusSchema,
  });
  return cpus;
}

/** Every size of every CPU flavor, priced (see toCpuTypes). */
export async function listCpuTypes(client: HttpClient): Promise<CpuType[]> {
  const flavors = await readCpuCatalog(client);
  const observedAt = new Date().toISOString();
  return flavors.flatMap((flavor) => toCpuTypes(flavor, observedAt));
}
