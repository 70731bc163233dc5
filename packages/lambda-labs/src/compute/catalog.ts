import type { GpuType, HttpClient } from '@atlas/core';
import { type InstanceTypesEntry, InstanceTypesSchema } from '../api/instance-types.js';
import { toGpuType } from '../translate/gpu-type.js';

export async function listInstanceTypes(client: HttpClient): Promise<Record<string, InstanceTypesEntry>> {
  return (await client.request({ method: 'GET', path: 'instance-types', schema: InstanceTypesSchema })).data;
}

/** `GET /instance-types`: every GPU instance type with its price and the regions that have capacity now. */
export async function listGpuTypes(client: HttpClient): Promise<GpuType[]> {
  const observedAt = new Date().toISOString();
  return Object.values(await listInstanceTypes(client)).flatMap((entry) => toGpuType(entry, observedAt) ?? []);
}
